"""An administrator and one user's substitutes (代理): set one for someone already away, or cancel one
(the same page as the user's own, `desk.substitute_views`); and what deactivating a user handed on."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, request, url_for
from flask_login import current_user

from webapp.auth import queries
from webapp.auth.models import User
from webapp.db import session
from webapp.desk import substitute_views, substitutes
from webapp.i18n import _
from webapp.people.services import Updated


def user_substitutes(user_id: int) -> Any:
    user = session.get(User, user_id)
    if user is None or user not in queries.users_administered_by(current_user):
        abort(404)
    if request.method == "POST":
        return substitute_views.set_from_form(user, url_for("people.user_substitutes", user_id=user.id), admin=True)
    return substitute_views.page(user, admin=True)


def released_flash(updated: Updated) -> None:
    """After saving a user: which tasks his deactivation handed on, and that his substitutions stay."""
    if updated.released:
        waiting = _("waits for a replacement")
        tasks = "；".join(f"{item.brand}：{item.task}" + (f"（{waiting}）" if item.assigned_by_process else "")
                         for item in updated.released)
        flash(_("The tasks of %(name)s were handed on: %(tasks)s.", name=updated.user.display_name, tasks=tasks),
              "warning")
    if not updated.user.active and any(item.cancellable for item in [
            *substitutes.as_principal(updated.user.id), *substitutes.as_substitute(updated.user.id)]):
        flash(_("The substitutions of %(name)s are kept; cancel them on his substitutes page if they should end.",
                name=updated.user.display_name), "info")
