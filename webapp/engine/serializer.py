"""Serialization of workflow state, kept apart from the spec.

A process definition's spec is serialized once, at deploy; an instance row stores only its state
(tasks, data, subprocesses). `load` puts the two back together.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

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

from webapp.engine.quorum import QUORUM_CLASSES
from webapp.engine.timers import ClockDurationTimer, ClockTimeDateTimer

SERIALIZER_VERSION = VERSION


_RESTORED_SPECS = "brandcert_restored_specs"


class StateOnlyWorkflowConverter(BpmnWorkflowConverter):
    """Leaves the spec out of an instance's state; the definition row holds it. On the way back it
    takes the spec objects already restored for that definition, when it is given them."""

    def to_dict(self, workflow: BpmnWorkflow) -> dict[str, Any]:
        dct = WorkflowConverter.to_dict(self, workflow)
        dct["subprocesses"] = self.mapping_to_dict(workflow.subprocesses)
        dct["bpmn_events"] = self.registry.convert(workflow.bpmn_events)
        return dct

    def from_dict(self, dct: dict[str, Any]) -> BpmnWorkflow:
        specs = dct.pop(_RESTORED_SPECS, None)
        if specs is None:
            return super().from_dict(dct)
        spec, subprocess_specs = specs
        workflow = self.target_class(spec, dict(subprocess_specs), deserializing=True)
        workflow.tasks = self.mapping_from_dict(dct["tasks"], UUID, workflow=workflow)
        workflow.task_tree = workflow.tasks.get(UUID(dct["root"]))
        self.set_default_attributes(workflow, dct)
        self.subprocesses_from_dict(dct["subprocesses"], workflow)
        workflow.bpmn_events = self.registry.restore(dct.pop("bpmn_events", []))
        return workflow


def _registry() -> Any:
    config = dict(CAMUNDA_CONFIG)
    config[StandardParallelMI] = MultiInstanceTaskConverter
    config[StandardSequentialMI] = MultiInstanceTaskConverter
    config[ClockTimeDateTimer] = TimerConditionalEventDefinitionConverter
    config[ClockDurationTimer] = TimerConditionalEventDefinitionConverter
    config[BpmnWorkflow] = StateOnlyWorkflowConverter
    registry = BpmnWorkflowSerializer.configure(config)
    for quorum_class, typename in QUORUM_CLASSES.items():  # after SpiffWorkflow's: loading restores these
        MultiInstanceTaskConverter(quorum_class, registry, typename=typename)
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
    if stored_version != SERIALIZER_VERSION:
        dct.update(json.loads(spec_json))
        dct[BpmnWorkflowSerializer.VERSION_KEY] = stored_version
        _serializer.migrate(dct)
        return _serializer.from_dict(dct)
    dct[_RESTORED_SPECS] = _restored(spec_json)
    return _serializer.from_dict(dct)


def new_workflow(spec_json: str) -> BpmnWorkflow:
    spec, subprocess_specs = _restored(spec_json)
    return BpmnWorkflow(spec, dict(subprocess_specs))


_restored_specs: dict[str, tuple[Any, dict[str, Any]]] = {}


def _restored(spec_json: str) -> tuple[Any, dict[str, Any]]:
    """The spec objects of a deployed version, restored once per process and shared by every
    workflow loaded from it: restoring them took half of each load, and SpiffWorkflow keeps all
    run-time state in the workflow and its tasks, never in the specs. A version never changes, so
    its JSON text is the key."""
    found = _restored_specs.get(spec_json)
    if found is None:
        bundle = json.loads(spec_json)
        found = (_serializer.from_dict(bundle["spec"]),
                 {name: _serializer.from_dict(s) for name, s in bundle["subprocess_specs"].items()})
        _restored_specs[spec_json] = found
    return found
