"""Running a workflow: pure functions over SpiffWorkflow objects, with no session and no Flask.

Every workflow that leaves this module's `start` or `load` carries the expression-only script
engine; a deserialized workflow would otherwise get SpiffWorkflow's default, which runs `eval`.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from copy import deepcopy
from datetime import datetime
from typing import Any
from uuid import UUID

from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine
from SpiffWorkflow.bpmn.script_engine.python_environment import BasePythonScriptEngineEnvironment
from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition
from SpiffWorkflow.bpmn.specs.mixins.events.event_types import CatchingEvent
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.task import Task
from SpiffWorkflow.util.task import TaskState

from webapp.clock import now_utc
from webapp.engine import expressions, serializer
from webapp.engine.timers import duration_end, parse_moment
from webapp.engine.types import CountedMoment, DeadlineBasis, Outcome, Step, TaskView

_TIMER_TYPES = {"ClockTimeDateTimer", "ClockDurationTimer"}


class ExpressionEnvironment(BasePythonScriptEngineEnvironment):
    def __init__(self, functions: Mapping[str, Callable[..., Any]]) -> None:
        super().__init__({})
        self.functions = dict(functions)

    def evaluate(self, expression: str, context: dict[str, Any], external_context: Any = None) -> Any:
        names = {**context, **(external_context or {})}
        return expressions.evaluate(expression, names, self.functions)

    def execute(self, script: str, context: dict[str, Any], external_context: Any = None) -> bool:
        raise expressions.ExpressionRefused("scripts are not allowed in brandcert diagrams")

    def call_service(self, context: dict[str, Any], **kwargs: Any) -> Any:
        raise expressions.ExpressionRefused("service tasks are not allowed in brandcert diagrams")


class ExpressionEngine(PythonScriptEngine):
    def __init__(self, functions: Mapping[str, Callable[..., Any]]) -> None:
        super().__init__(environment=ExpressionEnvironment(functions))

    def validate(self, expression: str) -> None:
        expressions.compile_expression(expression)


def start(spec_json: str, data: Mapping[str, Any], engine: ExpressionEngine) -> tuple[BpmnWorkflow, Outcome]:
    workflow = serializer.new_workflow(spec_json)
    workflow.script_engine = engine
    first = workflow.get_next_task(state=TaskState.READY)
    first.set_data(**dict(data))
    outcome = Outcome()
    advance(workflow, outcome)
    return workflow, outcome


def load(state_json: str, spec_json: str, version: str, engine: ExpressionEngine) -> BpmnWorkflow:
    workflow = serializer.load_state(state_json, spec_json, version)
    workflow.script_engine = engine
    return workflow


def dump(workflow: BpmnWorkflow) -> str:
    return serializer.dump_state(workflow)


def _task(workflow: BpmnWorkflow, uuid: str) -> Task | None:
    try:
        return workflow.get_task_from_id(UUID(uuid))
    except Exception:
        return None


def ready_task(workflow: BpmnWorkflow, uuid: str) -> Task | None:
    task = _task(workflow, uuid)
    if task is None or task.state != TaskState.READY or not task.task_spec.manual:
        return None
    return task


def complete(workflow: BpmnWorkflow, task: Task, data: Mapping[str, Any]) -> Outcome:
    """Complete a READY human task with (already validated) form data and run the engine on."""
    task.data.update(dict(data))
    task.run()
    outcome = Outcome(steps=[_step(task)])
    advance(workflow, outcome)
    return outcome


def rewind(workflow: BpmnWorkflow, uuid: str, data: Mapping[str, Any]) -> Outcome:
    """Make a completed human task READY again, as it arrived with `data` on top, dropping every task
    after it (SpiffWorkflow's reset: later call activities' subprocesses go, the one holding the task
    resumes); then run the engine, which stops at that task."""
    task = _task(workflow, uuid)
    if task is None or task.state != TaskState.COMPLETED or not task.task_spec.manual:
        raise ValueError(f"task {uuid} is not a completed human task of this case")
    workflow.reset_from_task_id(task.id, data={**deepcopy(task.parent.data), **dict(data)})
    # SpiffWorkflow 3.2 leaves a finished subprocess marked completed when a reset reopens it; it would
    # then hand its (not yet produced) outputs back at the next step. Reopen it and those above it.
    current: Task | None = task
    while current is not None:
        current.workflow.completed = False
        parent_id = current.workflow.parent_task_id
        current = workflow.get_task_from_id(parent_id) if parent_id is not None else None
    outcome = Outcome()
    advance(workflow, outcome)
    return outcome


def cancel(workflow: BpmnWorkflow) -> None:
    """End the whole case where it stands (the applicant withdrew it)."""
    workflow.cancel()


def fire_timers(workflow: BpmnWorkflow) -> Outcome:
    outcome = Outcome()
    workflow.refresh_timers()
    advance(workflow, outcome)
    return outcome


def advance(workflow: BpmnWorkflow, outcome: Outcome) -> None:
    """Run the engine as far as it goes, recording each step that completes into `outcome`."""
    def record(task: Task) -> None:
        step = _step(task)
        if not step.bpmn_id:
            return
        outcome.steps.append(step)
        if isinstance(task.task_spec, CatchingEvent) and isinstance(
            task.task_spec.event_definition, TimerEventDefinition
        ):
            outcome.timers_fired.append(step)
        if step.properties.get("outcome") and task.workflow is workflow:
            outcome.end_outcome = step.properties["outcome"]

    workflow.do_engine_steps(did_complete_task=record)
    outcome.finished = workflow.completed


def _step(task: Task) -> Step:
    spec = task.task_spec
    extensions = getattr(spec, "extensions", None) or {}
    return Step(
        uuid=str(task.id),
        bpmn_id=getattr(spec, "bpmn_id", None) or "",
        name=getattr(spec, "bpmn_name", None) or getattr(spec, "bpmn_id", None) or spec.name,
        kind=type(spec).__name__,
        lane=effective_lane(task),
        properties=dict(extensions.get("properties") or {}),
    )


def effective_lane(task: Task) -> str | None:
    """The task's lane, or that of the call activity that started its (sub)process."""
    current: Task | None = task
    while current is not None:
        if current.task_spec.lane:
            return str(current.task_spec.lane)
        workflow = current.workflow
        if workflow is workflow.top_workflow:
            return None
        current = workflow.top_workflow.get_task_from_id(workflow.parent_task_id)
    return None


def ready_human_tasks(workflow: BpmnWorkflow, known: Collection[str] = (),
                      now: datetime | None = None) -> list[TaskView]:
    """The READY human tasks; assignee and due date are evaluated only for those not `known` to the
    inbox yet, since a deadline is counted once, when its task arrives (`now`, unless a rehearsal says)."""
    views = []
    for task in workflow.get_tasks(state=TaskState.READY, manual=True):
        spec = task.task_spec
        extensions = getattr(spec, "extensions", None) or {}
        new = str(task.id) not in known
        due_at, due_basis = _due(workflow, task, extensions.get("due_date"), now) if new else (None, None)
        views.append(
            TaskView(
                uuid=str(task.id),
                bpmn_id=spec.bpmn_id,
                name=spec.bpmn_name or spec.bpmn_id,
                name_en=(extensions.get("properties") or {}).get("name_en"),
                lane=effective_lane(task),
                candidate_groups=tuple(extensions.get("candidate_groups") or ()),
                form_key=extensions.get("form_key"),
                documentation=getattr(spec, "documentation", None),
                assignee=_evaluate(workflow, task, extensions.get("assignee")) if new else None,
                due_at=due_at,
                due_basis=due_basis,
                properties={str(k): str(v) for k, v in (extensions.get("properties") or {}).items()},
            )
        )
    return views


def _evaluate(workflow: BpmnWorkflow, task: Task, expression: str | None) -> Any:
    if not expression:
        return None
    return workflow.script_engine.evaluate(task, expression)


def _due(workflow: BpmnWorkflow, task: Task, expression: str | None,
         now: datetime | None = None) -> tuple[datetime | None, DeadlineBasis | None]:
    value = _evaluate(workflow, task, expression)
    if value is None:
        return None, None
    text = str(value)
    if text.upper().startswith("P"):
        return duration_end(text, now or now_utc()), None
    return parse_moment(value), value.basis if isinstance(value, CountedMoment) else None


def next_timer_at(workflow: BpmnWorkflow) -> datetime | None:
    moments = [
        parse_moment(event.value)
        for event in workflow.waiting_events()
        if event.event_type in _TIMER_TYPES and event.value is not None
    ]
    return min(moments, default=None)


def case_data(workflow: BpmnWorkflow, uuid: str | None = None) -> dict[str, Any]:
    """The data a task sees (its own, not a parallel sibling's), or else the latest task's."""
    task = _task(workflow, uuid) if uuid is not None else None
    task = task or workflow.last_task
    return dict(task.data) if task is not None else dict(workflow.data)
