"""The desk actions' buttons: 催办 on a waiting case (brand, application and task pages) and 抄送 on the
task page of a decision one made. Each posts here, runs one command, and goes back with a flash."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, request, url_for
from flask_login import current_user, login_required

from webapp import engine
from webapp.desk import copies, urging
from webapp.errors import Conflict, DomainError, Invalid
from webapp.i18n import _
from webapp.redirects import local_target

bp = Blueprint("desk", __name__, template_folder="templates")


@bp.post("/cases/<int:instance_id>/urge")
@login_required
def urge(instance_id: int) -> Any:
    try:
        done = urging.urge(instance_id, actor=current_user)
    except Conflict as error:
        flash(str(error.message), "error")
    else:
        flash(_("Urged: sent to %(names)s.", names="、".join(user.display_name for user in done.told)), "success")
    return redirect(local_target(request.form.get("next")))


@bp.post("/tasks/<int:task_id>/copies")
@login_required
def copy(task_id: int) -> Any:
    try:
        wanted = copies.parse_request(copies.split_usernames(request.form.get("usernames", "")),
                                      request.form.get("level") or None)
        done = copies.copy_decision(task_id, wanted, actor=current_user)
    except (Invalid, Conflict) as error:
        flash(_problems(error), "error")
    else:
        flash(_("Copied to %(names)s.", names="、".join(user.display_name for user in done.recipients)), "success")
    return redirect(url_for("review.task", task_id=task_id, _anchor="copy"))


def _problems(error: DomainError) -> str:
    """The error with each field's problems, for a flash (the form is not drawn again)."""
    details = [str(message) for messages in error.field_errors.values() for message in messages]
    return " ".join([str(error.message), *details])


@bp.app_template_global()
def urge_offer(instance_id: int | None) -> urging.UrgeOffer | None:
    """For the pages of other packages: may the reader urge this case (see `desk/_urge.html`)?"""
    return urging.offer(instance_id, current_user) if instance_id else None


@bp.app_template_global()
def copy_offer(task: engine.HumanTask) -> copies.CopyOffer | None:
    """For the task page: may the reader copy this task's decision (see `desk/_copy.html`)?"""
    return copies.offer(task, current_user)
