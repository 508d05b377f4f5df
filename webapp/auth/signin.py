"""Signing in with a password, slowed down after repeated failures (web page and API token alike).

Five failures for one username, or fifty from one address, within fifteen minutes lock further
attempts until the oldest of them is fifteen minutes old.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select

from webapp.auth.models import LoginFailure, User
from webapp.auth.services import add_token, authenticate
from webapp.clock import now_utc
from webapp.db import session, transaction
from webapp.errors import TooManyAttempts, Unauthorized
from webapp.i18n import _

WINDOW = timedelta(minutes=15)
PER_USERNAME = 5
PER_SOURCE = 50


def sign_in(username: str, password: str, *, source: str) -> User:
    """Command: the user for these credentials; every failure is recorded before it is reported."""
    failure: Unauthorized | None = None
    with transaction():
        _refuse_if_throttled(username, source)
        try:
            user = authenticate(username, password)
        except Unauthorized as error:
            session.add(LoginFailure(username=username[:60], source=source[:64]))
            failure = error
        else:
            session.execute(delete(LoginFailure).where(LoginFailure.username == username))
    if failure is not None:
        raise failure
    return user


def sign_out(user_id: int) -> None:
    """Command: end every browser session of the user (see `User.session_epoch`)."""
    with transaction():
        user = session.get(User, user_id)
        if user is not None:
            user.session_epoch += 1


def issue_token(username: str, password: str, *, source: str, ttl_hours: int) -> tuple[str, datetime]:
    """Exchange a username and password for a bearer token (two commands: the sign-in is recorded
    even if issuing fails)."""
    user = sign_in(username, password, source=source)
    with transaction():
        return add_token(session.merge(user), ttl_hours=ttl_hours)


def _refuse_if_throttled(username: str, source: str) -> None:
    since = now_utc() - WINDOW
    for column, value, limit in ((LoginFailure.username, username, PER_USERNAME),
                                 (LoginFailure.source, source, PER_SOURCE)):
        count, oldest = session.execute(select(func.count(), func.min(LoginFailure.at))
                                        .where(column == value, LoginFailure.at > since)).one()
        if count >= limit:
            minutes = max(1, math.ceil((oldest + WINDOW - now_utc()).total_seconds() / 60))
            raise TooManyAttempts(_("Too many failed sign-ins. Try again in %(minutes)s minutes.", minutes=minutes))
