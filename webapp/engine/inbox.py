"""Keeping the `human_task` inbox in step with the workflow after every save.

Each READY human task gets a row stamped with its jurisdiction: the region at its lane's level on
the path of the case's base region (DESIGN.md §4), or, for the applicant's own tasks, the case's
owner. A task whose lane names no level on that path is stamped with neither, so nobody can act
on it, and the action reports a warning instead of guessing.
"""

from __future__ import annotations

from datetime import datetime

from webapp.auth.roles import APPLICANT
from webapp.clock import now_utc
from webapp.db import session
from webapp.engine.models import HumanTask, ProcessInstance, TaskStatus
from webapp.engine.types import Outcome, TaskView
from webapp.i18n import N_
from webapp.regions import queries as regions


def open_rows(instance: ProcessInstance) -> dict[str, HumanTask]:
    """The instance's READY inbox rows by task uuid."""
    return {row.task_uuid: row for row in instance.tasks if row.status == TaskStatus.READY}


def rebuild(instance: ProcessInstance, open_rows: dict[str, HumanTask], views: list[TaskView],
            outcome: Outcome) -> list[HumanTask]:
    """Insert rows for new READY tasks, cancel rows whose task is no longer READY; return new rows."""
    ready = {view.uuid for view in views}
    for uuid, row in open_rows.items():
        if uuid not in ready:
            row.status = TaskStatus.CANCELLED
    created = []
    for view in views:
        if view.uuid in open_rows:
            continue
        row = _row(instance, view, outcome)
        earlier = next((task for task in instance.tasks if task.task_uuid == view.uuid), None)
        if earlier is not None:  # a completed task the case went back to (withdrawn, or returned to)
            row = _reopen(earlier, row)
        else:
            instance.tasks.append(row)
        created.append(row)
    session.flush()
    return created


def _reopen(earlier: HumanTask, fresh: HumanTask) -> HumanTask:
    """The row of a task that arrives again takes the fresh stamp, due date and assignee; what it was
    completed with stays in `submitted` (the audit trail keeps every completion)."""
    for column in ("region_code", "owner_key", "assignee_id", "assigned_by_process", "due_at",
                   "due_counted_from", "due_working_days", "due_assumed_years", "properties"):
        setattr(earlier, column, getattr(fresh, column))
    earlier.status, earlier.created_at = TaskStatus.READY, now_utc()
    earlier.claimed_at = earlier.completed_at = earlier.completed_by_id = None
    earlier.delegated_by_id = earlier.delegation_state = earlier.draft = None
    return earlier


def _row(instance: ProcessInstance, view: TaskView, outcome: Outcome) -> HumanTask:
    group = view.candidate_groups[0] if view.candidate_groups else ""
    region_code, owner_key = None, None
    if group == APPLICANT:
        owner_key = instance.owner_key
    elif view.lane:
        region_code = regions.code_at_level(instance.base_region_code, view.lane)
    if region_code is None and owner_key is None:
        outcome.warnings.append((
            N_("Task %(task)s in lane %(lane)s has no region at that level above %(region)s; nobody can act "
               "on it until the diagram is corrected."),
            {"task": view.bpmn_id, "lane": str(view.lane), "region": instance.base_region_code}))
    basis = view.due_basis
    assignee = view.assignee if isinstance(view.assignee, int) and not isinstance(view.assignee, bool) else None
    if view.assignee is not None and assignee is None:
        outcome.warnings.append((N_("Task %(task)s: assignee %(assignee)s is not a user id."),
                                 {"task": view.bpmn_id, "assignee": repr(view.assignee)}))
    return HumanTask(
        instance_id=instance.id, task_uuid=view.uuid, bpmn_id=view.bpmn_id, name=view.name, name_en=view.name_en,
        lane=view.lane,
        candidate_group=group, form_key=view.form_key, documentation=view.documentation,
        region_code=region_code, owner_key=owner_key, assignee_id=assignee,
        assigned_by_process=assignee is not None, due_at=_aware(view.due_at),
        due_counted_from=basis.counted_from if basis else None, due_working_days=basis.working_days if basis else None,
        due_assumed_years=years_text(basis.assumed_years) if basis else None,
        properties=view.properties or None,
    )


def years_text(years: tuple[int, ...]) -> str | None:
    """The years a due date assumed Monday-Friday for, as the inbox row keeps them (`2027`)."""
    return ",".join(map(str, years)) or None


def _aware(moment: datetime | None) -> datetime | None:
    return moment if moment is None or moment.tzinfo else None
