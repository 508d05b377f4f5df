"""The BPMN/DMN parser: SpiffWorkflow's CamundaParser plus what brandcert reads from a diagram.

Every element's Camunda attributes land in `task_spec.extensions`:
    {"properties": {name: value},        # camunda:properties, e.g. recognizes=true
     "candidate_groups": [role, ...],    # camunda:candidateGroups (user tasks)
     "assignee": expression | None,      # camunda:assignee, e.g. ${expert}
     "due_date": expression | None,      # camunda:dueDate, e.g. working_days(10) or "P10D"
     "form_key": key | None}             # camunda:formKey (user tasks and start events)
Multi-instance tasks may use the standard BPMN data input/output items (so each expert's review is
collected in a list) or Camunda's collection/elementVariable.
"""

from __future__ import annotations

from typing import Any, ClassVar

from SpiffWorkflow.bpmn.parser.event_parsers import EventDefinitionParser
from SpiffWorkflow.bpmn.parser.TaskParser import TaskParser
from SpiffWorkflow.bpmn.parser.util import full_tag
from SpiffWorkflow.bpmn.specs.defaults import (
    BoundaryEvent,
    EndEvent,
    IntermediateCatchEvent,
    IntermediateThrowEvent,
    NoneTask,
    StartEvent,
)
from SpiffWorkflow.bpmn.specs.event_definitions.timer import CycleTimerEventDefinition
from SpiffWorkflow.camunda.parser.CamundaParser import CamundaParser
from SpiffWorkflow.camunda.parser.event_parsers import (
    CamundaBoundaryEventParser,
    CamundaEndEventParser,
    CamundaIntermediateCatchEventParser,
    CamundaIntermediateThrowEventParser,
    CamundaStartEventParser,
)
from SpiffWorkflow.camunda.parser.task_spec import CAMUNDA_MODEL_NS, CamundaTaskParser, UserTaskParser
from SpiffWorkflow.camunda.specs.user_task import UserTask

from webapp.engine.quorum import QuorumParallelMultiInstanceTask, QuorumSequentialMultiInstanceTask
from webapp.engine.timers import CLOCKED


class _CamundaAttributes:
    """Mixin: read Camunda attributes and properties of any element into `extensions`."""

    node: Any

    def _camunda(self, name: str) -> str | None:
        return self.node.get(f"{{{CAMUNDA_MODEL_NS}}}{name}")

    def parse_extensions(self, node: Any = None) -> dict[str, Any]:
        properties = {
            p.get("name"): p.get("value")
            for p in self.xpath(  # type: ignore[attr-defined]
                "./bpmn:extensionElements/camunda:properties/camunda:property"
            )
        }
        groups = self._camunda("candidateGroups") or ""
        return {
            "properties": properties,
            "candidate_groups": [g.strip() for g in groups.split(",") if g.strip()],
            "assignee": _unwrap(self._camunda("assignee")),
            "due_date": _unwrap(self._camunda("dueDate")),
            "form_key": self._camunda("formKey"),
        }


class _ClockedTimers:
    """Mixin: build timer definitions that read the application clock."""

    def parse_timer_event(self, event: Any) -> Any:
        definition = EventDefinitionParser.parse_timer_event(self, event)  # type: ignore[arg-type]
        if isinstance(definition, CycleTimerEventDefinition):
            self.raise_validation_exception(  # type: ignore[attr-defined]
                "Cycle timers are not supported; yearly work is started by the scheduler"
            )
        clocked = CLOCKED[type(definition)]
        return clocked(definition.name, definition.expression, description=definition.description)


class BrandcertUserTaskParser(_CamundaAttributes, UserTaskParser):
    PARALLEL_MI_CLASS = QuorumParallelMultiInstanceTask  # a completion condition counts the finished (quorum.py)
    SEQUENTIAL_MI_CLASS = QuorumSequentialMultiInstanceTask

    def _add_multiinstance_task(self, loop_characteristics: Any) -> None:
        if self.xpath("./bpmn:multiInstanceLoopCharacteristics/bpmn:loopDataInputRef"):
            TaskParser._add_multiinstance_task(self, loop_characteristics)
        else:
            super()._add_multiinstance_task(loop_characteristics)


class BrandcertTaskParser(_CamundaAttributes, CamundaTaskParser):
    pass


class BrandcertStartEventParser(_CamundaAttributes, _ClockedTimers, CamundaStartEventParser):
    pass


class BrandcertEndEventParser(_CamundaAttributes, CamundaEndEventParser):
    pass


class BrandcertThrowEventParser(_CamundaAttributes, CamundaIntermediateThrowEventParser):
    """A none throw event marks a milestone, e.g. `recognizes=true` when a level recognizes."""


class BrandcertCatchEventParser(_CamundaAttributes, _ClockedTimers, CamundaIntermediateCatchEventParser):
    pass


class BrandcertBoundaryEventParser(_CamundaAttributes, _ClockedTimers, CamundaBoundaryEventParser):
    pass


class BrandcertParser(CamundaParser):
    OVERRIDE_PARSER_CLASSES: ClassVar[dict[str, tuple[Any, Any]]] = {
        **CamundaParser.OVERRIDE_PARSER_CLASSES,
        full_tag("userTask"): (BrandcertUserTaskParser, UserTask),
        full_tag("task"): (BrandcertTaskParser, NoneTask),
        full_tag("startEvent"): (BrandcertStartEventParser, StartEvent),
        full_tag("endEvent"): (BrandcertEndEventParser, EndEvent),
        full_tag("intermediateCatchEvent"): (BrandcertCatchEventParser, IntermediateCatchEvent),
        full_tag("intermediateThrowEvent"): (BrandcertThrowEventParser, IntermediateThrowEvent),
        full_tag("boundaryEvent"): (BrandcertBoundaryEventParser, BoundaryEvent),
    }


def _unwrap(expression: str | None) -> str | None:
    """Camunda writes expressions as `${...}`; brandcert takes either form."""
    if expression is None:
        return None
    text = expression.strip()
    if text.startswith("${") and text.endswith("}"):
        text = text[2:-1].strip()
    return text or None
