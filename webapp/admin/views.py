"""User administration: create users, assign roles at regions, deactivate."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, PasswordField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from webapp.admin import people
from webapp.auth import queries, tokens
from webapp.auth.models import User
from webapp.auth.roles import ADMIN
from webapp.clock import now_utc
from webapp.db import session
from webapp.errors import Invalid
from webapp.i18n import _

bp = Blueprint("admin", __name__, template_folder="templates", url_prefix="/admin")


class UserForm(FlaskForm):
    username = StringField(_("Username"), validators=[DataRequired(), Length(max=60)])
    display_name = StringField(_("Name shown to others"), validators=[Length(max=100)])
    password = PasswordField(_("Password"), validators=[Optional(), Length(max=200)])
    roles = TextAreaField(_("Roles, one per line as role@region code"), validators=[Length(max=4000)])
    creation_unit_id = IntegerField(_("Creation unit id (applicants only)"), validators=[Optional()])
    active = BooleanField(_("Active"), default=True)


@bp.before_request
@login_required
def administrators_only() -> None:
    if not current_user.has_role(ADMIN):
        abort(403)


@bp.get("/users")
def users() -> Any:
    search = request.args.get("q", "").strip()
    return render_template("admin/users.html", users=queries.users_administered_by(current_user, search=search),
                           search=search)


@bp.route("/users/new", methods=["GET", "POST"])
def new_user() -> Any:
    form = UserForm(roles=request.args.get("roles", "")[:200])  # prefilled from the stranded tasks' page
    if form.validate_on_submit():
        try:
            user = people.register_user(form.username.data or "", form.password.data or "",
                                          form.display_name.data or "", roles=_roles(form),
                                          creation_unit_id=form.creation_unit_id.data, actor=current_user)
        except Invalid as error:
            _show(form, error)
        else:
            flash(_("User %(name)s created.", name=user.username), "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/user_form.html", form=form, user=None), 422 if form.errors else 200


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
def edit_user(user_id: int) -> Any:
    user = session.get(User, user_id)
    if user is None or user not in queries.users_administered_by(current_user):
        abort(404)
    form = UserForm(obj=user, roles="\n".join(f"{r}@{c}" for r, c in user.role_pairs))
    form.username.data = user.username
    if form.validate_on_submit():
        try:
            updated = people.update_user(user.id, display_name=form.display_name.data or "", roles=_roles(form),
                                         active=form.active.data, new_password=form.password.data or None,
                                         creation_unit_id=form.creation_unit_id.data, actor=current_user)
        except Invalid as error:
            _show(form, error)
        else:
            flash(_("User %(name)s saved.", name=user.username), "success")
            substitutes.released_flash(updated)
            return redirect(url_for("admin.users"))
    return render_template("admin/user_form.html", form=form, user=user, now=now_utc(),
                           tokens=tokens.tokens_of(user.id, actor=current_user)), 422 if form.errors else 200


@bp.post("/users/<int:user_id>/tokens/<int:token_id>/revoke")
def revoke_token(user_id: int, token_id: int) -> Any:
    token = tokens.revoke_token(token_id, actor=current_user)
    flash(_("Token %(id)s is revoked.", id=token.id), "success")
    return redirect(url_for("admin.edit_user", user_id=token.user_id))


@bp.post("/users/<int:user_id>/sign-out")
def sign_out_user(user_id: int) -> Any:
    tokens.sign_out_everywhere(user_id, actor=current_user)
    flash(_("Every session and API token of user %(id)s has ended.", id=user_id), "success")
    return redirect(url_for("admin.edit_user", user_id=user_id))


def _roles(form: UserForm) -> list[tuple[str, str]]:
    pairs = []
    for line in (form.roles.data or "").splitlines():
        role, _sep, code = line.strip().partition("@")
        if line.strip() and (not role or not code):
            raise Invalid(_("Write each role as role@region code."),
                          field_errors={"roles": [_("%(line)s is not role@region code.", line=line.strip())]})
        if line.strip():
            pairs.append((role.strip(), code.strip()))
    return pairs


def _show(form: UserForm, error: Invalid) -> None:
    for name, messages in error.field_errors.items():
        target = getattr(form, name, None) or form.roles
        target.errors = [*target.errors, *[str(m) for m in messages]]


from webapp.admin import deliveries, substitutes  # noqa: E402, F401  (their routes live on `bp` too)
