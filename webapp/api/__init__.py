"""The JSON API under /api/v1: token auth, JSON errors, and the OpenAPI document built from the
routes' own declarations (their URLs are in `blueprint.py`). Handlers stay thin: parse, call one command
or query, serialize."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from flask import current_app, g, jsonify, request
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from webapp.auth.models import User
from webapp.auth.tokens import bearer
from webapp.errors import DomainError, Invalid, Unauthorized, status_explained
from webapp.i18n import _

logger = logging.getLogger(__name__)
PUBLIC_ENDPOINTS = {"api.create_token", "api.openapi_document", "api.verify_certificate",
                    "api.verify_certificate_file"}


def documented(summary: str, *, body: str | None = None, response: str | None = None,
               status: int = 200, query: tuple[str, ...] = ()) -> Callable[[Any], Any]:
    """Attach what the OpenAPI document says about a route (schema names refer to api.schemas)."""

    def mark(view: Any) -> Any:
        view.openapi = {"summary": summary, "body": body, "response": response, "status": status,
                        "query": query}
        return view

    return mark


def actor() -> User:
    return g.actor  # type: ignore[no-any-return]


def json_body() -> dict[str, Any]:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise Invalid(_("Send a JSON object as the request body."), field_errors={"": [_("Expected a JSON object.")]})
    return body


def authenticate() -> None:
    if request.endpoint in PUBLIC_ENDPOINTS:
        return
    header = request.headers.get("Authorization", "")
    scheme, _space, token = header.partition(" ")
    found = bearer(token.strip()) if scheme.lower() == "bearer" and token else None
    if found is None:
        raise Unauthorized(_("Sign in first: send `Authorization: Bearer <token>` (POST /api/v1/auth/token)."))
    g.actor, g.token = found


def domain_error(error: DomainError) -> Any:
    body: dict[str, Any] = {"error": error.code, "message": str(error.message)}
    if error.field_errors:
        body["field_errors"] = {field: [str(m) for m in messages] for field, messages in error.field_errors.items()}
    problems = getattr(error, "problems", None)
    if problems:
        body["problems"] = problems
    return jsonify(body), error.status


def http_error(error: HTTPException) -> Any:
    # Keep the exception's own headers (e.g. `Allow` on a 405, which RFC 9110 requires), not its HTML type.
    headers = [(name, value) for name, value in error.get_headers() if name.lower() != "content-type"]
    message = status_explained(error.code or 500)
    if error.code == 413:  # Werkzeug's own text names no limit and is never translated
        message = _("The request is larger than %(size)s MB; nothing was saved.",
                    size=current_app.config["MAX_CONTENT_LENGTH"] // 1048576)
    return jsonify({"error": (error.name or "error").lower().replace(" ", "_"), "message": str(message)}), \
        error.code, headers


def changed_meanwhile(error: StaleDataError) -> Any:
    return jsonify({"error": "conflict", "message": str(_("The case changed meanwhile; reload and try again."))}), 409


def database_unavailable(error: OperationalError) -> Any:
    logger.error("database unavailable: %s", error)
    return jsonify({"error": "unavailable", "message": str(_("The database is unavailable; try again shortly."))}), 503

