"""Claim, unclaim and complete any human task of any process: the one write path for officials,
experts and applicants alike, used by the JSON API and the web pages."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from webapp import engine, signals, taskforms
from webapp.attachments import store as attachments
from webapp.attachments.models import case_key
from webapp.audit import services as audit
from webapp.audit.models import AuditAction
from webapp.auth import permissions
from webapp.auth.models import User
from webapp.auth.roles import APPLICANT
from webapp.clock import now_utc
from webapp.db import session, transaction
from webapp.errors import Conflict, Forbidden, NotFound, TaskNotReady
from webapp.i18n import _
from webapp.review import queries


def claim_task(task_id: int, *, actor: User) -> engine.HumanTask:
    with transaction():
        instance, task = _locked_task(task_id)
        _check_may_act(task, instance, actor)
        if task.assignee_id == actor.id:
            return task
        if task.assignee_id is not None:
            raise Conflict(_("Task %(id)s is already claimed by someone else.", id=task.id))
        task.assignee_id, task.claimed_at = actor.id, now_utc()
        audit.record(instance, AuditAction.TASK_CLAIMED, actor=actor, task=task)
        return task


def unclaim_task(task_id: int, *, actor: User) -> engine.HumanTask:
    with transaction():
        instance, task = _locked_task(task_id)
        _check_may_act(task, instance, actor)
        if task.assigned_by_process:
            raise Conflict(_("Task %(id)s was assigned to you by the process and cannot be released.", id=task.id))
        if task.assignee_id != actor.id:
            raise Conflict(_("Task %(id)s is not claimed by you.", id=task.id))
        task.assignee_id, task.claimed_at = None, None
        audit.record(instance, AuditAction.TASK_UNCLAIMED, actor=actor, task=task)
        return task


def complete_task(task_id: int, data: Any, *, actor: User) -> tuple[engine.HumanTask, engine.Outcome]:
    """Validate the form, complete the task in the engine, audit it and tell the other packages."""
    with transaction():
        instance, task = _locked_task(task_id)
        _check_may_act(task, instance, actor)
        form = taskforms.catalog().get(task.form_key or "")
        cleaned = taskforms.validate(form, data)
        case = case_key(instance_id=instance.id)
        taskforms.check_references(
            form, cleaned, user_pool=lambda role: {u.id for u in queries.pool(role, task, instance)},
            attachment_usable=lambda item: attachments.usable(item, actor_id=actor.id, case=case))
        attachments.bind(taskforms.attachment_ids(form, cleaned), instance_id=instance.id)
        outcome = engine.complete(instance, task, cleaned, actor_id=actor.id)
        audit.record(instance, AuditAction.TASK_COMPLETED, actor=actor, task=task,
                     decision=_decision(cleaned), data=cleaned)
        audit.record_outcome(instance, outcome)
        signals.instance_advanced.send(instance.process_key, instance=instance, outcome=outcome, actor=actor,
                                       task=task, data=cleaned)
        return task, outcome


def _locked_task(task_id: int) -> tuple[engine.ProcessInstance, engine.HumanTask]:
    instance_id = session.scalar(select(engine.HumanTask.instance_id).where(engine.HumanTask.id == task_id))
    if instance_id is None:
        raise NotFound(_("Task %(id)s does not exist.", id=task_id))
    instance = engine.lock(instance_id)
    task = session.get(engine.HumanTask, task_id, populate_existing=True)
    assert task is not None  # tasks are never deleted
    return instance, task


def _check_may_act(task: engine.HumanTask, instance: engine.ProcessInstance, actor: User) -> None:
    if not permissions.may_act(actor.role_pairs, actor.owner_keys, group=task.candidate_group,
                               region_code=task.region_code, owner_key=task.owner_key):
        raise Forbidden(_("Task %(id)s is outside your jurisdiction or role.", id=task.id))
    if task.assigned_by_process and task.assignee_id != actor.id:
        raise Forbidden(_("Task %(id)s is assigned to another person.", id=task.id))
    if task.status != engine.TaskStatus.READY:
        raise TaskNotReady(task.id, task.status)
    if task.assignee_id is not None and task.assignee_id != actor.id:
        raise Conflict(_("Task %(id)s is claimed by someone else; ask them to release it.", id=task.id))
    if task.candidate_group != APPLICANT and actor.id in queries.reviewers_elsewhere(instance, task.lane):
        raise Forbidden(_("You already reviewed this case at another level; an official never reviews one "
                          "application at two levels."))
    if queries.reviews_own_case(task, instance, actor):
        raise Forbidden(_("This case belongs to your own creation unit, or you acted on it as its applicant; "
                          "nobody reviews their own application."))


def _decision(data: dict[str, Any]) -> str | None:
    value = data.get("decision")
    return str(value) if value is not None else None
