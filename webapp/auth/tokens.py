"""API tokens, and ending everything a user is signed in with.

A token's secret is shown once, when it is issued; only its SHA-256 is stored, with the holder's
label and when it was created, last used, expires and was revoked. A revoked token is kept, so that
its holder and administrators still see when it was ended.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import joinedload

from webapp.auth import queries
from webapp.auth.models import ApiToken, User
from webapp.clock import now_utc
from webapp.command_log import logged
from webapp.db import session, transaction
from webapp.errors import Invalid, NotFound
from webapp.i18n import _

NAME_LENGTH = 100
USE_PRECISION = timedelta(minutes=1)
"""How stale `last_used_at` may be: stamping it on every API call would make every call a write."""


def check_name(name: object) -> str:
    """The label a token is issued under: text of at most NAME_LENGTH characters (empty is allowed)."""
    if not isinstance(name, str) or len(name) > NAME_LENGTH:
        raise Invalid(_("The token was not issued."), field_errors={"name": [
            _("A token name is text of at most %(count)s characters.", count=NAME_LENGTH)]})
    return name.strip()


def add_token(user: User, *, ttl_hours: int, name: str = "") -> tuple[str, ApiToken]:
    """Step: a new token for the user; the secret is returned here and nowhere else."""
    secret = secrets.token_urlsafe(32)
    token = ApiToken(token_sha256=_digest(secret), user_id=user.id, name=check_name(name),
                     expires_at=now_utc() + timedelta(hours=ttl_hours))
    session.add(token)
    session.flush()
    return secret, token


@logged("API token {result[1].id} created for user {result[1].user_id}")
def create_token(username: str, *, ttl_hours: int, name: str = "") -> tuple[str, ApiToken]:
    """Command for operators (`brandcert token create`): a token without the password."""
    with transaction():
        user = session.scalar(select(User).where(User.username == username, User.active.is_(True)))
        if user is None:
            raise Invalid(_("No active user %(name)s.", name=username), field_errors={"username": [_("Not found.")]})
        return add_token(user, ttl_hours=ttl_hours, name=name)


def bearer(secret: str) -> tuple[User, ApiToken] | None:
    """The active user a live token belongs to, and the token (one query: it runs on every API call).
    When the token was last used is noted at most once every USE_PRECISION, so most calls only read."""
    now = now_utc()
    found = session.execute(select(User, ApiToken).join(ApiToken, ApiToken.user_id == User.id).where(
        ApiToken.token_sha256 == _digest(secret), ApiToken.expires_at > now, ApiToken.revoked_at.is_(None),
        User.active.is_(True)).options(joinedload(User.grants))).unique().first()
    if found is None:
        return None
    user, token = found
    if token.last_used_at is None or token.last_used_at < now - USE_PRECISION:
        with transaction():
            token.last_used_at = now
    return user, token


def tokens_of(user_id: int, *, actor: User) -> list[ApiToken]:
    """Every token of a user, newest first: the user's own, or those of a user the actor administers."""
    owner = _managed_user(user_id, actor)
    return list(session.scalars(select(ApiToken).where(ApiToken.user_id == owner.id)
                                .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())))


@logged("API token {token_id} revoked by user {actor.id}")
def revoke_token(token_id: int, *, actor: User) -> ApiToken:
    """Command: end one token at once. Revoking it again changes nothing."""
    with transaction():
        token = session.get(ApiToken, token_id)
        if token is None or not _may_manage(actor, token.user_id):
            raise NotFound(_("Token %(id)s does not exist.", id=token_id))
        if token.revoked_at is None:
            token.revoked_at = now_utc()
        return token


@logged("user {user_id} signed out everywhere by user {actor.id}")
def sign_out_everywhere(user_id: int, *, actor: User) -> None:
    """Command: end every browser session and every token of a user (oneself, or someone one administers)."""
    with transaction():
        end_sessions(_managed_user(user_id, actor))


def end_sessions(user: User) -> None:
    """Step: no session cookie issued so far signs the user in again (see `User.session_epoch`), and
    every token still live is revoked."""
    now = now_utc()
    user.session_epoch += 1
    session.execute(update(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
                    .values(revoked_at=now))


def _managed_user(user_id: int, actor: User) -> User:
    user = session.get(User, user_id)
    if user is None or not _may_manage(actor, user.id):
        raise NotFound(_("User %(id)s does not exist.", id=user_id))
    return user


def _may_manage(actor: User, user_id: int) -> bool:
    """Oneself, or a user holding a role inside the regions the actor administers (as on the user pages)."""
    return user_id == actor.id or any(user.id == user_id for user in queries.users_administered_by(actor))


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()
