"""Undeliverable messages (无法送达的消息): the e-mails and webhook posts that failed or are still
being retried, for the administrators of their recipients, with a button to send one again. The
users' pages under /admin/users are `webapp.people`'s."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from webapp.errors import Conflict
from webapp.i18n import _
from webapp.notifications import outbox
from webapp.paging import page_number


def deliveries() -> Any:
    number = page_number(request.args.get("page"))
    try:
        showing = outbox.Showing(request.args.get("showing") or outbox.Showing.FAILED)
    except ValueError:
        showing = None
    if number is None or showing is None:
        abort(404)
    page = outbox.undelivered(current_user, showing=showing, number=number)
    return render_template("admin/deliveries.html", page=page, showing=showing, choices=list(outbox.Showing))


def retry_delivery(delivery_id: int) -> Any:
    try:
        delivery = outbox.retry(delivery_id, actor=current_user)
    except Conflict as error:
        flash(str(error.message), "error")
    else:
        flash(_("Delivery %(id)s will be sent again in a moment.", id=delivery.id), "success")
    return redirect(url_for("admin.deliveries", showing=request.form.get("showing") or None))
