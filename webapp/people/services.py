"""Commands for administering people: each one changes users and enters the administration trail in
the same transaction, so no account, role or password reset escapes the record."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from werkzeug.security import generate_password_hash

from webapp.audit import admin_trail
from webapp.audit.models import AdminAction
from webapp.auth import queries as people
from webapp.auth.models import RoleGrant, User
from webapp.auth.services import MIN_PASSWORD, add_user, check_grants, unit_errors
from webapp.auth.tokens import end_sessions
from webapp.command_log import logged
from webapp.db import session, transaction
from webapp.desk import releasing
from webapp.errors import Invalid, NotFound
from webapp.i18n import _
from webapp.people import queries
from webapp.regions import queries as regions


@logged("user {result.id} created")
def create_user(username: str, password: str, display_name: str, *, roles: Sequence[tuple[str, str]],
                creation_unit_id: int | None = None) -> User:
    """Command for the operator (`brandcert users create`): any role, any unit."""
    with transaction():
        user = add_user(username, password, display_name, roles=roles, creation_unit_id=creation_unit_id)
        _created(user, actor=None)
        return user


@logged("user {result.id} created by user {actor.id}")
def register_user(username: str, password: str, display_name: str, *, roles: Sequence[tuple[str, str]],
                  creation_unit_id: int | None, actor: User) -> User:
    """Command for administrators: create a user with roles inside their own regions."""
    with transaction():
        check_grants(actor, roles, [creation_unit_id])
        _check_roles(roles, refusal=_("The user was not created."))
        user = add_user(username, password, display_name, roles=roles, creation_unit_id=creation_unit_id)
        _created(user, actor=actor)
        return user


@dataclass(frozen=True)
class Updated:
    user: User
    released: list[releasing.Released] = field(default_factory=list)
    """Deactivating someone hands on the tasks he held (see `desk.releasing`)."""


@logged("user {user_id} changed by user {actor.id}")
def update_user(user_id: int, *, display_name: str, roles: Sequence[tuple[str, str]], new_password: str | None,
                creation_unit_id: int | None, actor: User) -> Updated:
    """Command for administrators: rename, change roles or creation unit, or reset the password."""
    with transaction():
        user = _user(user_id)
        check_grants(actor, [*user.role_pairs, *roles], [user.creation_unit_id, creation_unit_id])
        _check_roles(roles, refusal=_("The user was not changed."))
        unknown = [code for _role, code in roles if regions.get(code) is None]
        if unknown:
            raise Invalid(_("The user was not changed."), field_errors={"roles": [
                _("Unknown region %(code)s.", code=code) for code in unknown]})
        if errors := unit_errors(creation_unit_id):
            raise Invalid(_("The user was not changed."), field_errors=errors)
        if new_password and len(new_password) < MIN_PASSWORD:
            raise Invalid(_("The user was not changed."), field_errors={"password": [
                _("The password needs at least %(count)s characters.", count=MIN_PASSWORD)]})
        before = _Account(user)
        if new_password:
            user.password_hash = generate_password_hash(new_password)
        user.display_name = display_name or user.username
        user.creation_unit_id = creation_unit_id
        wanted = list(dict.fromkeys(roles))
        kept = [grant for grant in user.grants if (grant.role, grant.region_code) in wanted]
        held = {(grant.role, grant.region_code) for grant in kept}
        added = [RoleGrant(role=role, region_code=code) for role, code in wanted if (role, code) not in held]
        user.grants = [*kept, *added]
        return _settle(user, before, actor, active=user.active, password_reset=bool(new_password))


@logged("user {user_id} set active={active} by user {actor.id}")
def set_active(user_id: int, active: bool, *, actor: User) -> Updated:
    """Command for administrators: 停用 (the account signs in no more and hands on its tasks) or 启用."""
    with transaction():
        user = _user(user_id)
        check_grants(actor, user.role_pairs, [user.creation_unit_id])
        return _settle(user, _Account(user), actor, active=active, password_reset=False)


def _user(user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(_("User %(id)s does not exist.", id=user_id))
    return user


def _check_roles(roles: Sequence[tuple[str, str]], *, refusal: str) -> None:
    known = set(queries.grantable_roles())
    if unknown := [role for role, _code in roles if role not in known]:
        raise Invalid(refusal, field_errors={"roles": [_("Unknown role %(role)s.", role=role) for role in unknown]})


def _settle(user: User, before: _Account, actor: User, *, active: bool, password_reset: bool) -> Updated:
    """Step: (de)activate, record every change since `before`, and hand on the tasks of one deactivated."""
    if user.id == actor.id and not active:
        raise Invalid(_("You cannot deactivate yourself."), field_errors={"active": [_("Keep yourself active.")]})
    if password_reset or not active:
        end_sessions(user)  # whoever held the old password, or the account, keeps no session or token
    user.active = active
    before.record_changes(user, actor, password_reset=password_reset)
    released = releasing.release_tasks_of(user, actor=actor) if before.active and not active else []
    return Updated(user, released)


def _subject(user: User) -> str:
    return f"user {user.id} {user.username}"


def _unit_region(unit_id: int | None) -> str | None:
    return people.unit_region_code(unit_id) if unit_id is not None else None


def _created(user: User, *, actor: User | None) -> None:
    admin_trail.record(AdminAction.USER_CREATED, actor=actor, subject=_subject(user),
                       region_code=admin_trail.covering_region(
                           [code for _role, code in user.role_pairs] + [_unit_region(user.creation_unit_id)]),
                       data={"roles": [f"{role}@{code}" for role, code in user.role_pairs],
                             "creation_unit_id": user.creation_unit_id})


class _Account:
    """What an account was before a change, to record each kind of change as its own event."""

    def __init__(self, user: User) -> None:
        self.roles = list(user.role_pairs)
        self.unit_id = user.creation_unit_id
        self.active = user.active

    def record_changes(self, user: User, actor: User, *, password_reset: bool) -> None:
        after = list(user.role_pairs)
        account_regions = [code for _r, code in after] + [_unit_region(user.creation_unit_id)]
        granted = [pair for pair in after if pair not in self.roles]
        revoked = [pair for pair in self.roles if pair not in after]
        changes: list[tuple[AdminAction, list[str | None], dict[str, Any] | None]] = []
        if granted:
            changes.append((AdminAction.ROLES_GRANTED, [code for _r, code in granted],
                            {"roles": [f"{role}@{code}" for role, code in granted]}))
        if revoked:
            changes.append((AdminAction.ROLES_REVOKED, [code for _r, code in revoked],
                            {"roles": [f"{role}@{code}" for role, code in revoked]}))
        if user.creation_unit_id != self.unit_id:
            changes.append((AdminAction.UNIT_CHANGED, [_unit_region(self.unit_id), _unit_region(user.creation_unit_id)],
                            {"from": self.unit_id, "to": user.creation_unit_id}))
        if user.active != self.active:
            changes.append((AdminAction.USER_REACTIVATED if user.active else AdminAction.USER_DEACTIVATED,
                            account_regions, None))
        if password_reset:
            changes.append((AdminAction.PASSWORD_RESET, account_regions, None))
        for action, codes, data in changes:
            admin_trail.record(action, actor=actor, subject=_subject(user),
                               region_code=admin_trail.covering_region(codes), data=data)
