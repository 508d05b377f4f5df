"""Guards that whole blueprints put before their pages (`bp.before_request`)."""

from __future__ import annotations

from flask import abort
from flask_login import current_user, login_required

from webapp.auth.roles import ADMIN


@login_required  # anonymous visitors are sent to sign in first
def administrators_only() -> None:
    """The administration pages (users, undelivered messages): administrators only, anyone else gets 403."""
    if not current_user.has_role(ADMIN):
        abort(403)
