"""Handing a task to someone else: 转办 (transfer), 委派 (delegate, then the delegate resolves), and a
supervisor's reassignment or release.

Whoever receives a task must be someone who could hold it anyway (`acting.eligible_holders`: the task's
group at its region, minus those separation of duties keeps off the case): handing over never widens who
may act, it only names who does. Each is one command that locks the case, records itself in the case's
trail (with whom a substitute acted for) and tells the people it concerns.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from webapp import engine
from webapp.audit import services as audit
from webapp.audit.models import AuditAction, AuditEvent
from webapp.auth import permissions
from webapp.auth.models import User
from webapp.auth.roles import ADMIN, APPLICANT
from webapp.clock import now_utc
from webapp.command_log import logged
from webapp.db import session, transaction
from webapp.errors import Conflict, Forbidden, Invalid
from webapp.i18n import N_, _
from webapp.notifications.arrivals import task_link, task_params
from webapp.notifications.models import MessageKind
from webapp.notifications.services import send
from webapp.regions import queries as regions
from webapp.review import acting

REASON_MIN, REASON_MAX = 2, 500
TRANSFERRED = N_("%(who)s transferred to you %(task)s for %(brand)s (due %(due)s). Reason: %(reason)s")
DELEGATED = N_("%(who)s asks you to prepare the decision %(task)s for %(brand)s and hand it back. Note: %(reason)s")
REASSIGNED = N_("%(who)s gave you %(task)s for %(brand)s (due %(due)s). Reason: %(reason)s")
TAKEN = N_("%(who)s took %(task)s for %(brand)s from you. Reason: %(reason)s")


@dataclass(frozen=True)
class Handover:
    task: engine.HumanTask
    to: User | None
    """Who holds the task now; None when a supervisor released it to its group."""


@logged("task {task_id} transferred to user {result.task.assignee_id} by user {actor.id}")
def transfer(task_id: int, to_user: Any, reason: Any, *, actor: User) -> Handover:
    """转办: the holder hands the task to a colleague who may hold it; it is his from now on."""
    with transaction():
        instance, task = engine.lock_task(task_id)
        by = acting.acting_on(task, instance, actor)
        _check_passable(task)
        text = _reason(reason)
        target = _receiver(task, instance, to_user, not_ids={actor.id, by.principal.id})
        task.assignee_id, task.claimed_at = target.id, now_utc()
        event = audit.record(instance, AuditAction.TASK_TRANSFERRED, actor=actor, task=task,
                             data={"to": _person(target), "reason": text, **by.trail()})
        _tell([target], MessageKind.TASK_TRANSFERRED, TRANSFERRED, task, instance, event, actor, text)
        return Handover(task, target)


@logged("task {task_id} delegated to user {result.task.assignee_id} by user {actor.id}")
def delegate(task_id: int, to_user: Any, note: Any, *, actor: User) -> Handover:
    """委派: the holder asks a colleague to prepare the decision; the colleague fills the form and
    resolves it (`review.services.resolve_task`), the task comes back, and the holder completes it."""
    with transaction():
        instance, task = engine.lock_task(task_id)
        by = acting.acting_on(task, instance, actor)
        _check_passable(task)
        if task.candidate_group == APPLICANT:
            raise Conflict(_("A creation unit's task is not delegated; transfer it to a colleague instead."))
        text = _reason(note)
        target = _receiver(task, instance, to_user, not_ids={actor.id, by.principal.id})
        task.delegated_by_id, task.delegation_state = actor.id, engine.DelegationState.PENDING
        task.assignee_id, task.claimed_at, task.draft = target.id, now_utc(), None
        event = audit.record(instance, AuditAction.TASK_DELEGATED, actor=actor, task=task,
                             data={"to": _person(target), "note": text, **by.trail()})
        _tell([target], MessageKind.TASK_DELEGATED, DELEGATED, task, instance, event, actor, text)
        return Handover(task, target)


def reassign(task_id: int, to_user: Any, reason: Any, *, actor: User) -> Handover:
    """A supervisor (an official of a level above the task, or an administrator of its region) gives an
    open task to someone who may hold it, e.g. when its holder left."""
    return _supervise(task_id, to_user, reason, actor=actor)


def release(task_id: int, reason: Any, *, actor: User) -> Handover:
    """A supervisor takes an open task from its holder back to its group (or, for a task the process
    named a person for, leaves it waiting for the official who names a replacement)."""
    return _supervise(task_id, None, reason, actor=actor)


def may_supervise(task: engine.HumanTask, user: User) -> bool:
    """An official of a strictly higher region on the task's path, or an administrator at or above it."""
    region = regions.get(task.region_code) if task.region_code else None
    if region is None:
        return False
    path = region.ancestor_codes
    admin_regions = {code for role, code in user.role_pairs if role == ADMIN}
    return permissions.urges_from_above(user.role_pairs, waiting_path=path) or permissions.may_administer(
        admin_regions, path)


def _supervise(task_id: int, to_user: Any, reason: Any, *, actor: User) -> Handover:
    with transaction():
        instance, task = engine.lock_task(task_id)
        if not may_supervise(task, actor):
            raise Forbidden(_("Only an official of a level above this task, or an administrator of its region, "
                              "may reassign it."))
        if task.status != engine.TaskStatus.READY:
            raise Conflict(_("Task %(id)s is no longer open.", id=task.id))
        text = _reason(reason)
        before = session.get(User, task.assignee_id) if task.assignee_id else None
        target = None if to_user is None else _receiver(task, instance, to_user, not_ids=set())
        if before is None and target is None:
            raise Conflict(_("Task %(id)s is not held by anyone; there is nothing to release.", id=task.id))
        task.assignee_id = target.id if target else None
        task.claimed_at = now_utc() if target else None
        task.delegated_by_id = task.delegation_state = task.draft = None
        action = AuditAction.TASK_REASSIGNED if target else AuditAction.TASK_RELEASED
        event = audit.record(instance, action, actor=actor, task=task, data={
            "from": _person(before) if before else None, "to": _person(target) if target else None, "reason": text})
        if target is not None:
            _tell([target], MessageKind.TASK_REASSIGNED, REASSIGNED, task, instance, event, actor, text)
        if before is not None and before != target:
            _tell([before], MessageKind.TASK_REASSIGNED, TAKEN, task, instance, event, actor, text)
        return Handover(task, target)


def _check_passable(task: engine.HumanTask) -> None:
    if task.assigned_by_process:
        raise Conflict(_("The process named who does task %(id)s; only an official of its level may name "
                         "someone else.", id=task.id))
    if task.delegation_state == engine.DelegationState.PENDING:
        raise Conflict(_("Task %(id)s is delegated: prepare the decision and hand it back first.", id=task.id))


def _receiver(task: engine.HumanTask, instance: engine.ProcessInstance, wanted: Any, *,
              not_ids: set[int]) -> User:
    """The person named by id or username, if he could hold the task (and is not the one handing it on)."""
    eligible = acting.eligible_holders(task, instance)
    found = next((u for u in eligible if wanted in (u.id, u.username, str(u.id))), None)
    if found is None or found.id in not_ids:
        raise Invalid(_("Choose someone who may act on this task."), field_errors={"to": [
            _("%(who)s cannot hold this task: pick a colleague with the same role in the same region.",
              who=str(wanted) if wanted not in (None, "") else "—")]})
    return found


def _reason(value: Any) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if not REASON_MIN <= len(text) <= REASON_MAX:
        raise Invalid(_("Give a reason; nothing was changed."), field_errors={"reason": [
            _("Write between %(min)s and %(max)s characters.", min=REASON_MIN, max=REASON_MAX)]})
    return text


def _person(user: User) -> dict[str, Any]:
    return {"id": user.id, "name": user.display_name}


def _tell(recipients: list[User], kind: MessageKind, message: str, task: engine.HumanTask,
          instance: engine.ProcessInstance, event: AuditEvent, actor: User, reason: str) -> None:
    send(recipients, kind, message, {**task_params(task, instance), "who": actor.display_name, "reason": reason},
         event_key=f"case:{instance.id}:event:{event.seq}", link=task_link(task.id), instance_id=instance.id,
         task_id=task.id)

