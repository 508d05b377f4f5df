"""When a task's reminders fall due, and whom its escalation reaches: both are the process's choice.

The moments count Chinese working days from the task's due date (`camunda:dueDate`, counted into
`HumanTask.due_at`) by the periods an administrator sets on the user task in the editor:

- `remindBefore` (default 2): the due-soon reminder comes when that many working days remain;
- the overdue notice comes at the due date itself;
- `escalateAfter` (default 3): the escalation comes once the task is that many working days overdue.

They are counted again from the task's current due date every time they are read, so a due date that
moves (next year's holidays entered) moves its reminders. A year whose holidays are not entered yet
counts Monday-Friday (webapp.workdays.calendar); nothing fails for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from webapp import engine
from webapp.db import session
from webapp.regions import queries as regions
from webapp.workdays import calendar

DEFAULT_REMIND_BEFORE = 2
DEFAULT_ESCALATE_AFTER = 3


@dataclass(frozen=True)
class Moments:
    due_soon: datetime
    overdue: datetime
    escalate: datetime
    escalate_after: int
    """Working days overdue at `escalate`, as the escalation message says."""

    def of_stage(self, stage: int) -> datetime | None:
        """When the stage after `stage` falls due (see TaskNotice.stage); None after the escalation."""
        return (self.due_soon, self.overdue, self.escalate, None)[min(stage, 3)]


def period(task: engine.HumanTask, name: str, default: int) -> int:
    """A period property of the task; the default when it is missing or not a small whole number
    (deployment refuses those, but a version deployed before the check may hold one)."""
    value = (task.properties or {}).get(name)
    counted = engine.period_days(value) if value is not None else None
    return default if counted is None else counted


def moments(task: engine.HumanTask) -> Moments | None:
    """The task's reminder moments from its current due date; None for a task without one."""
    if task.due_at is None:
        return None
    due = task.due_at
    escalate_after = period(task, engine.ESCALATE_AFTER, DEFAULT_ESCALATE_AFTER)
    soon = calendar.working_days_before(due, period(task, engine.REMIND_BEFORE, DEFAULT_REMIND_BEFORE)).moment
    # Counted from the due date's last day, so a deadline at midnight after Thursday is one working day
    # overdue at the end of Friday.
    escalate = calendar.add_working_days(due - timedelta(microseconds=1), escalate_after).moment
    return Moments(due_soon=soon, overdue=due, escalate=max(escalate, due), escalate_after=escalate_after)


@dataclass(frozen=True)
class Supervisor:
    region_code: str
    waiting: bool
    """True when the task is the creation unit's: the region is the level waiting for it, not one above."""


def supervisor(task: engine.HumanTask, instance: engine.ProcessInstance) -> Supervisor | None:
    """Whose officials an overdue task is escalated to (None: nobody above it, e.g. the national level).

    A level's task: the nearest region above the task's region whose level the process's diagram has a
    lane for (so a `township` lane an administrator added is honoured, and a village's task skips the
    township when the diagram does not review there); when the diagram has no lane above the task's
    (a county's spot check, the province's appeal review), the region directly above it.

    The creation unit's task (a revision, an appeal, a rectification report): the level waiting for it,
    the region of the reviewer whose task handed the case to the unit. No level supervises a unit.
    """
    if task.region_code is None:
        handed = session.scalars(select(engine.HumanTask).where(
            engine.HumanTask.instance_id == task.instance_id, engine.HumanTask.region_code.is_not(None),
            engine.HumanTask.status == engine.TaskStatus.DONE, engine.HumanTask.id < task.id)
            .order_by(engine.HumanTask.id.desc()).limit(1)).first()
        return Supervisor(handed.region_code, waiting=True) if handed and handed.region_code else None
    above = regions.ancestors(task.region_code)[:-1]
    if not above:
        return None
    lanes = engine.lanes_of(instance.definition_id)
    chosen = next((region for region in reversed(above) if region.level in lanes), above[-1])
    return Supervisor(chosen.code, waiting=False)
