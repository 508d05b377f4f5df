"""Sign-in for API clients."""

from __future__ import annotations

from typing import Any

from flask import current_app, request

from webapp.api import actor, bp, documented, json_body
from webapp.api.schemas import user_json
from webapp.auth import services as auth
from webapp.auth import signin
from webapp.errors import Invalid
from webapp.i18n import _


@bp.post("/auth/token")
@documented("Exchange a username and password for a bearer token", body="TokenRequest", response="Token",
            status=201)
def create_token() -> Any:
    body = json_body()
    username, password = body.get("username"), body.get("password")
    if not isinstance(username, str) or not isinstance(password, str):
        raise Invalid(_("Send a username and a password."),
                      field_errors={k: [_("This field is required.")] for k in ("username", "password")
                                    if not isinstance(body.get(k), str)})
    token, expires = signin.issue_token(username, password, source=request.remote_addr or "",
                                        ttl_hours=current_app.config["TOKEN_TTL_HOURS"])
    user = auth.user_for_token(token)
    assert user is not None
    return {"token": token, "expires_at": expires.isoformat(), "user": user_json(user)}, 201


@bp.get("/me")
@documented("The signed-in user and their roles", response="User")
def me() -> Any:
    return user_json(actor())
