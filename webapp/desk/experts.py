"""回避与替换: an expert named to a panel declares a conflict of interest and withdraws; an official of
the level that chose the panel names another expert from its pool.

The seat (the expert's inbox row) keeps its place in the process: withdrawing empties its assignee, so
nobody may act on it (`acting.holder_problem`: it waits for a replacement) and it leaves the expert's
inbox; the officials of the level are told. Replacing sets the assignee to the new expert, who is told
that a task arrived. The engine's own data for that instance still names the expert first picked (the
multi-instance `expert` item): that is fine, the row's assignee is who acts, and his review is what
the instance returns. Who may replace: a holder of `official` at the seat's region (the level whose
intake picked the panel); whom: an expert of that level's pool (`review.queries.pool`) who is not on
the panel already and has not withdrawn from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from webapp import engine
from webapp.audit import services as audit
from webapp.audit.models import AuditAction
from webapp.auth import queries as people
from webapp.auth.models import User
from webapp.auth.roles import OFFICIAL
from webapp.command_log import logged
from webapp.db import session, transaction
from webapp.desk import panels
from webapp.errors import Conflict, Forbidden, Invalid, TaskNotReady
from webapp.i18n import N_, _
from webapp.notifications.arrivals import ARRIVAL_MESSAGES, arrival_kind, task_link, task_params
from webapp.notifications.models import MessageKind
from webapp.notifications.services import send
from webapp.review import acting

REASON_LENGTH = 500
DECLINED_MESSAGE = N_("%(who)s withdrew from the expert review of %(brand)s (%(task)s) for a conflict of interest: "
                      "%(reason)s. Name a replacement from the expert pool.")


def parse_reason(reason: Any) -> str:
    """Why the expert withdraws: required, as the trail and the officials read it."""
    text = reason.strip() if isinstance(reason, str) else ""
    if not text:
        raise Invalid(_("Say why you withdraw."), field_errors={"reason": [_("Give the conflict of interest.")]})
    if len(text) > REASON_LENGTH:
        raise Invalid(_("Say why you withdraw."), field_errors={"reason": [_(
            "At most %(count)s characters.", count=REASON_LENGTH)]})
    return text


def parse_expert(value: Any) -> int:
    """The replacement's user id, as the form's select or the API sends it."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = 0
    if isinstance(value, bool) or number <= 0:
        raise Invalid(_("Nobody was named."), field_errors={"expert": [_("Choose an expert from the pool.")]})
    return number


@dataclass(frozen=True)
class Declined:
    task: engine.HumanTask
    told: list[User]
    """The officials of the level, who name the replacement."""


@logged("task {task_id} declined by expert user {actor.id}")
def decline(task_id: int, reason: str, *, actor: User) -> Declined:
    """Command: the expert of a panel seat withdraws for a conflict of interest; the officials are told."""
    with transaction():
        instance, task = engine.lock_task(task_id)
        by = acting.acting_on(task, instance, actor)  # his own seat, open: nobody withdraws for him
        if not panels.is_seat(task):
            raise Conflict(_("Task %(id)s is no expert's seat on a panel: only an expert named to a panel "
                             "withdraws from it.", id=task.id))
        task.assignee_id = None  # stays assigned_by_process: it waits for a replacement
        session.flush()
        audit.record(instance, AuditAction.EXPERT_DECLINED, actor=actor, task=task,
                     data={"reason": reason, **by.trail()})
        officials = people.holders(OFFICIAL, task.region_code)
        send(officials, MessageKind.EXPERT_DECLINED, DECLINED_MESSAGE,
             {**task_params(task, instance), "who": by.principal.display_name, "reason": reason},
             event_key=f"expert-declined:{task.id}:{by.principal.id}", link=task_link(task.id),
             instance_id=instance.id, task_id=task.id)
        return Declined(task=task, told=officials)


@dataclass(frozen=True)
class Replaced:
    task: engine.HumanTask
    instance: engine.ProcessInstance
    expert: User


@logged("task {task_id} given to expert user {expert_user_id} by user {actor.id}")
def replace(task_id: int, expert_user_id: int, *, actor: User) -> Replaced:
    """Command: an official of the seat's level names another expert to a seat whose expert withdrew."""
    with transaction():
        instance, task = engine.lock_task(task_id)
        if not panels.is_seat(task) or (OFFICIAL, task.region_code) not in actor.role_pairs:
            raise Forbidden(_("Only an official of the level that chose the panel names a replacement expert."))
        if task.status != engine.TaskStatus.READY:
            raise TaskNotReady(task.id, task.status)
        if task.assignee_id is not None:
            raise Conflict(_("Task %(id)s has its expert; a replacement is named only for an expert who "
                             "withdrew.", id=task.id))
        expert = _eligible(task, instance, expert_user_id)
        task.assignee_id = expert.id
        session.flush()
        audit.record(instance, AuditAction.EXPERT_REPLACED, actor=actor, task=task, role=OFFICIAL,
                     region_code=task.region_code,
                     data={"expert": expert.display_name, "instead_of": _withdrawn(instance, task)})
        kind = arrival_kind(task)
        send([expert], kind, ARRIVAL_MESSAGES[kind], {**task_params(task, instance), "comment": "—"},
             event_key=f"task:{task.id}:arrived", link=task_link(task.id), instance_id=instance.id, task_id=task.id)
        return Replaced(task=task, instance=instance, expert=expert)


def _eligible(task: engine.HumanTask, instance: engine.ProcessInstance, expert_user_id: int) -> User:
    rows = panels.seat_rows(task)
    expert = session.get(User, expert_user_id)
    if expert is None:
        raise Invalid(_("Nobody was named."), field_errors={"expert": [_(
            "No expert %(id)s is in this level's pool.", id=expert_user_id)]})
    if expert.id in {user.id for user in panels.candidates(rows, instance)}:
        return expert
    on_panel = {row.assignee_id for row in rows} | {row.completed_by_id for row in rows}
    if expert.id in on_panel:
        problem = _("%(name)s is on this panel already.", name=expert.display_name)
    else:
        problem = _("%(name)s is not in this level's expert pool, withdrew from this panel, or may not review "
                    "this case.", name=expert.display_name)
    raise Invalid(_("Nobody was named."), field_errors={"expert": [problem]})


def _withdrawn(instance: engine.ProcessInstance, task: engine.HumanTask) -> str:
    """Who withdrew from this seat last (the trail says whom the replacement stands for)."""
    names = panels.declined_from(instance, task)
    return names[-1] if names else "—"
