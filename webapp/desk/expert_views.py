"""The expert panel on the task page (`desk/_experts.html`): the expert's 回避 button, the officials'
replacement form. Each posts here, runs one command, and goes back with a flash."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, request, url_for
from flask_login import current_user, login_required

from webapp import engine
from webapp.desk import experts, panels
from webapp.errors import Conflict, DomainError, Invalid
from webapp.i18n import _
from webapp.redirects import local_target


@login_required
def decline_expert(task_id: int) -> Any:
    try:
        experts.decline(task_id, experts.parse_reason(request.form.get("reason")), actor=current_user)
    except (Invalid, Conflict) as error:
        flash(_problems(error), "error")
        return redirect(url_for("review.task", task_id=task_id, _anchor="experts"))
    flash(_("You withdrew from this review; the officials of the level will name a replacement."), "success")
    return redirect(url_for("review.inbox"))


@login_required
def replace_expert(task_id: int) -> Any:
    back = local_target(request.form.get("next") or url_for("review.task", task_id=task_id))
    try:
        done = experts.replace(task_id, experts.parse_expert(request.form.get("expert")), actor=current_user)
    except (Invalid, Conflict) as error:
        flash(_problems(error), "error")
    else:
        flash(_("%(name)s now scores in place of the expert who withdrew.", name=done.expert.display_name), "success")
    return redirect(back)


def _problems(error: DomainError) -> str:
    details = [str(message) for messages in error.field_errors.values() for message in messages]
    return " ".join([str(error.message), *details])


def expert_panel(task: engine.HumanTask, instance: engine.ProcessInstance) -> panels.Panel | None:
    """For the task page: the panel this task belongs to, picked or led to, as the reader may see it."""
    return panels.for_task(task, instance, current_user)
