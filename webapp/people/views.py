"""User administration (用户管理): create users, give them roles at regions, disable and enable them, end their
sessions and tokens."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from webapp.auth import queries, tokens
from webapp.auth.models import User
from webapp.clock import now_utc
from webapp.db import session
from webapp.errors import Invalid
from webapp.i18n import _
from webapp.paging import page_number
from webapp.people import forms, substitute_views
from webapp.people import queries as choices
from webapp.people import services as people


def users() -> Any:
    search = request.args.get("q", "").strip()
    page = queries.page_of_users_administered_by(current_user, page_number(request.args.get("page")) or 1,
                                                 search=search)
    return render_template("people/users.html", page=page, search=search)


def new_user() -> Any:
    form = forms.UserForm()
    rows = forms.posted_rows(request.form) if request.method == "POST" else forms.prefilled_rows(request.args)
    if form.validate_on_submit():
        try:
            user = people.register_user(form.username.data or "", form.password.data or "",
                                          form.display_name.data or "", roles=forms.roles_of(rows),
                                          creation_unit_id=form.unit_id(), actor=current_user)
        except Invalid as error:
            form.show(error)
        else:
            flash(_("User %(name)s created.", name=user.display_name), "success")
            return redirect(url_for("people.users"))
    return _form_page(form, None, rows)


def edit_user(user_id: int) -> Any:
    user = _administered(user_id)
    form = forms.UserForm(obj=user, creation_unit_id=str(user.creation_unit_id or ""))
    form.username.data = user.username
    rows = forms.posted_rows(request.form) if request.method == "POST" else list(user.role_pairs)
    if form.validate_on_submit():
        try:
            updated = people.update_user(user.id, display_name=form.display_name.data or "",
                                         roles=forms.roles_of(rows), new_password=form.password.data or None,
                                         creation_unit_id=form.unit_id(), actor=current_user)
        except Invalid as error:
            form.show(error)
        else:
            flash(_("User %(name)s saved.", name=user.display_name), "success")
            substitute_views.released_flash(updated)
            return redirect(url_for("people.users"))
    return _form_page(form, user, rows)


def set_status(user_id: int) -> Any:
    """启用 / 停用: the buttons of the user's page."""
    active = request.form.get("active") == "1"
    try:
        updated = people.set_active(_administered(user_id).id, active, actor=current_user)
    except Invalid as error:
        flash(str(error.message), "error")
    else:
        flash(_("%(name)s is enabled.", name=updated.user.display_name) if active
              else _("%(name)s is disabled: he can no longer sign in.", name=updated.user.display_name), "success")
        substitute_views.released_flash(updated)
    return redirect(url_for("people.edit_user", user_id=user_id))


def revoke_token(user_id: int, token_id: int) -> Any:
    token = tokens.revoke_token(token_id, actor=current_user)
    flash(_("Token %(id)s is revoked.", id=token.id), "success")
    return redirect(url_for("people.edit_user", user_id=token.user_id))


def sign_out_user(user_id: int) -> Any:
    tokens.sign_out_everywhere(user_id, actor=current_user)
    flash(_("Every session and API token of %(name)s has ended.", name=_administered(user_id).display_name),
          "success")
    return redirect(url_for("people.edit_user", user_id=user_id))


def _administered(user_id: int) -> User:
    """A user the administrator administers; anyone else is not found (404), as if he did not exist."""
    user = session.get(User, user_id)
    if user is None or user not in queries.users_administered_by(current_user):
        abort(404)
    return user


def _form_page(form: forms.UserForm, user: User | None, rows: list[forms.RoleRow]) -> Any:
    """The user's page with its pickers; one blank role row more, for a browser without scripts to add one."""
    units = choices.unit_choices(current_user, keep=[user.creation_unit_id if user else None])
    form.creation_unit_id.choices = [("", _("— none —")), *((str(unit_id), name) for unit_id, name in units)]
    page = render_template("people/user_form.html", form=form, user=user, rows=[*rows, ("", "")],
                           roles=choices.role_choices(), regions=choices.region_choices(current_user),
                           now=now_utc(), tokens=tokens.tokens_of(user.id, actor=current_user) if user else [])
    return page, 422 if form.has_errors else 200

