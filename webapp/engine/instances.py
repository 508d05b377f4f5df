"""Actions on process instances. These are steps: each needs the caller's open transaction, and
the caller must hold the instance lock (`lock`) before acting on an existing instance."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from SpiffWorkflow.exceptions import SpiffWorkflowException
from sqlalchemy import select
from sqlalchemy.orm import selectinload, undefer

from webapp.clock import now_utc
from webapp.db import session, skipping_locked
from webapp.engine import deadlines, definitions, expressions, inbox, migration, restart, runtime, timers
from webapp.engine.models import HumanTask, InstanceStatus, ProcessDefinition, ProcessInstance, TaskStatus
from webapp.engine.serializer import SERIALIZER_VERSION
from webapp.engine.types import CountedMoment, DeadlineBasis, DeadlineChange, Outcome, Warning
from webapp.errors import Conflict, NotFound, ProcessError, TaskNotReady
from webapp.i18n import N_, _, translate
from webapp.workdays import calendar


def script_engine(warnings: list[Warning], now: Callable[[], datetime] = now_utc) -> runtime.ExpressionEngine:
    """The expression engine with brandcert's functions; calendar gaps are reported in `warnings`.
    `now` is when working days are counted from (a rehearsal lets its own time pass)."""

    def working_days(count: Any) -> str:
        moment, basis = _count(DeadlineBasis(now(), timers.working_days_count(count)))
        if basis.assumed_years:
            years = ", ".join(map(str, basis.assumed_years))
            warnings.append((N_("No official holiday arrangement is entered for %(years)s; counted Monday-Friday."),
                             {"years": years}))
        return CountedMoment(moment, basis)

    return runtime.ExpressionEngine({**expressions.BASIC_FUNCTIONS, "working_days": working_days})


def _count(basis: DeadlineBasis) -> tuple[datetime, DeadlineBasis]:
    """Count a deadline's working days with the calendar as it is now."""
    result = calendar.add_working_days(basis.counted_from, basis.working_days)
    return result.moment, DeadlineBasis(basis.counted_from, basis.working_days, tuple(result.assumed_years))


def lock(instance_id: int) -> ProcessInstance:
    """Lock the instance row for the rest of the transaction (FOR UPDATE on PostgreSQL; on SQLite
    the command's BEGIN IMMEDIATE already serializes writers) and read it fresh, with its tasks."""
    instance = _locked(ProcessInstance.id == instance_id)
    if instance is None:
        raise NotFound(_("Process instance %(id)s does not exist.", id=instance_id))
    return instance


def lock_task(task_id: int) -> tuple[ProcessInstance, HumanTask]:
    """`lock` the case of a task, found by the task: two statements for a command's whole read."""
    instance = _locked(ProcessInstance.id == select(HumanTask.instance_id).where(HumanTask.id == task_id)
                       .scalar_subquery())
    task = next((t for t in instance.tasks if t.id == task_id), None) if instance is not None else None
    if instance is None or task is None:
        raise NotFound(_("Task %(id)s does not exist.", id=task_id))
    return instance, task


def _locked(condition: Any) -> ProcessInstance | None:
    return session.scalars(
        select(ProcessInstance).where(condition)
        .options(undefer(ProcessInstance.state), selectinload(ProcessInstance.tasks))
        .with_for_update(of=ProcessInstance).execution_options(populate_existing=True)
    ).first()


def waiting_tasks(instance: ProcessInstance) -> list[HumanTask]:
    """The case's READY tasks, oldest first, from the tasks loaded with it."""
    return [task for task in instance.tasks if task.status == TaskStatus.READY]


def start(definition: ProcessDefinition, *, subject_type: str, subject_id: int, title: str,
          base_region_code: str, owner_key: str | None, data: Mapping[str, Any]) -> tuple[ProcessInstance, Outcome]:
    warnings: list[Warning] = []
    with _engine_errors():
        workflow, outcome = runtime.start(definitions.spec_json(definition), data, script_engine(warnings))
    instance = ProcessInstance(
        definition_id=definition.id, process_key=definition.key, state="", serializer_version=SERIALIZER_VERSION,
        subject_type=subject_type, subject_id=subject_id, title=title, base_region_code=base_region_code,
        owner_key=owner_key, tasks=[],
    )
    session.add(instance)
    session.flush()
    _save(instance, workflow, outcome, warnings)
    return instance, outcome


def complete(instance: ProcessInstance, task: HumanTask, data: Mapping[str, Any], *, actor_id: int) -> Outcome:
    if task.status != TaskStatus.READY:
        raise TaskNotReady(task.id, task.status)
    warnings: list[Warning] = []
    workflow = _load(instance, warnings)
    spiff_task = runtime.ready_task(workflow, task.task_uuid)
    if spiff_task is None:
        raise TaskNotReady(task.id, task.status)
    with _engine_errors():
        outcome = runtime.complete(workflow, spiff_task, data)
    task.status = TaskStatus.DONE
    task.completed_at = now_utc()
    task.completed_by_id = actor_id
    task.submitted = dict(data)
    _save(instance, workflow, outcome, warnings)
    return outcome


def rewind(instance: ProcessInstance, task: HumanTask, data: Mapping[str, Any]) -> Outcome:
    """Step: take a locked, running case back to a completed human task, which arrives again in its
    inbox row with `data` (what it was completed with, to start from); every task after it is dropped
    from the inboxes and its timers stop. Whether the case may go back there is the caller's rule."""
    if task.status != TaskStatus.DONE or instance.status != InstanceStatus.RUNNING:
        raise Conflict(_("Task %(id)s is not a completed step of a running case.", id=task.id))
    warnings: list[Warning] = []
    workflow = _load(instance, warnings)
    try:
        with _engine_errors():
            outcome = runtime.rewind(workflow, task.task_uuid, data)
    except ValueError:
        raise Conflict(_("The case cannot go back to task %(id)s: the process no longer holds it.", id=task.id)) \
            from None
    _save(instance, workflow, outcome, warnings)
    return outcome


def cancel(instance: ProcessInstance, end_outcome: str) -> Outcome:
    """Step: end a locked, running case where it stands; its open tasks leave every inbox."""
    warnings: list[Warning] = []
    workflow = _load(instance, warnings)
    with _engine_errors():
        runtime.cancel(workflow)
    outcome = Outcome(finished=True, end_outcome=end_outcome)
    _save(instance, workflow, outcome, warnings)
    return outcome


def fire_timers(instance: ProcessInstance) -> Outcome:
    warnings: list[Warning] = []
    workflow = _load(instance, warnings)
    with _engine_errors():
        outcome = runtime.fire_timers(workflow)
    _save(instance, workflow, outcome, warnings)
    return outcome


def claim_due() -> ProcessInstance | None:
    """Lock one running instance whose next timer is due; other workers skip it (SKIP LOCKED)."""
    query = (
        select(ProcessInstance).options(undefer(ProcessInstance.state))
        .where(ProcessInstance.status == InstanceStatus.RUNNING, ProcessInstance.next_timer_at <= now_utc())
        .order_by(ProcessInstance.next_timer_at)
        .limit(1)
    )
    query = skipping_locked(query)
    return session.scalars(query).first()


def case_data(instance: ProcessInstance, task_uuid: str | None = None) -> dict[str, Any]:
    return runtime.case_data(_load(instance, []), task_uuid)


def migration_check(instance: ProcessInstance, definition: ProcessDefinition) -> migration.Eligibility:
    """May this case move to `definition` as it stands, and if not, why (reasons people can read)."""
    refused = _not_movable(instance, definition)
    return refused or migration.check(_load(instance, []), definitions.spec_json(definition))


def _not_movable(instance: ProcessInstance, definition: ProcessDefinition) -> migration.Eligibility | None:
    if instance.status != InstanceStatus.RUNNING:
        return migration.Eligibility([(N_("The case is finished."), {})])
    if definition.key != instance.process_key:
        return migration.Eligibility([(N_("The case runs another process (%(key)s)."), {"key": instance.process_key})])
    if definition.id == instance.definition_id:
        return migration.Eligibility([(N_("The case already runs version %(version)s."),
                                       {"version": definition.version})])
    return None


def migration_options(instance: ProcessInstance, definition: ProcessDefinition) -> restart.MoveOptions:
    """What moving this case to `definition` would do: as it stands, or to each equivalent step
    (webapp/engine/restart.py). Reads only: every trial runs on a copy."""
    refused = _not_movable(instance, definition)
    if refused is not None:
        return restart.MoveOptions(refused, waits_now=restart.places(_load(instance, [])))
    spec_json = definitions.spec_json(definition)
    return restart.options(lambda: _load(instance, []), spec_json, migration_check(instance, definition),
                           script_engine([]), lambda workflow: migration.migrate(workflow, spec_json, runtime.advance))


def waiting_at(instance: ProcessInstance) -> list[restart.Place]:
    return restart.places(_load(instance, []))


def migrate(instance: ProcessInstance, definition: ProcessDefinition, step: str | None = None) -> Outcome:
    """Step: move a locked case to `definition`, as it stands (it must be eligible) or, given
    `step`, to that equivalent step (its recorded decisions must lead there); its inbox follows."""
    found = migration_check(instance, definition) if step is None else _not_movable(instance, definition)
    if found is not None and not found.eligible:
        message, params = found.reasons[0]
        raise Conflict(translate(message, params))
    warnings: list[Warning] = []
    workflow = _load(instance, warnings)
    with _engine_errors():
        if step is None:
            outcome = migration.migrate(workflow, definitions.spec_json(definition), runtime.advance)
        else:
            try:
                workflow = restart.restart(workflow, definitions.spec_json(definition), script_engine(warnings), step)
            except ValueError:
                raise Conflict(_("Run again on version %(version)s with its recorded decisions, the case does not "
                                 "reach %(step)s; choose another step.", version=definition.version, step=step)) \
                    from None
            outcome = Outcome()
    instance.definition_id = definition.id
    _save(instance, workflow, outcome, warnings)
    rows = inbox.open_rows(instance)  # a waiting task the move kept takes the new version's wording
    for view in runtime.ready_human_tasks(workflow, known=rows.keys()):
        if (row := rows.get(view.uuid)) is not None:
            row.name, row.name_en, row.documentation = view.name, view.name_en, view.documentation
            row.properties = view.properties or None
    return outcome


def with_deadlines_in(year: int) -> list[int]:
    """Running instances that may hold a working-day deadline counted through `year`: an open task
    whose due date does, or a pending timer."""
    start, end = (datetime(y, 1, 1, tzinfo=calendar.CHINA) for y in (year, year + 1))
    tasks = select(HumanTask.instance_id).where(
        HumanTask.status == TaskStatus.READY, HumanTask.due_working_days.is_not(None),
        HumanTask.due_at > start, HumanTask.due_counted_from < end)
    timers = select(ProcessInstance.id).where(ProcessInstance.status == InstanceStatus.RUNNING,
                                              ProcessInstance.next_timer_at.is_not(None))
    return sorted(set(session.scalars(tasks)) | set(session.scalars(timers)))


def recount_deadlines(instance: ProcessInstance, year: int) -> list[DeadlineChange]:
    """Step: count again the due dates and timers of a locked instance that pass through `year`."""
    changes = []
    for task in session.scalars(select(HumanTask).where(
            HumanTask.instance_id == instance.id, HumanTask.status == TaskStatus.READY,
            HumanTask.due_working_days.is_not(None))):
        assert task.due_counted_from is not None and task.due_working_days is not None and task.due_at is not None
        basis = DeadlineBasis(task.due_counted_from, task.due_working_days)
        if not deadlines.spans_year(basis, task.due_at, year):
            continue
        moment, counted = _count(basis)
        task.due_assumed_years = inbox.years_text(counted.assumed_years)
        if moment != task.due_at:
            changes.append(DeadlineChange(task.bpmn_id, task.name, task.lane, task.due_at, moment, task.id))
            task.due_at = moment
    if instance.next_timer_at is not None:
        workflow = _load(instance, [])
        moved = deadlines.recount_timers(workflow, year, _count)
        if moved:
            instance.state = runtime.dump(workflow)
            instance.next_timer_at = runtime.next_timer_at(workflow)
            changes.extend(moved)
    session.flush()
    return changes


def load_for_reading(instance: ProcessInstance) -> Any:
    """The workflow of an instance, for reads that never save it back."""
    return _load(instance, [])


@contextmanager
def _engine_errors() -> Iterator[None]:
    """A diagram that cannot go on becomes a clear domain error; the transaction rolls back."""
    try:
        yield
    except (SpiffWorkflowException, expressions.ExpressionRefused) as error:
        detail = str(error)
        if isinstance(error.__context__, expressions.ExpressionRefused):  # what SpiffWorkflow's wrapper hides
            detail = f"{detail.rstrip('. ')}: {error.__context__}"
        raise ProcessError(_("The process could not continue: %(error)s; nothing was changed.",
                             error=detail)) from error


def _load(instance: ProcessInstance, warnings: list[Warning]) -> Any:
    definition = session.get(ProcessDefinition, instance.definition_id)
    assert definition is not None  # enforced by the foreign key
    return runtime.load(instance.state, definitions.spec_json(definition), instance.serializer_version,
                        script_engine(warnings))


def _save(instance: ProcessInstance, workflow: Any, outcome: Outcome, warnings: list[Warning]) -> None:
    now = now_utc()
    open_rows = inbox.open_rows(instance)
    with _engine_errors():  # a new task's assignee and due date are evaluated here
        views = runtime.ready_human_tasks(workflow, known=open_rows.keys())
    outcome.warnings.extend(warnings)
    instance.state = runtime.dump(workflow)
    instance.serializer_version = SERIALIZER_VERSION
    instance.next_timer_at = runtime.next_timer_at(workflow)
    instance.updated_at = now
    if outcome.finished:
        instance.status = InstanceStatus.COMPLETED
        instance.finished_at = now
        instance.end_outcome = outcome.end_outcome
    outcome.new_tasks.extend(inbox.rebuild(instance, open_rows, views, outcome))
