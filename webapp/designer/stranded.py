"""Stranded tasks: waiting tasks that no active user may act on (the region at their level has
nobody holding the role, the person the process named left, the unit has no active people).

Such a task shows in no inbox, so nobody notices it; `brandcert check`, the administrators' page
and `/healthz` name them. The count is one SQL query (cheap enough for every health probe); the
list confirms each candidate with `auth.queries.may_act_on`, the rule the inboxes apply. Reads only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import Select, and_, func, not_, or_, select

from webapp import engine
from webapp.applications.models import CreationUnit
from webapp.auth.models import RoleGrant, User, owner_unit_id, unit_owner_key_sql
from webapp.auth.queries import may_act_on
from webapp.auth.roles import APPLICANT, READ_ONLY_ROLES
from webapp.db import session
from webapp.engine import HumanTask, ProcessDefinition, ProcessInstance, TaskStatus
from webapp.i18n import N_
from webapp.paging import Page, fetch
from webapp.regions import queries as regions
from webapp.regions.models import Region
from webapp.vocabulary import ROLES, named

SHOWN = 500
"""The command lists at most this many (the page shows them all, a page at a time); the count is always exact."""


@dataclass(frozen=True)
class StrandedTask:
    task_id: int
    instance_id: int
    process_key: str
    title: str
    """The brand the case is about."""
    bpmn_id: str
    name: str
    lane: str | None
    level_name: str
    role: str
    role_name: str
    region_code: str | None
    region_name: str
    since: datetime
    version: int
    """The version of the process the case runs on."""
    why: str
    """Why nobody may act, a message id (`WHY`)."""

    @property
    def missing_role(self) -> str | None:
        """`role@region` for the user administration page's role field, when a person holding it would do."""
        return f"{self.role}@{self.region_code}" if self.why == WHY["no_holder"] else None


WHY = {
    "assignee": N_("The person it is assigned to is no longer active."),
    "named": N_("The person the process named for it withdrew or left; name a replacement on the task."),
    "unit": N_("The creation unit has no active user."),
    "read_only": N_("Its role only reads cases; nobody may act on it."),
    "no_region": N_("The case's region has no region at this level."),
    "no_holder": N_("Nobody active holds the role at this region."),
}


def _why(task: HumanTask) -> str:
    if task.assignee_id is not None:
        return WHY["assignee"]
    if task.assigned_by_process:
        return WHY["named"]
    if task.candidate_group == APPLICANT:
        return WHY["unit"]
    if task.candidate_group in READ_ONLY_ROLES:
        return WHY["read_only"]
    return WHY["no_region"] if task.region_code is None else WHY["no_holder"]


def _somebody_may_act() -> Any:
    """SQL for `may_act_on` of a `human_task` row: is there an active user who may act on it?"""
    active = User.active.is_(True)
    by_assignee = select(User.id).where(User.id == HumanTask.assignee_id, active).exists()
    by_unit = select(User.id).where(
        unit_owner_key_sql(User.creation_unit_id) == HumanTask.owner_key, active).exists()
    by_role = select(RoleGrant.id).join(User, User.id == RoleGrant.user_id).where(
        RoleGrant.role == HumanTask.candidate_group, RoleGrant.region_code == HumanTask.region_code, active).exists()
    return or_(
        and_(HumanTask.assignee_id.is_not(None), by_assignee),
        and_(HumanTask.assignee_id.is_(None), HumanTask.assigned_by_process.is_(False), or_(
            and_(HumanTask.candidate_group == APPLICANT, by_unit),
            and_(HumanTask.candidate_group != APPLICANT, HumanTask.candidate_group.not_in(sorted(READ_ONLY_ROLES)),
                 by_role))))


def _stranded() -> Any:
    return and_(HumanTask.status == TaskStatus.READY, not_(_somebody_may_act()))


def count() -> int:
    """How many waiting tasks nobody may act on: one query, for `/healthz`."""
    return int(session.scalar(select(func.count()).select_from(HumanTask).where(_stranded())) or 0)


def stranded_tasks(limit: int = SHOWN) -> list[StrandedTask]:
    """The oldest stranded tasks first, each confirmed with the inboxes' own rule (for `brandcert check`)."""
    return _confirmed(session.execute(_oldest_first().limit(limit)))


def page_of_stranded(number: int) -> Page[StrandedTask]:
    """`stranded_tasks` a page at a time (the administrators' page)."""
    page = fetch(_oldest_first(), number)
    return replace(page, rows=_confirmed(page.rows))


def _oldest_first() -> Select[Any]:
    return (select(HumanTask, ProcessInstance.process_key, ProcessInstance.title, Region.name,
                   ProcessDefinition.version)
            .join(ProcessInstance, ProcessInstance.id == HumanTask.instance_id)
            .join(ProcessDefinition, ProcessDefinition.id == ProcessInstance.definition_id)
            .outerjoin(Region, Region.code == HumanTask.region_code)
            .where(_stranded()).order_by(HumanTask.created_at, HumanTask.id))


def _confirmed(rows: Iterable[Any]) -> list[StrandedTask]:
    found = []
    for task, key, title, region_name, version in rows:
        if may_act_on(task.candidate_group, task.region_code, task.owner_key, task.assignee_id,
                      named_by_process=task.assigned_by_process):
            continue  # the query and the rule disagree: the rule wins (and a test says they agree)
        if task.candidate_group == APPLICANT:  # the unit's own task: it waits at the unit, not at a level
            level_name, where = named(ROLES, APPLICANT), _unit_name(task.owner_key)
        else:
            level_name, where = regions.level_names(task.lane)["level"] if task.lane else "", region_name or ""
        found.append(StrandedTask(
            task_id=task.id, instance_id=task.instance_id, process_key=key, title=title, bpmn_id=task.bpmn_id,
            name=task.name, lane=task.lane, level_name=level_name, role=task.candidate_group,
            role_name=named(ROLES, task.candidate_group), region_code=task.region_code, region_name=where,
            since=task.created_at, version=version, why=_why(task)))
    return found


def _unit_name(owner_key: str | None) -> str:
    unit_id = owner_unit_id(owner_key)
    name = session.scalar(select(CreationUnit.name).where(CreationUnit.id == unit_id)) if unit_id else None
    return name or owner_key or ""


def move_target(task: StrandedTask) -> int | None:
    """The version the migration page offers to move the case to: the newest, or, for a case already
    on the newest (the version that stranded it), the one before."""
    newest = engine.latest(task.process_key)
    if newest is None:
        return None
    if task.version != newest.version:
        return newest.version
    return task.version - 1 if task.version > 1 else None
