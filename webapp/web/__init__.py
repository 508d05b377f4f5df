"""The browser's shell: layout, static files, errors, headers; its pages (start page, brand page, language
switch) are in `views.py`, their URLs in `blueprint.py`."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, g, render_template, request
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

from webapp import bidi
from webapp.attachments.store import MAX_BYTES as MAX_UPLOAD
from webapp.errors import DomainError, status_explained
from webapp.extensions import login_manager
from webapp.i18n import _
from webapp.web import blueprint, filters, menu, request_input

logger = logging.getLogger(__name__)
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                               "frame-ancestors 'none'; form-action 'self'; base-uri 'self'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


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
    app.register_blueprint(blueprint.bp)

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
