"""Signing in with a password (web page and API token alike), slowed down by `auth.throttle`, and
signing out of the browser."""

from __future__ import annotations

from webapp.auth import throttle, tokens
from webapp.auth.models import ApiToken, User
from webapp.auth.services import authenticate
from webapp.command_log import logged
from webapp.db import session, transaction


@logged("user {result.id} signed in")
def sign_in(username: str, password: str, *, source: str) -> User:
    """Command: the user for these credentials. Two transactions: the attempt is counted and committed
    before the password is checked (so that concurrent guesses cannot all slip past the count), and a
    right password then takes the count back."""
    with transaction():
        throttle.count_attempt(username, source)
    user = authenticate(username, password)
    with transaction():
        throttle.forgive(username, source)
    return user


@logged("user {user_id} signed out")
def sign_out(user_id: int) -> None:
    """Command: end every browser session of the user (see `User.session_epoch`). API tokens stay:
    a script's token should not die because its owner closed the browser; "sign out everywhere"
    (`tokens.sign_out_everywhere`) ends those too."""
    with transaction():
        user = session.get(User, user_id)
        if user is not None:
            user.session_epoch += 1


@logged("API token {result[1].id} issued to user {result[2].id}")
def issue_token(username: str, password: str, *, source: str, ttl_hours: int,
                name: str = "") -> tuple[str, ApiToken, User]:
    """Exchange a username and password for a bearer token (the sign-in is recorded even if issuing
    fails). Returns the secret, which is shown only now, the stored token and its user."""
    name = tokens.check_name(name)  # before the password is tried, so a bad label costs no attempt
    user = sign_in(username, password, source=source)
    with transaction():
        secret, token = tokens.add_token(session.merge(user), ttl_hours=ttl_hours, name=name)
    return secret, token, user
