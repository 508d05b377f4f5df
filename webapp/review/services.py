"""Claim, unclaim and complete any human task of any process: the one write path for officials,
experts and applicants alike, used by the JSON API and the web pages."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from webapp import engine, taskforms
from webapp.applications.models import Application, ApplicationStatus
from webapp.applications.services import check_revision
from webapp.attachments import store as attachments
from webapp.attachments.models import case_key
from webapp.attachments.store import Upload
from webapp.audit import services as audit
from webapp.audit.models import AuditAction
from webapp.auth.models import User
from webapp.clock import now_utc
from webapp.command_log import logged
from webapp.db import session, transaction
from webapp.errors import Conflict
from webapp.i18n import N_, _
from webapp.notifications.arrivals import task_link, task_params
from webapp.notifications.models import MessageKind
from webapp.notifications.services import send
from webapp.review import acting, queries
from webapp.subjects import SubjectType


@dataclass(frozen=True)
class Completion:
    """A completed task and where its case stands once everything the completion set off has run: the
    tasks it waits at now, or (`outcome.finished`) how it ended."""

    task: engine.HumanTask
    instance: engine.ProcessInstance
    outcome: engine.Outcome
    waiting: list[engine.HumanTask]
    application_status: ApplicationStatus | None
    """The application's status after it, when the case is an application (a creation unit's revision)."""
    decision: str | None = None
    """The form's `decision` (`forward`, `return`...), when it has one."""


RESOLVED = N_("%(who)s prepared the decision %(task)s for %(brand)s and handed it back to you: check it and submit.")


@logged("task {task_id} claimed by user {actor.id}")
def claim_task(task_id: int, *, actor: User) -> engine.HumanTask:
    with transaction():
        instance, task = engine.lock_task(task_id)
        by = acting.acting_on(task, instance, actor)
        if task.assignee_id == actor.id:
            return task
        if task.assignee_id is not None:
            raise Conflict(_("Task %(id)s is already claimed by someone else.", id=task.id))
        task.assignee_id, task.claimed_at = actor.id, now_utc()
        audit.record(instance, AuditAction.TASK_CLAIMED, actor=actor, task=task, data=by.trail() or None)
        return task


@logged("task {task_id} released by user {actor.id}")
def unclaim_task(task_id: int, *, actor: User) -> engine.HumanTask:
    with transaction():
        instance, task = engine.lock_task(task_id)
        acting.acting_on(task, instance, actor)
        if task.assigned_by_process:
            raise Conflict(_("Task %(id)s was assigned to you by the process and cannot be released.", id=task.id))
        if task.delegation_state == engine.DelegationState.PENDING:
            raise Conflict(_("Task %(id)s was delegated to you: hand it back to its holder instead.", id=task.id))
        if task.assignee_id != actor.id:
            raise Conflict(_("Task %(id)s is not claimed by you.", id=task.id))
        task.assignee_id, task.claimed_at = None, None
        audit.record(instance, AuditAction.TASK_UNCLAIMED, actor=actor, task=task)
        return task


@logged("task {task_id} completed by user {actor.id}: {result.decision}")
def complete_task(task_id: int, data: Any, *, actor: User, uploads: Sequence[Upload] = ()) -> Completion:
    """Store the files chosen in the form, validate it, complete the task in the engine, audit it and tell
    the other packages."""
    with transaction():
        instance, task = engine.lock_task(task_id)
        by = acting.acting_on(task, instance, actor)
        if task.delegation_state == engine.DelegationState.PENDING:
            raise Conflict(_("You were asked to prepare this decision: hand it back to %(owner)s with your draft; "
                             "the holder completes the task.", owner=_owner_name(task)))
        form = taskforms.catalog().get(task.form_key or "")
        data = taskforms.store_uploads(form, uploads, data, actor_id=actor.id)
        kept = taskforms.KeepUploads(uploads, data)
        with kept:
            cleaned = taskforms.validate(form, data)
            case = case_key(instance_id=instance.id)
            taskforms.check_references(
                form, cleaned, user_pool=lambda role: {u.id for u in queries.pool(role, task, instance)},
                attachment_usable=lambda item: attachments.usable(item, actor_id=actor.id, case=case))
            check_revision(instance, task, cleaned)
            attachments.bind(taskforms.attachment_ids(form, cleaned), instance_id=instance.id)
            # recorded before the engine step, so that the case's row is written once with both
            audit.record(instance, AuditAction.TASK_COMPLETED, actor=actor, task=task,
                         decision=_decision(cleaned), data={**cleaned, **by.trail()})
            outcome = engine.complete(instance, task, cleaned, actor_id=actor.id)
            audit.case_advanced(instance, outcome, actor=actor, task=task, data=cleaned)
            return Completion(task, instance, outcome, engine.waiting_tasks(instance),
                              _application_status(instance), _decision(cleaned))
    kept.refuse()


@logged("task {task_id} handed back to user {result.assignee_id} by user {actor.id}")
def resolve_task(task_id: int, data: Any, *, actor: User, uploads: Sequence[Upload] = ()) -> engine.HumanTask:
    """委派 resolved: the delegate hands the task back to its holder with the decision prepared (the form
    filled and valid); the holder checks it and completes the task."""
    with transaction():
        instance, task = engine.lock_task(task_id)
        acting.acting_on(task, instance, actor)
        if task.delegation_state != engine.DelegationState.PENDING or task.assignee_id != actor.id:
            raise Conflict(_("Task %(id)s is not delegated to you.", id=task.id))
        form = taskforms.catalog().get(task.form_key or "")
        data = taskforms.store_uploads(form, uploads, data, actor_id=actor.id)
        kept = taskforms.KeepUploads(uploads, data)
        with kept:
            return _hand_back(instance, task, taskforms.validate(form, data), actor)
    kept.refuse()


def _hand_back(instance: engine.ProcessInstance, task: engine.HumanTask, cleaned: dict[str, Any],
               actor: User) -> engine.HumanTask:
    """The delegate's valid draft goes to the task with the holder, who is told."""
    owner = session.get(User, task.delegated_by_id)
    task.draft, task.delegation_state = cleaned, engine.DelegationState.RESOLVED
    task.assignee_id, task.claimed_at = task.delegated_by_id, now_utc()
    event = audit.record(instance, AuditAction.TASK_RESOLVED, actor=actor, task=task, decision=_decision(cleaned),
                         data={"draft": cleaned, "back_to": {"id": owner.id, "name": owner.display_name}
                               if owner else None})
    send([owner] if owner else [], MessageKind.TASK_RESOLVED, RESOLVED,
         {**task_params(task, instance), "who": actor.display_name},
         event_key=f"case:{instance.id}:event:{event.seq}", link=task_link(task.id), instance_id=instance.id,
         task_id=task.id)
    return task


def _application_status(instance: engine.ProcessInstance) -> ApplicationStatus | None:
    if instance.subject_type != SubjectType.APPLICATION:
        return None
    application = session.get(Application, instance.subject_id)
    return application.status if application is not None else None


def _owner_name(task: engine.HumanTask) -> str:
    owner = session.get(User, task.delegated_by_id) if task.delegated_by_id else None
    return owner.display_name if owner else "—"


def _decision(data: dict[str, Any]) -> str | None:
    value = data.get("decision")
    return str(value) if value is not None else None
