"""Serialization of workflow state, kept apart from the spec.

A process definition's spec is serialized once, at deploy; an instance row stores only its state
(tasks, data, subprocesses). `load` puts the two back together.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

from SpiffWorkflow.bpmn.serializer.config import (
    ParallelMultiInstanceTask as StandardParallelMI,
)
from SpiffWorkflow.bpmn.serializer.config import (
    SequentialMultiInstanceTask as StandardSequentialMI,
)
from SpiffWorkflow.bpmn.serializer.default.event_definition import TimerConditionalEventDefinitionConverter
from SpiffWorkflow.bpmn.serializer.default.task_spec import MultiInstanceTaskConverter
from SpiffWorkflow.bpmn.serializer.default.workflow import BpmnWorkflowConverter, WorkflowConverter
from SpiffWorkflow.bpmn.serializer.workflow import VERSION, BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.camunda.serializer.config import CAMUNDA_CONFIG

from webapp.engine.timers import ClockDurationTimer, ClockTimeDateTimer

SERIALIZER_VERSION = VERSION


class StateOnlyWorkflowConverter(BpmnWorkflowConverter):
    """Leaves the spec out of an instance's state; the definition row holds it."""

    def to_dict(self, workflow: BpmnWorkflow) -> dict[str, Any]:
        dct = WorkflowConverter.to_dict(self, workflow)
        dct["subprocesses"] = self.mapping_to_dict(workflow.subprocesses)
        dct["bpmn_events"] = self.registry.convert(workflow.bpmn_events)
        return dct


def _registry() -> Any:
    config = dict(CAMUNDA_CONFIG)
    config[StandardParallelMI] = MultiInstanceTaskConverter
    config[StandardSequentialMI] = MultiInstanceTaskConverter
    config[ClockTimeDateTimer] = TimerConditionalEventDefinitionConverter
    config[ClockDurationTimer] = TimerConditionalEventDefinitionConverter
    config[BpmnWorkflow] = StateOnlyWorkflowConverter
    registry = BpmnWorkflowSerializer.configure(config)
    registry.register(date, lambda v: {"value": v.isoformat()}, lambda v: date.fromisoformat(v["value"]))
    registry.register(Decimal, lambda v: {"value": str(v)}, lambda v: Decimal(v["value"]))
    return registry


_serializer = BpmnWorkflowSerializer(_registry())


def registry() -> Any:
    """The converter registry (SpiffWorkflow's diff helpers compare specs through it)."""
    return _serializer.registry


def spec_to_json(spec: Any, subprocess_specs: dict[str, Any]) -> str:
    return json.dumps(
        {
            "spec": _serializer.to_dict(spec),
            "subprocess_specs": {name: _serializer.to_dict(s) for name, s in subprocess_specs.items()},
        },
        ensure_ascii=False,
    )


def dump_state(workflow: BpmnWorkflow) -> str:
    return _serializer.serialize_json(workflow)


def load_state(state_json: str, spec_json: str, stored_version: str) -> BpmnWorkflow:
    """Rebuild a workflow; states written by an older serializer are migrated first."""
    dct = json.loads(state_json)
    dct.update(json.loads(spec_json))
    dct[BpmnWorkflowSerializer.VERSION_KEY] = stored_version
    _serializer.migrate(dct)
    return _serializer.from_dict(dct)


def new_workflow(spec_json: str) -> BpmnWorkflow:
    bundle = json.loads(spec_json)
    spec = _serializer.from_dict(bundle["spec"])
    subprocess_specs = {name: _serializer.from_dict(s) for name, s in bundle["subprocess_specs"].items()}
    return BpmnWorkflow(spec, subprocess_specs)
