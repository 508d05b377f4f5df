"""Rehearsing a process version: one synthetic case run entirely in memory, with the decisions an
administrator chose, so that they see the path a new diagram would take before anyone is on it.

Nothing is stored: no instance, no inbox row, no audit event, and the spec is restored afresh (not
into the cache of deployed versions, which a draft must not fill). Time passes only here: each task
is taken to be finished on its due date and each timer fires at its moment, so the due dates shown
are those a case would meet if every step took all the time it is given.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from SpiffWorkflow.bpmn.specs.control import BoundaryEventSplit
from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition
from SpiffWorkflow.bpmn.specs.mixins.subworkflow_task import SubWorkflowTask
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.task import Task
from SpiffWorkflow.util.task import TaskState

from webapp.engine import migration, runtime
from webapp.engine.instances import _engine_errors, script_engine
from webapp.engine.paths import workflow_paths
from webapp.engine.timers import parse_moment
from webapp.engine.types import Outcome, TaskView, Warning
from webapp.errors import ProcessError

MAX_STEPS = 200
"""A loop in a diagram (return, revise, return...) is cut after this many steps."""
WAIT = "wait"
"""The choice for a task with a time limit on it (a notice period): nobody acts, the time runs out."""
DONE = "done"
"""The choice for a task whose form has no decision: it is filled in and sent."""

Options = Callable[[str | None], Sequence[str] | None]
"""A form key -> the values of its decision field; None when the form has none (or there is no form)."""
Fill = Callable[[str | None, str | None], dict[str, Any]]
"""A form key and the decision chosen -> the data the task is completed with (the rest made up)."""


@dataclass(frozen=True)
class DecisionPoint:
    """A human task of the process, with what may be chosen there. A task of a called process is
    one point per level calling it (the county's intake and the city's are chosen apart)."""

    key: str
    """What `choices` name it by: its BPMN id, or `level:id` for a task of a called process."""
    bpmn_id: str
    name: str
    process_id: str
    lane: str | None
    form_key: str | None
    options: tuple[str, ...]
    """The decision field's values (DONE when the form has none), then WAIT when a timer may end it."""
    timer: bool


@dataclass(frozen=True)
class RehearsalStep:
    bpmn_id: str
    name: str
    kind: str
    """`task` (a human task, taken `count` times at once: the members of a panel), or `timer`."""
    lane: str | None
    form_key: str | None
    decision: str | None
    arrived_at: datetime
    due_at: datetime | None = None
    working_days: int | None = None
    count: int = 1


@dataclass
class Rehearsal:
    steps: list[RehearsalStep] = field(default_factory=list)
    elements: list[str] = field(default_factory=list)
    """Every BPMN element the case passed through or waits at, in every process it ran."""
    transitions: list[tuple[str, str]] = field(default_factory=list)
    """(from, to) element pairs followed: the sequence flows between them were taken."""
    stopped: str = "finished"
    """finished | waiting (a decision is to be chosen at `waiting_at`) | cut (MAX_STEPS) | stuck
    (nothing more can happen) | error (the engine refused: `error`)."""
    waiting_at: TaskView | None = None
    end_outcome: str | None = None
    recognized_at: list[str] = field(default_factory=list)
    warnings: list[Warning] = field(default_factory=list)
    error: str | None = None


def decision_points(spec_json: str, options: Options) -> list[DecisionPoint]:
    """The human tasks of a process and the processes it calls, in diagram order, with their choices."""
    spec, subprocess_specs = migration.load_specs(spec_json)
    processes = [spec, *subprocess_specs.values()]
    points = []
    for process in processes:
        timed = _timed_tasks(process)
        callers = _calling_lanes(process.name, processes, set()) if process is not spec else [None]
        for task_spec in process.task_specs.values():
            if not task_spec.manual or isinstance(task_spec, SubWorkflowTask) or not task_spec.bpmn_id:
                continue
            form_key = (getattr(task_spec, "extensions", None) or {}).get("form_key")
            values = tuple(options(form_key) or ()) or (DONE,)
            timer = task_spec.name in timed
            for caller in ([None] if task_spec.lane else callers):
                points.append(DecisionPoint(
                    key=f"{caller}:{task_spec.bpmn_id}" if caller else task_spec.bpmn_id, bpmn_id=task_spec.bpmn_id,
                    name=task_spec.bpmn_name or task_spec.bpmn_id, process_id=process.name,
                    lane=task_spec.lane or caller, form_key=form_key, timer=timer,
                    options=(*values, WAIT) if timer else values))
    return points


def _calling_lanes(name: str, processes: list[Any], seen: set[str]) -> list[str | None]:
    """The lanes of the call activities that run process `name` (theirs, or those calling them)."""
    lanes: dict[str | None, None] = {}
    for process in processes:
        for task_spec in process.task_specs.values():
            if not isinstance(task_spec, SubWorkflowTask) or task_spec.spec != name or process.name in seen:
                continue
            found = [task_spec.lane] if task_spec.lane else _calling_lanes(process.name, processes, seen | {name})
            lanes.update(dict.fromkeys(found))
    return list(lanes) or [None]


def rehearse(spec_json: str, start_data: Mapping[str, Any], choices: Mapping[str, Sequence[str]], *,
             options: Options, fill: Fill, start: datetime, limit: int = MAX_STEPS) -> Rehearsal:
    """Run a synthetic case from `start`: at each task the next of its `choices` (a list per BPMN id,
    the last one repeated), or the task's default (the time limit runs out, a form without a decision
    is sent). Stops at the end, at a task with no choice where one is needed, or after `limit` steps."""
    result = Rehearsal()
    clock = _Clock(start)
    taken: dict[str, int] = {}
    seen: dict[str, tuple[TaskView, datetime]] = {}
    workflow: BpmnWorkflow | None = None
    rounds = 0
    try:
        with _engine_errors():
            spec, subprocess_specs = migration.load_specs(spec_json)
            workflow = BpmnWorkflow(spec, dict(subprocess_specs))
            workflow.script_engine = script_engine(result.warnings, clock.read)
            workflow.get_next_task(state=TaskState.READY).set_data(**dict(start_data))
            _record(result, _advanced(workflow))
            while not workflow.completed:
                rounds += 1
                if len(result.steps) >= limit or rounds > limit:  # each round takes a step, unless it cannot
                    result.stopped = "cut"
                    break
                if not _round(workflow, result, clock, seen, choices, taken, options, fill):
                    break
    except ProcessError as refused:
        result.stopped, result.error = "error", str(refused.message)
    if workflow is not None:
        _draw(result, workflow)
    return result


def _round(workflow: BpmnWorkflow, result: Rehearsal, clock: _Clock, seen: dict[str, tuple[TaskView, datetime]],
           choices: Mapping[str, Sequence[str]], taken: dict[str, int], options: Options, fill: Fill) -> bool:
    """One moment of the case: every task that can be acted on is, or else the next timer fires.
    False when nothing more happens."""
    for view in runtime.ready_human_tasks(workflow, known=seen.keys(), now=clock.now):
        seen.setdefault(view.uuid, (view, clock.now))
    ready = [seen[str(task.id)][0] for task in workflow.get_tasks(state=TaskState.READY, manual=True)]
    acting: dict[str, str] = {}
    keys: dict[str, str] = {}
    blocked: TaskView | None = None
    for view in ready:
        if view.bpmn_id in acting:
            continue  # another member of the same panel: the same choice
        key = f"{view.lane}:{view.bpmn_id}" if f"{view.lane}:{view.bpmn_id}" in choices else view.bpmn_id
        choice = _choice(choices.get(key, ()), taken.get(key, 0), options(view.form_key),
                         _has_timer(workflow, view.uuid))
        if choice is None:
            blocked = blocked or view
        elif choice != WAIT:
            acting[view.bpmn_id] = choice
            keys[view.bpmn_id] = key
    if acting:
        _complete(workflow, result, clock, [seen[v.uuid] for v in ready if v.bpmn_id in acting], acting, fill)
        for key in keys.values():
            taken[key] = taken.get(key, 0) + 1
        return True
    timers = _timers(workflow)
    if timers:
        _fire(workflow, result, clock, timers)
        return True
    result.stopped, result.waiting_at = ("waiting", blocked) if blocked else ("stuck", None)
    return False


def _choice(given: Sequence[str], used: int, values: Sequence[str] | None, timer: bool) -> str | None:
    """What is done at the task this time: the next choice given (the last one repeats), else its
    default; None when a decision is needed and none (or one the task does not offer) was given."""
    if isinstance(given, str):
        given = [given]
    choice = given[min(used, len(given) - 1)] if given else (WAIT if timer else (None if values else DONE))
    allowed = {*(values or (DONE,)), *((WAIT,) if timer else ())}
    return choice if choice in allowed else None


def _complete(workflow: BpmnWorkflow, result: Rehearsal, clock: _Clock, views: list[tuple[TaskView, datetime]],
              acting: dict[str, str], fill: Fill) -> None:
    """Each task is done at once; the case's time then moves to the latest of their due dates."""
    latest = clock.now
    done: dict[str, list[tuple[TaskView, datetime]]] = {}
    for view, arrived in views:
        task = runtime.ready_task(workflow, view.uuid)
        if task is None:
            continue  # ended by a step just taken (a panel that reached its quorum)
        choice = acting[view.bpmn_id]
        decision = None if choice == DONE else choice
        _record(result, runtime.complete(workflow, task, fill(view.form_key, decision)))
        done.setdefault(view.bpmn_id, []).append((view, arrived))
        latest = max(latest, view.due_at or latest)
    for bpmn_id, members in done.items():
        first, arrived = members[0]
        choice = acting[bpmn_id]
        result.steps.append(RehearsalStep(
            bpmn_id=bpmn_id, name=first.name, kind="task", lane=first.lane, form_key=first.form_key,
            decision=None if choice == DONE else choice, arrived_at=arrived, due_at=first.due_at,
            working_days=first.due_basis.working_days if first.due_basis else None, count=len(members)))
    clock.now = latest


def _fire(workflow: BpmnWorkflow, result: Rehearsal, clock: _Clock, timers: list[tuple[datetime, Task]]) -> None:
    """Let time pass to the next timer's moment; every timer due by then fires."""
    moment = min(at for at, _ in timers)
    clock.now = max(clock.now, moment)
    for at, task in timers:
        if at <= clock.now:
            task._set_internal_data(event_fired=True)
    outcome = runtime.fire_timers(workflow)
    _record(result, outcome)
    for step in outcome.timers_fired:
        result.steps.append(RehearsalStep(bpmn_id=step.bpmn_id, name=step.name, kind="timer", lane=step.lane,
                                          form_key=None, decision=None, arrived_at=clock.now))


def _timers(workflow: BpmnWorkflow) -> list[tuple[datetime, Task]]:
    """The timers waiting to fire, with their moments (counted by the rehearsal's clock)."""
    found = []
    for task in workflow.get_tasks(state=TaskState.WAITING):
        definition = getattr(task.task_spec, "event_definition", None)
        if not isinstance(definition, TimerEventDefinition):
            continue
        definition.has_fired(task)  # counts the moment, if not yet
        value = task._get_internal_data("event_value")
        if value is not None:
            found.append((parse_moment(value), task))
    return found


def _has_timer(workflow: BpmnWorkflow, uuid: str) -> bool:
    """Is a timer attached to this task (a boundary event that ends it when time runs out)?"""
    task = runtime.ready_task(workflow, uuid)
    parent = task.parent if task is not None else None
    if parent is None or not isinstance(parent.task_spec, BoundaryEventSplit):
        return False
    return any(isinstance(getattr(sibling.task_spec, "event_definition", None), TimerEventDefinition)
               for sibling in parent.children if sibling is not task)


def _timed_tasks(process: Any) -> set[str]:
    """The names of the task specs a boundary timer is attached to."""
    timed = set()
    for split in process.task_specs.values():
        if not isinstance(split, BoundaryEventSplit):
            continue
        outputs = list(split.outputs)
        if any(isinstance(getattr(spec, "event_definition", None), TimerEventDefinition) for spec in outputs):
            timed.update(spec.name for spec in outputs if spec.manual)
    return timed


def _advanced(workflow: BpmnWorkflow) -> Outcome:
    outcome = Outcome()
    runtime.advance(workflow, outcome)
    return outcome


def _record(result: Rehearsal, outcome: Outcome) -> None:
    result.recognized_at.extend(outcome.recognitions)
    if outcome.end_outcome:
        result.end_outcome = outcome.end_outcome


def _draw(result: Rehearsal, workflow: BpmnWorkflow) -> None:
    elements: dict[str, None] = {}
    transitions: dict[tuple[str, str], None] = {}
    for path in workflow_paths(workflow):
        elements.update(dict.fromkeys([*path.completed, *sorted(path.active)]))
        transitions.update(dict.fromkeys(sorted(path.transitions)))
    result.elements, result.transitions = list(elements), list(transitions)


class _Clock:
    """The rehearsal's own time: it moves on as tasks take their time and timers fire."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def read(self) -> datetime:
        return self.now
