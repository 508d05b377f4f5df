"""Counting a running case's working-day deadlines again after a year's holidays are entered.

A due date or timer counted over a year whose arrangement was unknown assumed Monday-Friday
(DESIGN.md §3). Each keeps its basis (from when, how many working days): the inbox row in its
`due_*` columns, a timer in its task's internal data. Recounting the same basis with the calendar
as it is now gives the deadline the case should have had.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.util.task import TaskState

from webapp.engine.runtime import effective_lane
from webapp.engine.timers import ClockTimeDateTimer, parse_moment
from webapp.engine.types import DeadlineBasis, DeadlineChange
from webapp.workdays.calendar import CHINA

Recount = Callable[[DeadlineBasis], tuple[datetime, DeadlineBasis]]


def spans_year(basis: DeadlineBasis, moment: datetime, year: int) -> bool:
    """Did counting from `basis.counted_from` up to `moment` (midnight after the last day) pass
    through a day of `year`?"""
    first = basis.counted_from.astimezone(CHINA).date()
    last = moment.astimezone(CHINA).date() - timedelta(days=1)
    return first <= date(year, 12, 31) and last >= date(year, 1, 1)


def recount_timers(workflow: BpmnWorkflow, year: int, recount: Recount) -> list[DeadlineChange]:
    """Move every waiting working-day timer whose count passes through `year`; returns the moves."""
    changes = []
    for task in workflow.get_tasks(state=TaskState.WAITING):
        definition = getattr(task.task_spec, "event_definition", None)
        stored = task._get_internal_data("event_basis")
        value = task._get_internal_data("event_value")
        if not isinstance(definition, ClockTimeDateTimer) or not stored or value is None:
            continue
        if task._get_internal_data("event_fired", False):
            continue
        basis, old = DeadlineBasis.from_json(stored), parse_moment(value)
        if not spans_year(basis, old, year):
            continue
        new, new_basis = recount(basis)
        task._set_internal_data(event_value=new.isoformat(), event_basis=new_basis.as_json())
        if new != old:
            spec = task.task_spec
            changes.append(DeadlineChange(bpmn_id=spec.bpmn_id or "", name=spec.bpmn_name or spec.bpmn_id or "",
                                          lane=effective_lane(task), old=old, new=new))
    return changes
