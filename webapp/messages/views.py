"""The message centre's pages: the bell's count on every page, the list of one's messages (open one,
mark read), and one's notification settings. Only the recipient sees or changes a message."""

from __future__ import annotations

from typing import Any

from flask import flash, g, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from webapp.errors import Invalid
from webapp.i18n import _
from webapp.notifications import preferences, queries, services
from webapp.notifications.models import MessageKind
from webapp.redirects import local_target
from webapp.vocabulary import MESSAGE_KINDS, named

FLAGS = ("email_enabled", "webhook_enabled", "daily_digest")


def bell() -> dict[str, Any]:
    def unread_messages() -> int:
        """One count on the (recipient, read_at) index per page, for the bell in the page header."""
        if not current_user.is_authenticated:
            return 0
        if "unread_messages" not in g:
            g.unread_messages = queries.unread_count(current_user.id)
        return int(g.unread_messages)

    return {"unread_messages": unread_messages}


def message_kind(kind: str) -> str:
    return named(MESSAGE_KINDS, str(kind))


@login_required
def signed_in_only() -> None:
    pass


def index() -> Any:
    kinds = [(str(kind), message_kind(kind)) for kind in MessageKind]
    try:
        filters = queries.MessageFilters.parse(request.args)
    except Invalid as error:
        return render_template("messages/index.html", page=None, filters=None, errors=error.field_errors,
                               kinds=kinds, args=request.args), 422
    return render_template("messages/index.html", page=queries.page_of(current_user.id, filters), filters=filters,
                           errors={}, kinds=kinds, args=request.args)


def open_message(message_id: int) -> Any:
    """Marks the message read and follows its link, which is always a path on this site."""
    message = services.read_message(message_id, actor=current_user)
    return redirect(local_target(message.link) if message.link else url_for("messages.index"))


def mark_read(message_id: int) -> Any:
    services.read_message(message_id, actor=current_user)
    return redirect(_back())


def mark_all_read() -> Any:
    services.mark_read(current_user, None)
    flash(_("All your messages are marked as read."), "success")
    return redirect(_back())


def settings() -> Any:
    if request.method == "GET":
        return render_template("messages/settings.html", values=services.settings_of(current_user.id), errors={})
    form = {"language": request.form.get("language", ""), "email": request.form.get("email", ""),
            "phone": request.form.get("phone", ""), **{name: name in request.form for name in FLAGS}}
    try:
        preferences.save(preferences.validate(form), actor=current_user)
    except Invalid as error:
        return render_template("messages/settings.html", values=form, errors=error.field_errors), 422
    flash(_("Your notification settings are saved."), "success")
    return redirect(url_for("messages.settings"))


def _back() -> str:
    """The list as the person left it (its filters and page); nowhere off this site."""
    target = request.form.get("next") or ""
    return local_target(target) if target.startswith("/messages") else url_for("messages.index")
