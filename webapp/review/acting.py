"""Who may act on a task, and for whom: the one rule behind claiming, completing and every desk action.

A person acts on a task as its holder when his role and region, or his creation unit, match the task's
stamp (DESIGN.md §4), it is not claimed by or assigned to someone else, and separation of duties allows
it. A substitute (代理) acts for a person away on leave: he may act where that person may, and the trail
says "substitute for principal". Separation of duties is always the actor's own: standing in for a
colleague never lets someone review a case he may not review himself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from webapp import engine
from webapp.auth import permissions
from webapp.auth import queries as people
from webapp.auth.models import User
from webapp.auth.roles import APPLICANT
from webapp.db import session
from webapp.errors import Conflict, DomainError, Forbidden, NotFound, TaskNotReady
from webapp.i18n import _
from webapp.review import queries
from webapp.workdays import calendar


@dataclass(frozen=True)
class Acting:
    """`actor` acts on a task for `principal`: himself, or the person he stands in for."""

    actor: User
    principal: User

    @property
    def for_someone(self) -> bool:
        return self.principal.id != self.actor.id

    def trail(self) -> dict[str, Any]:
        """What the audit event adds about whom the actor acted for (nothing when for himself)."""
        if not self.for_someone:
            return {}
        return {"on_behalf_of": {"id": self.principal.id, "name": self.principal.display_name}}


def acting_on(task: engine.HumanTask, instance: engine.ProcessInstance, actor: User) -> Acting:
    """How `actor` may act on this READY task, for himself or for someone he stands in for; or why not."""
    problem = holder_problem(task, instance, actor)
    if problem is None:
        return Acting(actor, actor)
    if separation_problem(task, instance, actor) is None:
        for principal in people.principals_of(actor, calendar.today()):
            if holder_problem(task, instance, principal) is None:
                return Acting(actor, principal)
    raise problem


def may_act(task: engine.HumanTask, instance: engine.ProcessInstance, actor: User) -> Acting | None:
    """`acting_on` for reading pages: None instead of the reason."""
    try:
        return acting_on(task, instance, actor)
    except DomainError:
        return None


def holder_problem(task: engine.HumanTask, instance: engine.ProcessInstance, user: User) -> DomainError | None:
    """Why `user` may not act on the task as its holder, or None when he may."""
    if not permissions.may_act(user.role_pairs, user.owner_keys, group=task.candidate_group,
                               region_code=task.region_code, owner_key=task.owner_key):
        return Forbidden(_("Task %(id)s is outside your jurisdiction or role.", id=task.id))
    if task.assigned_by_process and task.assignee_id != user.id:
        if task.assignee_id is None:
            return Forbidden(_("Task %(id)s waits for an official to name a replacement.", id=task.id))
        return Forbidden(_("Task %(id)s is assigned to another person.", id=task.id))
    if task.status != engine.TaskStatus.READY:
        return TaskNotReady(task.id, task.status)
    if task.assignee_id is not None and task.assignee_id != user.id:
        return Conflict(_("Task %(id)s is claimed by someone else; ask them to release it.", id=task.id))
    return separation_problem(task, instance, user)


def separation_problem(task: engine.HumanTask, instance: engine.ProcessInstance, user: User) -> DomainError | None:
    """Separation of duties: nobody reviews one case at two levels, nor a case of his own unit."""
    if task.candidate_group != APPLICANT and user.id in queries.reviewers_elsewhere(instance, task.lane):
        return Forbidden(_("You already reviewed this case at another level; an official never reviews one "
                           "application at two levels."))
    if queries.reviews_own_case(task, instance, user):
        return Forbidden(_("This case belongs to your own creation unit, or you acted on it as its applicant; "
                           "nobody reviews their own application."))
    return None


def eligible_holders(task: engine.HumanTask, instance: engine.ProcessInstance) -> list[User]:
    """The active people who could hold this task if it were free: its group at its region (or its
    creation unit's staff), minus those separation of duties keeps off the case."""
    if task.candidate_group == APPLICANT:
        return people.people_of_unit(task.owner_key)
    return queries.pool(task.candidate_group, task, instance)


def task_for(task_id: int, user: User) -> tuple[engine.HumanTask, engine.ProcessInstance]:
    """A task the user may act on, or read as part of a case he may read."""
    task = session.get(engine.HumanTask, task_id)
    if task is None:
        raise NotFound(_("Task %(id)s does not exist.", id=task_id))
    instance = queries.instance_of(task)
    if not _may_open(task, instance, user):
        try:
            queries.readable_instance(task.instance_id, user)
        except Forbidden:
            raise Forbidden(_("Task %(id)s is outside your jurisdiction.", id=task_id)) from None
    return task, instance


def _may_open(task: engine.HumanTask, instance: engine.ProcessInstance, user: User) -> bool:
    """May act on it now, or could have as its holder (a finished task of one's own group and region)."""
    if may_act(task, instance, user) is not None:
        return True
    return permissions.may_act(user.role_pairs, user.owner_keys, group=task.candidate_group,
                               region_code=task.region_code, owner_key=task.owner_key) and (
        task.assignee_id in (None, user.id)) and not queries.reviews_own_case(task, instance, user)


def standing_in(user: User, tasks: list[tuple[engine.HumanTask, engine.ProcessInstance]]) -> dict[int, User]:
    """For an inbox page: the tasks `user` may act on only as a substitute, with whom he stands in for."""
    if not people.principals_of(user, calendar.today()):
        return {}
    found = {}
    for task, instance in tasks:
        by = may_act(task, instance, user)
        if by is not None and by.for_someone:
            found[task.id] = by.principal
    return found
