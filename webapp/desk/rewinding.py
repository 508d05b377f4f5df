"""Taking a case back: 撤回 (withdraw a step one completed, or a submitted application) and 驳回 (a level
sends the case back to an earlier level's decision).

Both go back through the engine (`engine.rewind`, SpiffWorkflow's reset to a completed task): the task
arrives again in its inbox row with what it was completed with, every task after it leaves the inboxes
and their timers stop. Where a case may be returned to is the diagram's to say: a user task lists the
earlier tasks it may send the case back to in its `returnTo` property (BPMN ids, comma-separated). A
level that has already recognized the brand cannot return it (its library entry and certificate stand;
the exit procedure is the way out), so the bundled diagrams offer returns only before recognition.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from webapp import engine
from webapp.applications.models import Application, ApplicationStatus
from webapp.applications.rules import WITHDRAWN_OUTCOME
from webapp.audit import services as audit
from webapp.audit.models import AuditAction, AuditEvent
from webapp.auth import queries as people
from webapp.auth.models import User
from webapp.command_log import logged
from webapp.db import session, transaction
from webapp.errors import Conflict, Forbidden, Invalid, NotFound
from webapp.i18n import N_, _
from webapp.notifications.arrivals import task_link, task_params
from webapp.notifications.models import MessageKind
from webapp.notifications.services import send
from webapp.regions import queries as regions
from webapp.review import acting

RETURN_TO = "returnTo"
COMMENT_MIN, COMMENT_MAX = 2, 2000
QUIET_AFTERWARDS = frozenset({AuditAction.URGED, AuditAction.COPIED, AuditAction.WARNING,
                              AuditAction.DEADLINE_MOVED, AuditAction.ESCALATED})
"""Events that may follow a completion without anyone having acted on the next step."""
WITHDRAWN = N_("%(who)s withdrew the step before %(task)s for %(brand)s; it has left your tasks.")
RETURNED = N_("%(who)s (%(level)s level) returned %(brand)s to you: %(task)s. Comment: %(comment)s")


@dataclass(frozen=True)
class ReturnTarget:
    """An earlier level's completed decision the case may be sent back to."""

    task: engine.HumanTask
    completed_by: str


@logged("task {task_id} withdrawn by user {actor.id}")
def withdraw(task_id: int, *, actor: User) -> engine.HumanTask:
    """撤回: who completed a step takes it back while nobody has acted on what came next."""
    with transaction():
        instance, task = engine.lock_task(task_id)
        _check_withdrawable(task, instance, actor)
        gone = _open_tasks(instance)
        outcome = engine.rewind(instance, task, task.submitted or {})
        event = audit.record(instance, AuditAction.TASK_WITHDRAWN, actor=actor, task=task,
                             data={"removed": [t.name for t in gone]})
        _tell_holders_of(gone, instance, event, actor)
        audit.case_advanced(instance, outcome, actor=actor, task=None, data=None)
        return task


def withdraw_offer(task: engine.HumanTask, user: User) -> bool:
    """Should the task page offer its completer the withdraw button?"""
    if task.status != engine.TaskStatus.DONE or task.completed_by_id != user.id:
        return False
    instance = session.get(engine.ProcessInstance, task.instance_id)
    try:
        _check_withdrawable(task, instance, user) if instance else None
    except (Conflict, Forbidden):
        return False
    return instance is not None


@logged("application {application_id} withdrawn by user {actor.id}")
def withdraw_application(application_id: int, *, actor: User) -> Application:
    """The creation unit takes back a submitted application before the village acts on it: the case ends
    (outcome `withdrawn`) and the application, following its case, is a draft again to change and submit anew."""
    with transaction():
        application = session.get(Application, application_id)
        if application is None or application.instance_id is None or actor.creation_unit_id is None \
                or application.unit_id != actor.creation_unit_id:
            raise NotFound(_("Application %(id)s does not exist.", id=application_id))
        instance = engine.lock(application.instance_id)
        if not _application_untouched(application, instance):
            raise Conflict(_("The application can no longer be withdrawn: the village has acted on it."))
        gone = _open_tasks(instance)
        outcome = engine.cancel(instance, WITHDRAWN_OUTCOME)
        event = audit.record(instance, AuditAction.APPLICATION_WITHDRAWN, actor=actor, lane=None,
                             data={"removed": [t.name for t in gone]})
        audit.case_advanced(instance, outcome, actor=actor, task=None, data=None)
        _tell_holders_of(gone, instance, event, actor)
        return application


def application_withdraw_offer(application: Application, user: User) -> bool:
    """Should the application's page offer its unit the withdraw button?"""
    if application.instance_id is None or user.creation_unit_id != application.unit_id:
        return False
    instance = session.get(engine.ProcessInstance, application.instance_id)
    return instance is not None and _application_untouched(application, instance)


def _application_untouched(application: Application, instance: engine.ProcessInstance) -> bool:
    started = session.scalar(select(AuditEvent.seq).where(
        AuditEvent.instance_id == instance.id, AuditEvent.action == AuditAction.INSTANCE_STARTED))
    return instance.status == engine.InstanceStatus.RUNNING and application.status == ApplicationStatus.IN_REVIEW \
        and started is not None and _untouched_since(instance, started)


def return_targets(task: engine.HumanTask, instance: engine.ProcessInstance) -> list[ReturnTarget]:
    """The earlier levels' decisions the diagram lets this task send the case back to, latest per level."""
    wanted = [name.strip() for name in str((task.properties or {}).get(RETURN_TO, "")).split(",") if name.strip()]
    if not wanted or task.status != engine.TaskStatus.READY:
        return []
    done = session.scalars(select(engine.HumanTask).where(
        engine.HumanTask.instance_id == instance.id, engine.HumanTask.status == engine.TaskStatus.DONE,
        engine.HumanTask.bpmn_id.in_(wanted), engine.HumanTask.lane != task.lane)
        .order_by(engine.HumanTask.completed_at.desc(), engine.HumanTask.id.desc()))
    latest: dict[str | None, engine.HumanTask] = {}
    for row in done:
        latest.setdefault(row.lane, row)
    names = people.user_names({row.completed_by_id for row in latest.values()})
    return [ReturnTarget(row, names.get(row.completed_by_id or 0, "—")) for row in latest.values()]


@logged("task {task_id} sent back by user {actor.id}: the case waits at task {result.id}")
def return_to(task_id: int, target_task_id: Any, comment: Any, *, actor: User) -> engine.HumanTask:
    """驳回: the holder of a task sends the case back to an earlier level's decision, with a comment shown
    there. The earlier level decides again; the case then comes up the levels once more."""
    with transaction():
        instance, task = engine.lock_task(task_id)
        by = acting.acting_on(task, instance, actor)
        text = comment.strip() if isinstance(comment, str) else ""
        if not COMMENT_MIN <= len(text) <= COMMENT_MAX:
            raise Invalid(_("Say why the case goes back; nothing was changed."), field_errors={"comment": [
                _("Write between %(min)s and %(max)s characters.", min=COMMENT_MIN, max=COMMENT_MAX)]})
        target = next((t.task for t in return_targets(task, instance) if target_task_id in (t.task.id,
                                                                                            str(t.task.id))), None)
        if target is None:
            raise Invalid(_("Choose an earlier level the diagram lets this task return to."),
                          field_errors={"target": [_("Not a level this case may go back to.")]})
        if _recognized_at(instance, task.lane):
            raise Conflict(_("This level has already recognized the brand; it cannot send the case back."))
        gone = [t for t in _open_tasks(instance) if t.id != task.id]
        outcome = engine.rewind(instance, target, target.submitted or {})
        event = audit.record(instance, AuditAction.CASE_RETURNED, actor=actor, task=task, data={
            "to_level": target.lane, "to_task": target.name, "to_task_uuid": target.task_uuid, "comment": text,
            **by.trail()})
        holders = people.may_act_on(target.candidate_group, target.region_code, target.owner_key, target.assignee_id,
                                    named_by_process=target.assigned_by_process)
        send(holders, MessageKind.CASE_RETURNED, RETURNED,
             {**task_params(target, instance), "who": actor.display_name, "comment": text,
              **regions.level_names(task.lane)},
             event_key=f"case:{instance.id}:event:{event.seq}", link=task_link(target.id), instance_id=instance.id,
             task_id=target.id)
        _tell_holders_of(gone, instance, event, actor)
        audit.case_advanced(instance, outcome, actor=actor, task=None, data=None)
        return target


def return_note(task: engine.HumanTask) -> AuditEvent | None:
    """The 驳回 that brought this open task back, with its comment, if that is how it arrived."""
    if task.status != engine.TaskStatus.READY or task.submitted is None:
        return None
    last_done = session.scalar(select(AuditEvent.seq).where(
        AuditEvent.instance_id == task.instance_id, AuditEvent.action == AuditAction.TASK_COMPLETED,
        AuditEvent.task_uuid == task.task_uuid).order_by(AuditEvent.seq.desc()).limit(1))
    return session.scalars(select(AuditEvent).where(
        AuditEvent.instance_id == task.instance_id, AuditEvent.action == AuditAction.CASE_RETURNED,
        AuditEvent.seq > (last_done or 0)).order_by(AuditEvent.seq.desc()).limit(1)).first()


def _check_withdrawable(task: engine.HumanTask, instance: engine.ProcessInstance, actor: User) -> None:
    if task.status != engine.TaskStatus.DONE or task.completed_by_id != actor.id:
        raise Forbidden(_("Only who completed a step may withdraw it."))
    if instance.status != engine.InstanceStatus.RUNNING:
        raise Conflict(_("The case has finished; a finished case is not withdrawn."))
    completed = session.scalar(select(AuditEvent.seq).where(
        AuditEvent.instance_id == instance.id, AuditEvent.action == AuditAction.TASK_COMPLETED,
        AuditEvent.task_uuid == task.task_uuid).order_by(AuditEvent.seq.desc()).limit(1))
    if completed is None or not _untouched_since(instance, completed):
        raise Conflict(_("The next step has already been taken up; the decision can no longer be withdrawn."))


def _untouched_since(instance: engine.ProcessInstance, seq: int) -> bool:
    """Has nobody acted on the case since its event `seq` (no claim, completion, timer, hand-over...)?"""
    later = session.scalars(select(AuditEvent.action).where(AuditEvent.instance_id == instance.id,
                                                            AuditEvent.seq > seq))
    if any(action not in QUIET_AFTERWARDS for action in later):
        return False
    return all(t.claimed_at is None for t in _open_tasks(instance))


def _open_tasks(instance: engine.ProcessInstance) -> list[engine.HumanTask]:
    return list(session.scalars(select(engine.HumanTask).where(
        engine.HumanTask.instance_id == instance.id, engine.HumanTask.status == engine.TaskStatus.READY)))


def _recognized_at(instance: engine.ProcessInstance, lane: str | None) -> bool:
    return session.scalar(select(AuditEvent.id).where(
        AuditEvent.instance_id == instance.id, AuditEvent.action == AuditAction.LEVEL_RECOGNIZED,
        AuditEvent.lane == lane).limit(1)) is not None


def _tell_holders_of(gone: list[engine.HumanTask], instance: engine.ProcessInstance, event: AuditEvent,
                     actor: User) -> None:
    """Those whose tasks just left their inboxes hear why."""
    for task in gone:
        holders = people.may_act_on(task.candidate_group, task.region_code, task.owner_key, task.assignee_id,
                                    named_by_process=task.assigned_by_process)
        send([h for h in holders if h.id != actor.id], MessageKind.TASK_WITHDRAWN, WITHDRAWN,
             {**task_params(task, instance), "who": actor.display_name},
             event_key=f"case:{instance.id}:event:{event.seq}:{task.id}", link=task_link(task.id),
             instance_id=instance.id, task_id=task.id)

