"""The task page's desk forms for hand-overs and going back: 转办, 委派, a supervisor's reassignment or
release, 撤回 and 驳回, and the unit's withdrawal of its application. Each posts here, runs one command,
and goes back with a flash that says what happened."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import flash, redirect, request, url_for
from flask_login import current_user, login_required

from webapp import engine
from webapp.audit.models import AuditEvent
from webapp.auth.models import User
from webapp.db import session
from webapp.desk import handover, rewinding
from webapp.desk.views import _problems
from webapp.errors import Conflict, Invalid
from webapp.i18n import _
from webapp.ids import record_id
from webapp.regions import queries as regions
from webapp.review import acting, queries


@dataclass(frozen=True)
class DeskOffer:
    """What the task page offers its reader besides the form (see `desk/_task_desk.html`)."""

    holder: bool
    colleagues: list[User] = field(default_factory=list)
    """Who the holder may transfer or delegate the task to."""
    return_targets: list[rewinding.ReturnTarget] = field(default_factory=list)
    supervisor: bool = False
    candidates: list[User] = field(default_factory=list)
    """Who a supervisor may give the task to."""
    may_withdraw: bool = False
    delegated_by: User | None = None
    delegate: User | None = None
    returned: AuditEvent | None = None
    """The 驳回 that sent the case back to this task, with its comment."""


def desk_offer(task: engine.HumanTask) -> DeskOffer:
    instance = queries.instance_of(task)
    if task.status != engine.TaskStatus.READY:
        return DeskOffer(holder=False, may_withdraw=rewinding.withdraw_offer(task, current_user))
    by = acting.may_act(task, instance, current_user)
    passable = by is not None and not task.assigned_by_process and \
        task.delegation_state != engine.DelegationState.PENDING
    eligible = acting.eligible_holders(task, instance)
    supervisor = handover.may_supervise(task, current_user)
    return DeskOffer(
        holder=by is not None,
        colleagues=[u for u in eligible if by is not None and u.id not in (current_user.id, by.principal.id)]
        if passable else [],
        return_targets=rewinding.return_targets(task, instance) if by is not None else [],
        supervisor=supervisor, candidates=eligible if supervisor else [],
        delegated_by=session.get(User, task.delegated_by_id) if task.delegated_by_id else None,
        delegate=session.get(User, task.assignee_id) if task.delegation_state and task.assignee_id else None,
        returned=rewinding.return_note(task))


def application_withdraw_offer(application: Any) -> bool:
    """For the application's page: may its unit still take it back (see `rewinding.withdraw_application`)?"""
    return rewinding.application_withdraw_offer(application, current_user)


@login_required
def transfer(task_id: int) -> Any:
    return _handed(task_id, lambda: handover.transfer(task_id, _person(), request.form.get("reason"),
                                                      actor=current_user),
                   _("Transferred to %(name)s; it has left your tasks."))


@login_required
def delegate(task_id: int) -> Any:
    return _handed(task_id, lambda: handover.delegate(task_id, _person(), request.form.get("reason"),
                                                      actor=current_user),
                   _("Delegated to %(name)s; it comes back to you when the decision is prepared."))


@login_required
def reassign(task_id: int) -> Any:
    if request.form.get("to"):
        return _handed(task_id, lambda: handover.reassign(task_id, _person(), request.form.get("reason"),
                                                          actor=current_user), _("Given to %(name)s."),
                       back_to_task=True)
    return _handed(task_id, lambda: handover.release(task_id, request.form.get("reason"), actor=current_user),
                   _("Released: the task is back with its group."), back_to_task=True)


@login_required
def withdraw(task_id: int) -> Any:
    try:
        rewinding.withdraw(task_id, actor=current_user)
    except Conflict as error:
        flash(str(error.message), "error")
    else:
        flash(_("Withdrawn: the task is yours again with what you submitted; the next step has left the inboxes."),
              "success")
    return redirect(url_for("review.task", task_id=task_id))


@login_required
def return_case(task_id: int) -> Any:
    try:
        target = rewinding.return_to(task_id, record_id(request.form.get("target")), request.form.get("comment"),
                                     actor=current_user)
    except (Invalid, Conflict) as error:
        flash(_problems(error), "error")
        return redirect(url_for("review.task", task_id=task_id, _anchor="return"))
    region = regions.get(target.region_code) if target.region_code else None
    flash(_("Returned: %(task)s waits again at %(region)s. It has left your tasks.", task=target.name,
            region=region.name if region else "—"), "success")
    return redirect(url_for("review.inbox"))


@login_required
def withdraw_application(application_id: int) -> Any:
    try:
        rewinding.withdraw_application(application_id, actor=current_user)
    except Conflict as error:
        flash(str(error.message), "error")
    else:
        flash(_("Withdrawn: the application is a draft again; change it and submit it when ready."), "success")
    return redirect(url_for("applications.show", application_id=application_id))


def _handed(task_id: int, command: Any, said: str, *, back_to_task: bool = False) -> Any:
    try:
        done = command()
    except (Invalid, Conflict) as error:
        flash(_problems(error), "error")
        return redirect(url_for("review.task", task_id=task_id, _anchor="desk"))
    flash(said % {"name": done.to.display_name if done.to else ""}, "success")
    return redirect(url_for("review.task", task_id=task_id) if back_to_task else url_for("review.inbox"))


def _person() -> int | None:
    return record_id(request.form.get("to"))

