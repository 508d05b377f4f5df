"""Applicant pages: start an application, keep a draft, follow it level by level; downloads."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user, login_required
from markupsafe import Markup

from webapp import engine, taskforms
from webapp.applications import pages, queries, receipts, services
from webapp.attachments.store import uploads_in
from webapp.clock import now_utc
from webapp.errors import Invalid
from webapp.i18n import _
from webapp.notifications import queries as notifications
from webapp.paging import page_number


@login_required
def index() -> Any:
    page = queries.page_of_applications(current_user, page_number(request.args.get("page")) or 1)
    waiting = page.map(lambda item: (item, engine.open_tasks(item.instance_id) if item.instance_id else []))
    return render_template("applications/index.html", page=waiting, submitted=queries.last_submitted(page.rows),
                           notices=notifications.recent(current_user.id, limit=10))


@login_required
def new() -> Any:
    return _edit(None)


@login_required
def edit(application_id: int) -> Any:
    return _edit(queries.application_for(application_id, current_user))


@login_required
def show(application_id: int) -> Any:
    return render_template("applications/show.html", **_case(application_id))


@login_required
def print_application(application_id: int) -> Any:
    return render_template("applications/print.html", **_case(application_id), printed_at=now_utc())


@login_required
def receipt(application_id: int) -> Any:
    return render_template("applications/receipt.html", receipt=receipts.receipt_for(application_id, current_user),
                           printed_at=now_utc())


def _case(application_id: int) -> dict[str, Any]:
    """What the application's page and its printable version show."""
    application = queries.application_for(application_id, current_user)
    form = taskforms.catalog().get(queries.start_form_key())
    rendered = taskforms.render(form, application.data, {}, locale=pages.locale(), user_options=lambda role: [])
    return {"summary": queries.summary(application.id), "rendered": rendered,
            "waiting": engine.open_tasks(application.instance_id) if application.instance_id else [],
            "entries": pages.history_entries(application.instance_id) if application.instance_id else [],
            "last_submitted": queries.last_submitted([application]).get(application.id)}


@login_required
def attachment(attachment_id: str) -> Any:
    record, path = queries.attachment_for(attachment_id, current_user)
    return send_file(path, mimetype=record.content_type, as_attachment=True, download_name=record.name)


def _edit(draft: Any) -> Any:
    form = taskforms.catalog().get(queries.start_form_key())
    values, errors, status = (draft.data if draft else {}), {}, 200
    if request.method == "POST":
        values = taskforms.html.parse(form, request.form)
        submit = request.form.get("action") == "submit"
        try:
            save = services.submit if submit else services.save_draft
            application = save(values, actor=current_user, application_id=draft.id if draft else None,
                               uploads=uploads_in(request.files))
        except taskforms.UploadsKept as error:
            values, errors, status = error.data, error.field_errors, 422
        except Invalid as error:
            errors, status = error.field_errors, 422
        else:
            flash(_submitted(application.id) if submit else _("Draft saved."), "success")
            return redirect(url_for("applications.show", application_id=application.id))
    rendered = taskforms.render(form, values, errors, locale=pages.locale(), user_options=lambda role: [],
                                region_options=lambda: queries.base_regions_for(current_user))
    return render_template("applications/edit.html", form=rendered, draft=draft), status


def _submitted(application_id: int) -> Markup:
    """The message after submitting, with the way to the receipt."""
    return Markup('{} <a href="{}">{}</a>').format(
        _("Submitted: the village will review it first."),
        url_for("applications.receipt", application_id=application_id), _("Print the receipt"))
