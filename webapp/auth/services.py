"""Users and tokens: commands (one transaction each) and the steps they use."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from webapp.auth.models import ApiToken, RoleGrant, User
from webapp.clock import now_utc
from webapp.db import session, transaction
from webapp.errors import Invalid, Unauthorized
from webapp.regions import queries as regions

MIN_PASSWORD = 8
_DUMMY_HASH = generate_password_hash("timing-equaliser")


def add_user(username: str, password: str, display_name: str, *, roles: Sequence[tuple[str, str]] = (),
             creation_unit_id: int | None = None) -> User:
    """Step: create a user with roles at regions."""
    errors: dict[str, list[str]] = {}
    if not username or len(username) > 60:
        errors["username"] = ["A username of 1 to 60 characters is required."]
    elif session.scalar(select(User.id).where(User.username == username)) is not None:
        errors["username"] = [f"The username {username!r} is taken."]
    if len(password) < MIN_PASSWORD:
        errors["password"] = [f"The password needs at least {MIN_PASSWORD} characters."]
    for role, region_code in roles:
        if regions.get(region_code) is None:
            errors.setdefault("roles", []).append(f"Unknown region {region_code} for role {role}.")
    if errors:
        raise Invalid("The user was not created.", field_errors=errors)
    user = User(username=username, display_name=display_name or username,
                password_hash=generate_password_hash(password), creation_unit_id=creation_unit_id)
    user.grants = [RoleGrant(role=role, region_code=code) for role, code in roles]
    session.add(user)
    session.flush()
    return user


def create_user(username: str, password: str, display_name: str, *, roles: Sequence[tuple[str, str]],
                creation_unit_id: int | None = None) -> User:
    with transaction():
        return add_user(username, password, display_name, roles=roles, creation_unit_id=creation_unit_id)


def authenticate(username: str, password: str) -> User:
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        check_password_hash(_DUMMY_HASH, password)  # same work for unknown names: no timing oracle
        raise Unauthorized("Wrong username or password.")
    if not check_password_hash(user.password_hash, password) or not user.active:
        raise Unauthorized("Wrong username or password.")
    return user


def issue_token(username: str, password: str, *, ttl_hours: int) -> tuple[str, datetime]:
    """Command: exchange a username and password for a bearer token."""
    with transaction():
        user = authenticate(username, password)
        return add_token(user, ttl_hours=ttl_hours)


def add_token(user: User, *, ttl_hours: int) -> tuple[str, datetime]:
    token = secrets.token_urlsafe(32)
    expires = now_utc() + timedelta(hours=ttl_hours)
    session.add(ApiToken(token_sha256=_digest(token), user_id=user.id, expires_at=expires))
    session.flush()
    return token, expires


def create_token(username: str, *, ttl_hours: int) -> tuple[str, datetime]:
    """Command for operators (`brandcert token create`): a token without the password."""
    with transaction():
        user = session.scalar(select(User).where(User.username == username, User.active.is_(True)))
        if user is None:
            raise Invalid(f"No active user {username!r}.", field_errors={"username": ["not found"]})
        return add_token(user, ttl_hours=ttl_hours)


def user_for_token(token: str) -> User | None:
    row = session.scalar(select(ApiToken).where(ApiToken.token_sha256 == _digest(token)))
    if row is None or row.expires_at <= now_utc():
        return None
    user = session.get(User, row.user_id)
    return user if user is not None and user.active else None


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
