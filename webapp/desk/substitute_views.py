"""代理 pages: /account/substitutes, where a signed-in person names who stands in for him while he is
away and sees for whom he stands in; the administrators' page of one user (`people.substitute_views`)
draws the same page through `page` and `set_from_form`. Routes live on the `desk` blueprint."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from webapp.auth import queries as people
from webapp.auth.models import User
from webapp.desk import substitutes
from webapp.errors import Conflict, Invalid
from webapp.i18n import _
from webapp.ids import record_id
from webapp.redirects import local_target


@login_required
def substitutes_page() -> Any:
    if request.method == "POST":
        return set_from_form(current_user, url_for("desk.substitutes_page"))
    return page(current_user)


@login_required
def cancel_substitute(substitution_id: int) -> Any:
    """For the principal and for his administrator alike; goes back to the page the form was on."""
    try:
        row = substitutes.cancel_substitute(substitution_id, actor=current_user)
    except Conflict as error:
        flash(str(error.message), "error")
    else:
        flash(_("The substitution from %(starts)s to %(ends)s is cancelled.", starts=row.starts_on.isoformat(),
                ends=row.ends_on.isoformat()), "success")
    return redirect(local_target(request.form.get("next") or url_for("desk.substitutes_page")))


def page(principal: User, *, values: Any = None, problem: Invalid | Conflict | None = None,
         admin: bool = False) -> Any:
    """The list of his substitutions, the ones he holds for others, and the form to set one."""
    return render_template(
        "desk/substitutes.html", principal=principal, admin=admin, values=values or {},
        errors=problem.field_errors if problem else {}, problem=problem.message if problem else None,
        mine=substitutes.as_principal(principal.id), held=substitutes.as_substitute(principal.id),
        candidates=substitutes.candidates(principal), max_days=substitutes.MAX_DAYS,
    ), problem.status if problem else 200


def set_from_form(principal: User, back: str, *, admin: bool = False) -> Any:
    form = request.form
    chosen = form.get("substitute", "").strip()
    named = record_id(chosen)
    try:
        row = substitutes.set_substitute(principal.id, chosen if named is None else named, form.get("starts_on"),
                                         form.get("ends_on"),
                                         form.get("reason"), actor=current_user)
    except (Invalid, Conflict) as error:
        return page(principal, values=form, problem=error, admin=admin)
    name = people.user_names({row.substitute_id}).get(row.substitute_id, "—")
    flash(_("%(name)s stands in for %(principal)s from %(starts)s to %(ends)s; he was told.", name=name,
            principal=principal.display_name, starts=row.starts_on.isoformat(), ends=row.ends_on.isoformat()),
          "success")
    return redirect(back)
