"""The shell's pages: the start page (where each person begins), a brand's page, the language switch."""

from __future__ import annotations

from typing import Any

from flask import redirect, render_template, request, url_for
from flask_login import current_user, login_required

from webapp import engine
from webapp.applications import queries as applications
from webapp.auth.roles import READ_ONLY_ROLES
from webapp.awards import queries as awards
from webapp.certificates import queries as certificates
from webapp.exits import queries as exits
from webapp.extensions import LANGUAGE_COOKIE, LANGUAGES
from webapp.history import pages as history
from webapp.library import queries as library
from webapp.redirects import local_target

ONE_YEAR = 365 * 24 * 3600


def home() -> Any:
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login"))
    if current_user.creation_unit_id:
        return redirect(url_for("applications.index"))
    roles = {role for role, _code in current_user.role_pairs}
    if roles and roles <= READ_ONLY_ROLES:
        return redirect(url_for("audit.audit_search"))
    return redirect(url_for("review.inbox"))


@login_required
def brand(brand_id: int) -> Any:
    found = applications.brand_for(brand_id, current_user)
    cases = [(a, engine.open_tasks(a.instance_id) if a.instance_id else [])
             for a in applications.applications_of_brand(found.id)]
    return render_template(
        "web/brand.html", brand=found, entries=library.entries_of_brand(found.id), cases=cases,
        unit=applications.unit_of(found), certificates=certificates.of_brand(found.id),
        exit_cases=exits.cases_of_brand(found.id), may_propose=exits.may_propose(current_user, found),
        owner=current_user.creation_unit_id == found.unit_id, awards=awards.for_brand(found),
        history_readable=history.history_readable(found.id, current_user))


def language(code: str) -> Any:
    response = redirect(local_target(request.args.get("next")))
    if code in LANGUAGES:
        response.set_cookie(LANGUAGE_COOKIE, code, max_age=ONE_YEAR, samesite="Lax", httponly=True,
                            secure=request.is_secure)
    return response
