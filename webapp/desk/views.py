"""The desk actions' buttons: 催办 on a waiting case (brand, application and task pages) and 抄送 on the
task page of a decision one made. Each posts here, runs one command, and goes back with a flash."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from webapp import engine
from webapp.desk import batch as batches
from webapp.desk import consulting, copies, opinions, urging
from webapp.errors import Conflict, DomainError, Invalid
from webapp.i18n import _
from webapp.ids import record_id
from webapp.paging import page_number
from webapp.redirects import local_target


@login_required
def urge(instance_id: int) -> Any:
    try:
        done = urging.urge(instance_id, actor=current_user)
    except Conflict as error:
        flash(str(error.message), "error")
    else:
        flash(_("Urged: sent to %(names)s.", names="、".join(user.display_name for user in done.told)), "success")
    return redirect(local_target(request.form.get("next")))


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


def urge_offer(instance_id: int | None) -> urging.UrgeOffer | None:
    """For the pages of other packages: may the reader urge this case (see `desk/_urge.html`)?"""
    return urging.offer(instance_id, current_user) if instance_id else None


def copy_offer(task: engine.HumanTask) -> copies.CopyOffer | None:
    """For the task page: may the reader copy this task's decision (see `desk/_copy.html`)?"""
    return copies.offer(task, current_user)


# --- 加签 (consultation): the holder asks for opinions; the consultants answer on their own page ---------


@login_required
def consult(task_id: int) -> Any:
    try:
        done = consulting.ask_opinion(task_id, request.form.getlist("usernames"), request.form.get("question", ""),
                                      actor=current_user)
    except (Invalid, Conflict) as error:
        flash(_problems(error), "error")
    else:
        said = _("Opinion asked of %(names)s.", names="、".join(user.display_name for user in done.consultants))
        if done.already:
            said += " " + _("Not asked again, still waiting for an answer: %(names)s.",
                            names="、".join(user.display_name for user in done.already))
        flash(said, "success")
    return redirect(url_for("review.task", task_id=task_id, _anchor="opinions"))


@login_required
def consultations() -> Any:
    page = opinions.mine(current_user, page_number(request.args.get("page")) or 1)
    return render_template("desk/consultations.html", page=page)


@login_required
def consultation(consultation_id: int) -> Any:
    return render_template("desk/consultation.html", item=opinions.addressed_to(consultation_id, current_user),
                           errors={}, text="")


@login_required
def give_opinion(consultation_id: int) -> Any:
    text = request.form.get("opinion", "")
    try:
        consulting.give_opinion(consultation_id, text, actor=current_user)
    except Invalid as error:  # drawn again with what was typed
        item = opinions.addressed_to(consultation_id, current_user)
        return render_template("desk/consultation.html", item=item, errors=error.field_errors, text=text), 422
    except Conflict as error:
        flash(str(error.message), "error")
    else:
        flash(_("Your opinion was sent."), "success")
    return redirect(url_for("desk.consultation", consultation_id=consultation_id))


def consult_offer(task: engine.HumanTask) -> opinions.AskOffer | None:
    """For the task page: may the reader ask for opinions on this task (see `desk/_consult_ask.html`)?"""
    return opinions.ask_offer(task, current_user)


def opinions_on(task: engine.HumanTask) -> list[opinions.Opinion]:
    """For the task page, which only who may see the task reaches: the opinions asked on it."""
    return opinions.on_task(task.id)


def opinions_waiting() -> int:
    """For the inbox: how many requests for an opinion wait for the reader's answer."""
    return opinions.waiting_count(current_user) if current_user.is_authenticated else 0


@login_required
def batch_tasks() -> Any:
    """批量办理 from the inbox: each selected task is its own command; the page lists each one's outcome."""
    back = local_target(request.form.get("next") or url_for("review.inbox"))
    try:
        result = _batch(request.form)
    except Invalid as error:
        flash(str(error.message), "error")  # refused as a whole: nothing was done
        return redirect(back)
    return render_template("desk/batch_result.html", result=result, back=back)


def _batch(form: Any) -> batches.BatchResult:
    ids = [record_id(value) or 0 for value in form.getlist("task_ids")]
    action = form.get("action")
    if action == batches.BatchAction.CLAIM:
        return batches.claim_all(ids, actor=current_user)
    if action == batches.BatchAction.COMPLETE:
        return batches.complete_all(ids, form.get("decision", ""), form.get("comment", ""), actor=current_user)
    raise Invalid(_("Choose to claim or to complete the selected tasks."))


def batch_offer(task_filter: str | None, items: list[tuple[engine.HumanTask, Any]]) -> batches.BatchOffer | None:
    """For the inbox filtered to one kind of task: the decisions to complete the selected ones with."""
    return batches.offer(task_filter, [task for task, _instance in items])

