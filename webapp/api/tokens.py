"""Sign-in for API clients, and their tokens."""

from __future__ import annotations

from typing import Any

from flask import current_app, g, request

from webapp.api import actor, documented, json_body
from webapp.api.schemas import token_json, user_json
from webapp.auth import signin, tokens
from webapp.errors import Invalid
from webapp.i18n import _


@documented("Exchange a username and password for a bearer token", body="TokenRequest", response="Token",
            status=201)
def create_token() -> Any:
    body = json_body()
    username, password = body.get("username"), body.get("password")
    if not isinstance(username, str) or not isinstance(password, str):
        raise Invalid(_("Send a username and a password."),
                      field_errors={k: [_("This field is required.")] for k in ("username", "password")
                                    if not isinstance(body.get(k), str)})
    secret, token, user = signin.issue_token(username, password, source=request.remote_addr or "",
                                             ttl_hours=current_app.config["TOKEN_TTL_HOURS"], name=body.get("name", ""))
    return {"token": secret, "id": token.id, "expires_at": token.expires_at.isoformat(), "user": user_json(user)}, 201


@documented("My tokens, or (`user`, for administrators) those of a user I administer; never their secrets",
            response="TokenList", query=("user",))
def list_tokens() -> Any:
    user = request.args.get("user", "")
    if user and not user.isdecimal():
        raise Invalid(_("The user is a number."), field_errors={"user": [_("Expected a user id.")]})
    items = tokens.tokens_of(int(user) if user else actor().id, actor=actor())
    return {"items": [token_json(token, current=token.id == g.token.id) for token in items]}


@documented("Revoke a token (mine, or of a user I administer): it stops working at once", response="TokenInfo")
def revoke_token(token_id: int) -> Any:
    token = tokens.revoke_token(token_id, actor=actor())
    return token_json(token, current=token.id == g.token.id)


@documented("The signed-in user and their roles", response="User")
def me() -> Any:
    return user_json(actor())
