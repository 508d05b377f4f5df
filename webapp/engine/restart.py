"""Moving a case to an *equivalent step* of another version: the case is run again on that version
from its start, each human task completed with what the case recorded there, until it reaches the
step the administrator chose. Pure: workflows and specs in, a new workflow out.

Why a run again, not SpiffWorkflow's `migrate_workflow` and a reset: when the case waits at a step
the target version does not have (a township review, moved back to version 1), or has passed steps
whose flows changed, there is no task of the old tree to reset to that the target version would
route the same way. Running the target version with the case's own decisions gives a tree that is
consistent with it by construction, and it goes only where the case's decisions lead: a step the
case never reached stays out of reach.

What carries over: the data the case started with; for each human task, in order, the data of its
recorded completion (the n-th time the run arrives at a task, in the same called process, it takes
the n-th completion), and the completed task keeps its uuid, so its inbox row, its audit events and
a later return to it still match; a time limit the case let pass (a notice period) passes again. A
completion the run never meets (a township review moved back to a version without one) stays in the
inbox and the audit trail as history. The waiting tasks arrive fresh (new due dates).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from copy import deepcopy
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition
from SpiffWorkflow.bpmn.specs.mixins.events.event_types import CatchingEvent
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.task import Task
from SpiffWorkflow.util.task import TaskState

from webapp.engine import runtime, serializer
from webapp.engine.migration import Eligibility, renumber
from webapp.engine.spec_changes import element_name
from webapp.i18n import N_

MAX_STEPS = 1000
"""A run again completes at most this many tasks (a case returned and revised many times)."""

Key = tuple[str, ...]
"""A task's spec name under the spec names of the call activities that hold it."""


@dataclass(frozen=True)
class Place:
    """Where a case waits: a human task, and the element of the main process that holds it (the
    task itself, or the call activity whose called process it is in)."""

    step: str
    step_name: str
    task: str
    task_name: str
    lane: str | None

    @property
    def label(self) -> str:
        return self.step_name if self.step == self.task else f"{self.step_name} › {self.task_name}"


@dataclass(frozen=True)
class StepOption:
    """An equivalent step the case can be moved to, and where it would then wait."""

    step: str
    name: str
    places: tuple[Place, ...]


@dataclass
class MoveOptions:
    """What moving a case to a version would do."""

    eligibility: Eligibility
    """Whether it may move as it stands, and if not why."""
    waits_now: list[Place] = field(default_factory=list)
    waits_after: list[Place] = field(default_factory=list)
    """Where it would wait after moving as it stands (empty when it may not)."""
    steps: list[StepOption] = field(default_factory=list)
    """The steps of the target version its recorded decisions lead to, in the order reached."""
    suggested: str | None = None
    """The step it would move to if moved to an equivalent step: where the run again stops."""
    step_problem: tuple[str, dict[str, Any]] | None = None
    """Why it cannot be moved to any step (a message id and its parameters)."""

    @property
    def movable(self) -> bool:
        return self.eligibility.eligible or bool(self.steps)


@dataclass
class Replay:
    workflow: BpmnWorkflow
    arrivals: list[tuple[str, Place]] = field(default_factory=list)
    """Each arrival at an element of the main process, with the first place it waited there."""
    stopped: bool = False


def places(workflow: BpmnWorkflow) -> list[Place]:
    """The human tasks the case waits at."""
    return [place_of(task) for task in workflow.get_tasks(state=TaskState.READY, manual=True)]


def options(load: Callable[[], BpmnWorkflow], spec_json: str, eligibility: Eligibility, engine: Any,
            migrate: Callable[[BpmnWorkflow], Any]) -> MoveOptions:
    """Everything a preview shows. `load` gives a fresh copy of the case's workflow (each trial
    changes it), `migrate` moves one as it stands."""
    found = MoveOptions(eligibility, waits_now=places(load()))
    if eligibility.eligible:
        try:
            moved = load()
            migrate(moved)
            found.waits_after = places(moved)
        except Exception as error:  # the move itself would fail: it is refused with the reason
            found.eligibility = Eligibility([(N_("Moved as it stands, the case stops: %(error)s"),
                                              {"error": str(error)})])
    try:
        run = replay(load(), spec_json, engine)
    except Exception as error:  # the target version cannot run this case's data: say why, move nothing
        found.step_problem = (N_("Run again on the chosen version, the case stops: %(error)s"), {"error": str(error)})
        return found
    last: dict[str, StepOption] = {}
    for step, place in run.arrivals:
        last[step] = StepOption(step, place.step_name, ())
    final = places(run.workflow)
    for step in last:
        arrived = [p for s, p in run.arrivals if s == step][-1:]
        at_end = tuple(p for p in final if p.step == step)
        last[step] = StepOption(step, last[step].name, at_end or tuple(arrived))
    found.steps = list(last.values())
    found.suggested = final[0].step if final else None
    if not found.steps:
        found.step_problem = (N_("Run again on the chosen version with its recorded decisions, the case reaches "
                                 "no step where someone acts."), {})
    return found


def restart(old: BpmnWorkflow, spec_json: str, engine: Any, step: str) -> BpmnWorkflow:
    """The case run again on `spec_json` up to the last arrival at `step`; ValueError when its
    recorded decisions never lead there."""
    trial = replay(old, spec_json, engine)
    times = sum(1 for arrived, _place in trial.arrivals if arrived == step)
    if not times:
        raise ValueError(step)
    run = replay(old, spec_json, engine, stop=(step, times))
    if not run.stopped:
        raise ValueError(step)
    return run.workflow


def replay(old: BpmnWorkflow, spec_json: str, engine: Any, stop: tuple[str, int] | None = None) -> Replay:
    """Run `old`'s case again on `spec_json` as far as its recorded decisions go, or until the
    `stop[1]`-th arrival at the main-process element `stop[0]`."""
    workflow = serializer.new_workflow(spec_json)
    workflow.script_engine = engine
    recorded = _recorded(old)
    first = workflow.get_next_task(state=TaskState.READY)
    started = next(iter(old.get_tasks(spec_name=first.task_spec.name, skip_subprocesses=True)), None)
    first.set_data(**deepcopy(started.data if started is not None else old.data))
    workflow.do_engine_steps()
    run = Replay(workflow)
    seen: dict[UUID, int] = {}
    counts: dict[str, int] = defaultdict(int)
    for _ in range(MAX_STEPS):
        ready = workflow.get_tasks(state=TaskState.READY, manual=True)
        for task in ready:
            top = _top(task)
            if top.id not in seen:
                counts[_id(top)] += 1
                seen[top.id] = counts[_id(top)]
                run.arrivals.append((_id(top), place_of(task)))
        if stop is not None and any(_id(_top(t)) == stop[0] and seen[_top(t).id] == stop[1] for t in ready):
            run.stopped = True
            return run
        task = next((t for t in ready if recorded.get(_key(t))), None)
        if task is not None:
            done = recorded[_key(task)].pop(0)
            renumber(task, done.id)  # its inbox row and audit events stay the task's own
            task.data.update(deepcopy(done.data))
            task.run()
        elif not _let_time_pass(workflow, recorded):
            break
        workflow.do_engine_steps()
    return run


def place_of(task: Task) -> Place:
    top = _top(task)
    return Place(_id(top), element_name(top.task_spec), _id(task), element_name(task.task_spec),
                 runtime.effective_lane(task))


def _recorded(old: BpmnWorkflow) -> dict[Key, list[Task]]:
    """The human tasks the case completed and the time limits it let pass, by key, oldest first.
    (Filtered after walking every task: asked for completed ones, SpiffWorkflow stops below a
    task that is not.)"""
    found: dict[Key, list[Task]] = defaultdict(list)
    done = [t for t in old.get_tasks() if t.state == TaskState.COMPLETED and (t.task_spec.manual or _timer(t))]
    for task in sorted(done, key=lambda t: t.last_state_change or 0):
        found[_key(task)].append(task)
    return found


def _let_time_pass(workflow: BpmnWorkflow, recorded: dict[Key, list[Task]]) -> bool:
    """Fire the waiting time limits the case let pass (its notice period ended); True if any."""
    fired = False
    for task in workflow.get_tasks(state=TaskState.WAITING):
        if _timer(task) and recorded.get(_key(task)):
            recorded[_key(task)].pop(0)
            task._set_internal_data(event_fired=True)
            task.task_spec._update(task)
            fired = True
    return fired


def _timer(task: Task) -> bool:
    return isinstance(task.task_spec, CatchingEvent) and isinstance(task.task_spec.event_definition,
                                                                    TimerEventDefinition)


def _top(task: Task) -> Task:
    """The task of the main process that holds `task` (itself, or the call activity above it)."""
    current = task
    while current.workflow is not current.workflow.top_workflow:
        current = current.workflow.top_workflow.get_task_from_id(current.workflow.parent_task_id)
    return current


def _key(task: Task) -> Key:
    parts = [task.task_spec.name]
    current = task
    while current.workflow is not current.workflow.top_workflow:
        current = current.workflow.top_workflow.get_task_from_id(current.workflow.parent_task_id)
        parts.append(current.task_spec.name)
    return tuple(reversed(parts))


def _id(task: Task) -> str:
    return str(getattr(task.task_spec, "bpmn_id", None) or task.task_spec.name)

