"""Releasing a deactivated person's tasks (停用释放): nobody may act on a task held by an account that
can no longer sign in, so deactivating it hands each of its READY tasks on at once, in the same
transaction, and says which.

- a task he claimed goes back to its group (its role at its region, or its unit's staff), who are told;
- a task the process assigned to him by name (an expert picked for a panel) is left to nobody: it waits
  for an official of its region to name a replacement (`review.acting.holder_problem` says so), and
  those officials are told;
- a task he was asked to prepare (委派) goes back to the holder who asked him;
- a task he asked someone else to prepare stays with that person, as an ordinary claimed task.

His substitutions are kept: a substitute of his acts on his tasks only while he is active
(`auth.queries.principals_of`), and nobody signs in as a deactivated substitute.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, or_, select

from webapp import engine
from webapp.audit import admin_trail
from webapp.audit import services as audit
from webapp.audit.models import AdminAction, AuditAction
from webapp.auth import queries as people
from webapp.auth.models import User
from webapp.auth.roles import OFFICIAL
from webapp.clock import now_utc
from webapp.db import session
from webapp.i18n import N_
from webapp.notifications.arrivals import task_link, task_params
from webapp.notifications.models import MessageKind
from webapp.notifications.services import send

WHY = "deactivated"
MESSAGES = {
    "group": N_("%(user)s was deactivated: %(task)s for %(brand)s is free again; claim it to act on it."),
    "process": N_("%(user)s was deactivated: %(task)s for %(brand)s, assigned to him by the process, waits for an "
                  "official to name a replacement."),
    "returned": N_("%(user)s was deactivated: %(task)s for %(brand)s, which you asked him to prepare, is back with "
                   "you."),
    "kept": N_("%(user)s was deactivated: %(task)s for %(brand)s, which he asked you to prepare, is yours to "
               "complete now."),
}


@dataclass(frozen=True)
class Released:
    task_id: int
    instance_id: int
    brand: str
    task: str
    assigned_by_process: bool


def release_tasks_of(user: User, *, actor: User) -> list[Released]:
    """Step (inside the deactivating command): hand on every READY task `user` holds or delegated."""
    instance_ids = sorted(set(session.scalars(select(engine.HumanTask.instance_id).where(_held_by(user)))))
    released = []
    for instance_id in instance_ids:
        instance = engine.lock(instance_id)
        tasks = session.scalars(select(engine.HumanTask).where(engine.HumanTask.instance_id == instance_id,
                                                               _held_by(user)).order_by(engine.HumanTask.id)
                                .execution_options(populate_existing=True))
        released += [_release(task, instance, user, actor) for task in tasks]
    if released:
        admin_trail.record(AdminAction.TASKS_RELEASED, actor=actor, subject=f"user {user.id} {user.username}",
                           region_code=admin_trail.covering_region([code for _r, code in user.role_pairs]),
                           data={"why": WHY, "tasks": [{"task_id": r.task_id, "instance_id": r.instance_id,
                                                        "brand": r.brand, "task": r.task} for r in released]})
    return released


def _held_by(user: User) -> ColumnElement[bool]:
    return and_(engine.HumanTask.status == engine.TaskStatus.READY,
                or_(engine.HumanTask.assignee_id == user.id, engine.HumanTask.delegated_by_id == user.id))


def _release(task: engine.HumanTask, instance: engine.ProcessInstance, user: User, actor: User) -> Released:
    if task.assignee_id != user.id:
        how = "kept"  # he had asked the assignee to prepare it: the assignee holds it now
    elif task.assigned_by_process:
        how = "process"
    else:
        back_to = task.delegated_by_id if task.delegation_state == engine.DelegationState.PENDING else None
        how = "returned" if back_to not in (None, user.id) else "group"
        task.assignee_id, task.claimed_at = (back_to, now_utc()) if how == "returned" else (None, None)
    if how == "process":
        task.assignee_id, task.claimed_at = None, None
    task.delegated_by_id = task.delegation_state = None
    event = audit.record(instance, AuditAction.TASK_RELEASED, actor=actor, task=task,
                         data={"user": user.display_name, "why": WHY, "to": how})
    _tell(task, instance, user, how, event_key=f"case:{instance.id}:event:{event.seq}")
    return Released(task_id=task.id, instance_id=instance.id, brand=instance.title, task=task.name,
                    assigned_by_process=how == "process")


def _tell(task: engine.HumanTask, instance: engine.ProcessInstance, user: User, how: str, *, event_key: str) -> None:
    """Whoever may act on it now: its group, the holder it went back to or stayed with, or the officials
    who name a replacement."""
    if how == "process":
        recipients = people.holders(OFFICIAL, task.region_code)
    else:
        recipients = people.may_act_on(task.candidate_group, task.region_code, task.owner_key, task.assignee_id,
                                       named_by_process=task.assigned_by_process)
    send([person for person in recipients if person.id != user.id], MessageKind.TASK_REASSIGNED, MESSAGES[how],
         {**task_params(task, instance), "user": user.display_name}, event_key=event_key, link=task_link(task.id),
         instance_id=instance.id, task_id=task.id)
