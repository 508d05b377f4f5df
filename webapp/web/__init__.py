"""The browser's shell: layout, static files, language switch, start page, errors, headers."""

from __future__ import annotations

import logging
from typing import Any

from flask import Blueprint, Flask, g, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

from webapp import bidi, engine
from webapp.applications import queries as applications
from webapp.attachments.store import MAX_BYTES as MAX_UPLOAD
from webapp.auth.roles import READ_ONLY_ROLES
from webapp.awards import queries as awards
from webapp.certificates import queries as certificates
from webapp.errors import DomainError, status_explained
from webapp.exits import queries as exits
from webapp.extensions import LANGUAGE_COOKIE, LANGUAGES, login_manager
from webapp.history import pages as history
from webapp.i18n import _
from webapp.library import queries as library
from webapp.redirects import local_target
from webapp.web import filters, menu, request_input

logger = logging.getLogger(__name__)
bp = Blueprint("web", __name__, template_folder="templates", static_folder="static",
               static_url_path="/static/web")
ONE_YEAR = 365 * 24 * 3600
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                               "frame-ancestors 'none'; form-action 'self'; base-uri 'self'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


@bp.get("/")
def home() -> Any:
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login"))
    if current_user.creation_unit_id:
        return redirect(url_for("applications.index"))
    roles = {role for role, _code in current_user.role_pairs}
    if roles and roles <= READ_ONLY_ROLES:
        return redirect(url_for("history.audit_search"))
    return redirect(url_for("review.inbox"))


@bp.get("/brands/<int:brand_id>")
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


@bp.get("/language/<code>")
def language(code: str) -> Any:
    response = redirect(local_target(request.args.get("next")))
    if code in LANGUAGES:
        response.set_cookie(LANGUAGE_COOKIE, code, max_age=ONE_YEAR, samesite="Lax", httponly=True,
                            secure=request.is_secure)
    return response


def error_page(status: int, message: Any) -> Any:
    headings = {400: _("The request could not be handled"), 401: _("Please sign in"),
                403: _("Not in your jurisdiction"), 404: _("Not found"), 405: _("Not possible this way"),
                409: _("Already handled"), 413: _("The file is too large."), 422: _("Please check your input"),
                429: _("Too many attempts"), 500: _("Something went wrong"), 503: _("Temporarily unavailable")}
    return render_template("web/error.html", status=status, heading=headings.get(status, _("Error")),
                           message=message), status


def register(app: Flask) -> None:
    filters.register(app)
    app.jinja_env.finalize = bidi.isolate  # set before any template compiles: Jinja compiles the call in
    request_input.register(app)
    app.register_blueprint(bp)

    @app.context_processor
    def menu_bar() -> dict[str, Any]:
        return {"menu_entries": lambda: menu.menu_for(current_user) if current_user.is_authenticated else [],
                "offers_exports": lambda: current_user.is_authenticated and menu.reads_cases(current_user)}

    @app.errorhandler(DomainError)
    def domain_error(error: DomainError) -> Any:
        return error_page(error.status, error.message)

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError) -> Any:
        return error_page(400, _("The form expired or did not come from this site. Reload the page and try again."))

    @app.errorhandler(OperationalError)
    def database_unavailable(error: OperationalError) -> Any:
        logger.error("database unavailable: %s", error.orig or error)
        # Render as signed out: asking for the signed-in user would ask the database again.
        g._login_user = login_manager.anonymous_user()
        return error_page(503, _("The database is unavailable; try again shortly."))

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Any:
        if request.path.startswith("/api/"):
            from webapp.api import http_error as api_http_error

            return api_http_error(error)
        if error.code == 413:  # only an upload makes a request this large
            return error_page(413, _("At most %(size)s MB.", size=MAX_UPLOAD // 1048576))
        page, status = error_page(error.code or 500, status_explained(error.code or 500))
        # Keep the exception's own headers (`Allow` on a 405), not its content type.
        return page, status, [(name, value) for name, value in error.get_headers() if name.lower() != "content-type"]

    @app.after_request
    def security_headers(response: Any) -> Any:
        for header, value in SECURITY_HEADERS.items():
            response.headers.setdefault(header, value)
        return response
