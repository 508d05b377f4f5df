"""Reads for officials: the inbox (from `human_task` only, never the workflow JSON) and a task."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlalchemy import CompoundSelect, Select, and_, case, false, func, literal, or_, select

from webapp import engine
from webapp.audit.models import AuditEvent
from webapp.auth import permissions
from webapp.auth import queries as people
from webapp.auth.models import RoleGrant, User
from webapp.auth.roles import APPLICANT, READ_ONLY_ROLES
from webapp.clock import now_utc
from webapp.db import session
from webapp.errors import Forbidden, NotFound
from webapp.i18n import _
from webapp.notifications.models import CaseCopy
from webapp.paging import Page, window
from webapp.regions import queries as regions
from webapp.regions.models import Region
from webapp.review.models import Consultation
from webapp.workdays import calendar

DUE_SOON = timedelta(days=3)
SORTS = {
    "due": (engine.HumanTask.due_at.asc().nulls_last(), engine.HumanTask.id),  # as `ix_human_task_ready` keeps them
    "created": (engine.HumanTask.created_at.desc(), engine.HumanTask.id.desc()),
    "brand": (engine.ProcessInstance.title, engine.HumanTask.id),
}


@dataclass
class InboxFilters:
    level: str | None = None
    task: str | None = None
    brand: str | None = None
    region: str | None = None
    due: str | None = None
    """`overdue` or `soon` (within three days)."""
    sort: str = "due"
    page: int = 1
    per_page: int | None = None
    """None: the application's page size (`webapp.paging`)."""
    past_end: bool = False
    """A page past the end: empty (the API) rather than the last page (`webapp.paging.fetch`)."""


@dataclass
class Inbox:
    page: Page[tuple[engine.HumanTask, engine.ProcessInstance]]
    """The tasks the filters select, a page of them."""
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    task_names: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    """BPMN id -> (name, English name), for the task filter."""


_OPEN = engine.HumanTask.status == literal(str(engine.TaskStatus.READY), literal_execute=True)
"""Open tasks, with 'ready' written into the statement instead of bound: a planner uses the partial index
`ix_human_task_ready` only for a query whose text says that it asks for open tasks."""


def actionable(user: User) -> Select[Any]:
    """READY tasks the user may act on, with their instances."""
    return (select(engine.HumanTask, engine.ProcessInstance)
            .join(engine.ProcessInstance, engine.ProcessInstance.id == engine.HumanTask.instance_id)
            .where(*_actionable_conditions(user)))


def _actionable_conditions(user: User) -> list[Any]:
    """Their own tasks, and those of the people they stand in for today (代理); see `acting.acting_on`."""
    principals = people.principals_of(user, calendar.today())
    own = _holder_condition(user)
    if not principals:
        return [_OPEN, own]
    standing_in = and_(or_(*(_holder_condition(p) for p in principals)), _not_own_case(user))
    return [_OPEN, or_(own, standing_in)]


def _holder_condition(user: User) -> Any:
    """Their role at the task's region, or their own unit's tasks; not claimed by or assigned to someone
    else, nor waiting for a replacement expert; never a case of their own."""
    scopes = [and_(engine.HumanTask.candidate_group == role, engine.HumanTask.region_code == code)
              for role, code in user.role_pairs if role not in READ_ONLY_ROLES and role != APPLICANT]
    if user.owner_keys:
        scopes.append(and_(engine.HumanTask.candidate_group == APPLICANT,
                           engine.HumanTask.owner_key.in_(user.owner_keys)))
    if not scopes:
        return false()
    free = or_(engine.HumanTask.assignee_id == user.id,
               and_(engine.HumanTask.assignee_id.is_(None), engine.HumanTask.assigned_by_process.is_(False)))
    return and_(or_(*scopes), free, _not_own_case(user))


def _not_own_case(user: User) -> Any:
    return or_(engine.HumanTask.candidate_group == APPLICANT, engine.HumanTask.instance_id.not_in(_own_cases(user)))


def _own_cases(user: User) -> Select[Any] | CompoundSelect:
    """The cases `permissions.reviews_own_case` keeps the user from reviewing, as a subquery."""
    acted = select(AuditEvent.instance_id).where(AuditEvent.actor_id == user.id, AuditEvent.role == APPLICANT)
    if not user.owner_keys:
        return acted
    return acted.union(select(engine.ProcessInstance.id).where(
        engine.ProcessInstance.owner_key.in_(user.owner_keys)))


def inbox(user: User, filters: InboxFilters) -> Inbox:
    """A page of the user's open tasks and the counts per filter. The counts come from one pass over the
    index `ix_human_task_ready` (never the table) and give the pager's total too, unless a filter reads
    the case (brand, region: then one COUNT). The page's tasks are chosen from `human_task` alone, joined
    to the cases only where a filter or the sort reads them, and only that page's rows are loaded."""
    conditions = _actionable_conditions(user)
    now = now_utc()
    groups = _groups(conditions, now)
    sort = SORTS.get(filters.sort, SORTS["due"])
    ids = select(engine.HumanTask.id).where(*conditions)
    reads_case = bool(filters.brand or filters.region)
    if reads_case or filters.sort == "brand":
        # every task has its case (a non-null foreign key): the join selects no fewer tasks
        ids = ids.join(engine.ProcessInstance, engine.ProcessInstance.id == engine.HumanTask.instance_id)
    if filters.level:
        ids = ids.where(engine.HumanTask.lane == filters.level)
    if filters.task:
        ids = ids.where(engine.HumanTask.bpmn_id == filters.task)
    if filters.brand:
        ids = ids.where(engine.ProcessInstance.title.contains(filters.brand, autoescape=True))
    if filters.region:
        ids = ids.join(Region, Region.code == engine.ProcessInstance.base_region_code).where(
            Region.path.contains(f"/{filters.region}/", autoescape=True))
    if filters.due == "overdue":
        ids = ids.where(engine.HumanTask.due_at < now)
    elif filters.due == "soon":
        ids = ids.where(engine.HumanTask.due_at >= now, engine.HumanTask.due_at < now + DUE_SOON)
    if reads_case:
        total = int(session.scalar(select(func.count()).select_from(ids.subquery())) or 0)
    else:
        total = sum(_selected(group, filters) for group in groups)
    number, size = window(total, filters.page, min(filters.per_page, 200) if filters.per_page else None,
                          past_end=filters.past_end)
    chosen = ids.order_by(*sort).limit(size).offset((number - 1) * size)
    rows = session.execute(
        select(engine.HumanTask, engine.ProcessInstance)
        .join(engine.ProcessInstance, engine.ProcessInstance.id == engine.HumanTask.instance_id)
        .where(engine.HumanTask.id.in_(chosen)).order_by(*sort)).all() if total else []
    return Inbox(Page([tuple(row) for row in rows], number, size, total), *_summary(groups))


def _groups(conditions: list[Any], now: Any) -> list[Any]:
    """The user's open tasks (`conditions`) counted per level and task, with how many are overdue and
    how many due soon, in one pass."""
    task = engine.HumanTask
    overdue = func.sum(case((task.due_at < now, 1), else_=0))
    soon = func.sum(case((and_(task.due_at >= now, task.due_at < now + DUE_SOON), 1), else_=0))
    return list(session.execute(
        select(task.lane, task.bpmn_id, task.name, task.name_en, func.count(), overdue, soon)
        .where(*conditions).group_by(task.lane, task.bpmn_id, task.name, task.name_en)).all())


def _selected(group: Any, filters: InboxFilters) -> int:
    """How many of a group's tasks the level, task and due filters select."""
    lane, bpmn_id, _name, _name_en, count, overdue, soon = group
    if (filters.level and lane != filters.level) or (filters.task and bpmn_id != filters.task):
        return 0
    return int({"overdue": overdue, "soon": soon}.get(filters.due or "", count) or 0)


def _summary(groups: list[Any]) -> tuple[dict[str, dict[str, int]], dict[str, tuple[str, str | None]]]:
    """The counts per level, task and due date, and the task names, from `_groups`."""
    by_level: dict[str, int] = {}
    by_task: dict[str, int] = {}
    for lane, bpmn_id, _name, _name_en, count, _late, _soon in groups:
        by_level[str(lane)] = by_level.get(str(lane), 0) + count
        by_task[str(bpmn_id)] = by_task.get(str(bpmn_id), 0) + count
    return ({"level": by_level, "task": by_task,
             "due": {"overdue": sum(g[5] or 0 for g in groups), "soon": sum(g[6] or 0 for g in groups)}},
            {g[1]: (g[2], g[3]) for g in groups})


def reviews_own_case(task: engine.HumanTask, instance: engine.ProcessInstance, user: User) -> bool:
    """Would `user` review a case of their own unit, or one they acted on as its applicant?"""
    return task.candidate_group != APPLICANT and permissions.reviews_own_case(
        user.owner_keys, owner_key=instance.owner_key, acted_as_applicant=user.id in applicants_of(instance))


def applicants_of(instance: engine.ProcessInstance) -> set[int]:
    """Who acted on this case as its applicant: filed it, or claimed or completed an applicant task."""
    return set(session.scalars(select(AuditEvent.actor_id).where(
        AuditEvent.instance_id == instance.id, AuditEvent.role == APPLICANT, AuditEvent.actor_id.is_not(None))))


def readable_instance(instance_id: int, user: User) -> engine.ProcessInstance:
    instance = session.get(engine.ProcessInstance, instance_id)
    if instance is None:
        raise NotFound(_("Process instance %(id)s does not exist.", id=instance_id))
    region = regions.get(instance.base_region_code)
    path = region.ancestor_codes if region else []
    if not permissions.may_read_case(user.role_pairs, user.owner_keys, region_path=path,
                                     owner_key=instance.owner_key, copied=copied_to(instance.id, user)):
        raise Forbidden(_("Process instance %(id)s is outside your jurisdiction.", id=instance_id))
    return instance


def copied_to(instance_id: int, user: User) -> bool:
    """Was the user invited to read this case: a decision of it copied to them (抄送), or their opinion asked
    on one of its tasks (加签, answered or not)? Then they may read the case, never act on it."""
    copied = select(CaseCopy.id).where(CaseCopy.instance_id == instance_id, CaseCopy.recipient_id == user.id)
    asked = select(Consultation.id).where(Consultation.instance_id == instance_id,
                                          Consultation.consultant_id == user.id)
    return session.scalar(copied.union_all(asked).limit(1)) is not None


def instance_of(task: engine.HumanTask) -> engine.ProcessInstance:
    instance = session.get(engine.ProcessInstance, task.instance_id)
    assert instance is not None  # enforced by the foreign key
    return instance


def definition_of(instance: engine.ProcessInstance) -> engine.ProcessDefinition:
    definition = session.get(engine.ProcessDefinition, instance.definition_id)
    assert definition is not None  # enforced by the foreign key
    return definition


def reviewers_elsewhere(instance: engine.ProcessInstance, lane: str | None) -> set[int]:
    """Who completed a review task of this case at a level other than `lane`."""
    return {task.completed_by_id for task in instance.tasks
            if task.status == engine.TaskStatus.DONE and task.candidate_group != APPLICANT
            and task.completed_by_id is not None and permissions.reviewed_at_other_level([task.lane], lane)}


def pool(role: str, task: engine.HumanTask, instance: engine.ProcessInstance) -> list[User]:
    """The users a form may pick for `role`: active holders at the task's region who have not
    reviewed this case at another level and are not its applicant."""
    if task.region_code is None:
        return []
    users = session.scalars(select(User).join(RoleGrant).where(
        RoleGrant.role == role, RoleGrant.region_code == task.region_code, User.active.is_(True))
        .order_by(User.display_name))
    excluded = reviewers_elsewhere(instance, task.lane)
    applicants = applicants_of(instance)
    return [u for u in users if u.id not in excluded and not permissions.reviews_own_case(
        u.owner_keys, owner_key=instance.owner_key, acted_as_applicant=u.id in applicants)]


def region_counts(user: User) -> dict[str, int]:
    """Inbox tasks per region one level below the user's own, for the region filter."""
    tasks = actionable(user).subquery()
    rows = session.execute(select(engine.ProcessInstance.base_region_code, func.count())
                           .join(tasks, tasks.c.instance_id == engine.ProcessInstance.id)
                           .group_by(engine.ProcessInstance.base_region_code)).all()
    own = {code for _role, code in user.role_pairs}
    counts: dict[str, int] = {}
    for base, count in rows:
        path = regions.get(base).ancestor_codes if regions.get(base) else []
        below = [c for i, c in enumerate(path) if i and path[i - 1] in own]
        key = below[0] if below else base
        counts[key] = counts.get(key, 0) + count
    return counts
