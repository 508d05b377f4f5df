"""Signing in and out of the web interface."""

from __future__ import annotations

from typing import Any

from flask import redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length

from webapp.auth import signin
from webapp.auth.models import User
from webapp.db import session as db_session
from webapp.errors import TooManyAttempts, Unauthorized
from webapp.extensions import login_manager
from webapp.i18n import _
from webapp.redirects import local_target

SESSION_EPOCH = "epoch"


class LoginForm(FlaskForm):
    username = StringField(_("Username"), validators=[DataRequired(), Length(max=60)])
    password = PasswordField(_("Password"), validators=[DataRequired(), Length(max=200)])


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    user = db_session.get(User, int(user_id)) if user_id.isdecimal() else None
    if user is None or not user.active or session.get(SESSION_EPOCH) != user.session_epoch:
        return None  # deactivated, or signed out since this session began
    return user


def login() -> Any:
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        try:
            user = signin.sign_in(form.username.data or "", form.password.data or "", source=request.remote_addr or "")
        except (Unauthorized, TooManyAttempts) as error:
            form.password.errors.append(str(error.message))
            status = error.status
        else:
            target = request.args.get("next")
            session.clear()  # a fresh session on sign-in: no fixation
            login_user(user)
            session[SESSION_EPOCH] = user.session_epoch
            return redirect(local_target(target))
    elif request.method == "POST":
        status = 400
    return render_template("auth/login.html", form=form), status


def logout() -> Any:
    if current_user.is_authenticated:
        signin.sign_out(current_user.id)
    logout_user()
    session.clear()
    return redirect(url_for("auth.login"))
