"""The inbox and the task page: every human task of every process is done here."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from webapp import engine, taskforms
from webapp.attachments.store import uploads_in
from webapp.clock import now_utc
from webapp.errors import Conflict, Invalid
from webapp.i18n import _
from webapp.notifications import reminders
from webapp.paging import page_number
from webapp.review import acting, completion, pages, queries, services


@login_required
def inbox() -> Any:
    args = request.args
    filters = queries.InboxFilters(
        level=args.get("level") or None, task=args.get("task") or None, brand=args.get("brand") or None,
        region=args.get("region") or None, due=args.get("due") if args.get("due") in ("overdue", "soon") else None,
        sort=args.get("sort", "due"), page=page_number(args.get("page")) or 1)
    result = queries.inbox(current_user, filters)
    return render_template("review/inbox.html", result=result, filters=filters,
                           standing_in=acting.standing_in(current_user, result.page.rows),
                           regions=queries.region_counts(current_user),
                           escalated=reminders.escalated_to(current_user))


@login_required
def task(task_id: int) -> Any:
    item, instance = acting.task_for(task_id, current_user)
    values, errors, status = pages.initial_values(item, instance), {}, 200
    if request.method == "POST":
        values = taskforms.html.parse(taskforms.catalog().get(item.form_key or ""), request.form)
        uploads = uploads_in(request.files)
        try:
            if _delegated_to_me(item):
                services.resolve_task(task_id, values, actor=current_user, uploads=uploads)
                flash(_("Handed back with your draft; the holder checks and submits it."), "success")
                return redirect(url_for("review.inbox"))
            done = services.complete_task(task_id, values, actor=current_user, uploads=uploads)
        except taskforms.UploadsKept as error:
            values, errors, status = error.data, error.field_errors, 422
        except Invalid as error:
            errors, status = error.field_errors, 422
        except Conflict as error:
            flash(str(error.message), "error")
            return redirect(url_for("review.task", task_id=task_id))
        else:
            flash(completion.notice(done), "success")
            return redirect(url_for(completion.next_page(done)))
    page = pages.case_page(item, instance, current_user)
    form = pages.task_form(item, instance, values, errors) if page.may_act and item.form_key else None
    return render_template("review/task.html", page=page, form=form, resolving=_delegated_to_me(item)), status


@login_required
def print_task(task_id: int) -> Any:
    item, instance = acting.task_for(task_id, current_user)
    return render_template("review/print.html", page=pages.case_page(item, instance, current_user),
                           printed_at=now_utc())


@login_required
def claim(task_id: int) -> Any:
    services.claim_task(task_id, actor=current_user)
    flash(_("You claimed this task; colleagues see it is yours."), "success")
    if request.form.get("back") == "inbox":
        return redirect(url_for("review.inbox"))
    return redirect(url_for("review.task", task_id=task_id))


@login_required
def unclaim(task_id: int) -> Any:
    services.unclaim_task(task_id, actor=current_user)
    flash(_("You released this task."), "success")
    return redirect(url_for("review.task", task_id=task_id))


def _delegated_to_me(task: engine.HumanTask) -> bool:
    return task.delegation_state == engine.DelegationState.PENDING and task.assignee_id == current_user.id
