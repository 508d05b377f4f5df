"""The signed-in user's own account: their API tokens, and signing out everywhere."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, session, url_for
from flask_login import current_user, login_required, logout_user

from webapp.auth import tokens
from webapp.clock import now_utc
from webapp.i18n import _


@login_required
def signed_in_only() -> None:
    pass


def token_list() -> Any:
    return render_template("auth/tokens.html", tokens=tokens.tokens_of(current_user.id, actor=current_user),
                           now=now_utc())


def revoke_token(token_id: int) -> Any:
    token = tokens.revoke_token(token_id, actor=current_user)
    flash(_("Token %(id)s is revoked.", id=token.id), "success")
    return redirect(url_for("account.token_list"))


def sign_out_everywhere() -> Any:
    tokens.sign_out_everywhere(current_user.id, actor=current_user)
    logout_user()
    session.clear()
    flash(_("You are signed out everywhere: every session and every API token of yours has ended."), "success")
    return redirect(url_for("auth.login"))
