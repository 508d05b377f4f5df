"""Users: commands (one transaction each) and the steps they use. Tokens are in `auth.tokens`."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from webapp.auth import permissions, queries
from webapp.auth.models import RoleGrant, User
from webapp.auth.roles import ADMIN
from webapp.auth.tokens import end_sessions
from webapp.db import session, transaction
from webapp.errors import Forbidden, Invalid, NotFound, Unauthorized
from webapp.i18n import _
from webapp.regions import queries as regions

MIN_PASSWORD = 8
_DUMMY_HASH = generate_password_hash("timing-equaliser")


def add_user(username: str, password: str, display_name: str, *, roles: Sequence[tuple[str, str]] = (),
             creation_unit_id: int | None = None) -> User:
    """Step: create a user with roles at regions."""
    errors: dict[str, list[str]] = {}
    if not username or len(username) > 60:
        errors["username"] = [_("A username of 1 to 60 characters is required.")]
    elif session.scalar(select(User.id).where(User.username == username)) is not None:
        errors["username"] = [_("The username %(name)s is taken.", name=username)]
    if len(password) < MIN_PASSWORD:
        errors["password"] = [_("The password needs at least %(count)s characters.", count=MIN_PASSWORD)]
    for role, region_code in roles:
        if regions.get(region_code) is None:
            errors.setdefault("roles", []).append(
                _("Unknown region %(code)s for role %(role)s.", code=region_code, role=role))
    errors.update(_unit_errors(creation_unit_id))
    if errors:
        raise Invalid(_("The user was not created."), field_errors=errors)
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
        raise Unauthorized(_("Wrong username or password."))
    if not check_password_hash(user.password_hash, password) or not user.active:
        raise Unauthorized(_("Wrong username or password."))
    return user


def administered_regions(actor: User) -> set[str]:
    return {code for role, code in actor.role_pairs if role == ADMIN}


def _unit_errors(creation_unit_id: int | None) -> dict[str, list[str]]:
    if creation_unit_id is None or queries.unit_region_code(creation_unit_id) is not None:
        return {}
    return {"creation_unit_id": [_("Unknown creation unit %(id)s.", id=creation_unit_id)]}


def _check_grants(actor: User, roles: Sequence[tuple[str, str]], unit_ids: Sequence[int | None] = ()) -> None:
    """Roles and creation units alike: binding a user to a unit lets them act as its applicant, so an
    administrator binds only units inside the regions where they hold `admin`."""
    mine = administered_regions(actor)

    def outside(code: str | None) -> bool:
        region = regions.get(code) if code else None
        return region is not None and not permissions.may_administer(mine, region.ancestor_codes)

    refused = [f"{role}@{code}" for role, code in roles if outside(code)]
    refused += [str(_("creation unit %(id)s", id=unit_id)) for unit_id in dict.fromkeys(unit_ids)
                if unit_id is not None and outside(queries.unit_region_code(unit_id))]
    if refused:
        raise Forbidden(_("You administer no region covering %(roles)s.", roles=", ".join(refused)))


def register_user(username: str, password: str, display_name: str, *, roles: Sequence[tuple[str, str]],
                  creation_unit_id: int | None, actor: User) -> User:
    """Command for administrators: create a user with roles inside their own regions."""
    with transaction():
        _check_grants(actor, roles, [creation_unit_id])
        return add_user(username, password, display_name, roles=roles, creation_unit_id=creation_unit_id)


def update_user(user_id: int, *, display_name: str, roles: Sequence[tuple[str, str]], active: bool,
                new_password: str | None, creation_unit_id: int | None, actor: User) -> User:
    """Command for administrators: rename, change roles or creation unit, (de)activate or reset the password."""
    with transaction():
        user = session.get(User, user_id)
        if user is None:
            raise NotFound(_("User %(id)s does not exist.", id=user_id))
        _check_grants(actor, [*user.role_pairs, *roles], [user.creation_unit_id, creation_unit_id])
        if user.id == actor.id and not active:
            raise Invalid(_("You cannot deactivate yourself."), field_errors={"active": [_("Keep yourself active.")]})
        unknown = [code for _role, code in roles if regions.get(code) is None]
        if unknown:
            raise Invalid(_("The user was not changed."), field_errors={"roles": [
                _("Unknown region %(code)s.", code=code) for code in unknown]})
        if unit_errors := _unit_errors(creation_unit_id):
            raise Invalid(_("The user was not changed."), field_errors=unit_errors)
        if new_password:
            if len(new_password) < MIN_PASSWORD:
                raise Invalid(_("The user was not changed."), field_errors={"password": [
                    _("The password needs at least %(count)s characters.", count=MIN_PASSWORD)]})
            user.password_hash = generate_password_hash(new_password)
        if new_password or not active:
            end_sessions(user)  # whoever held the old password, or the account, keeps no session or token
        user.display_name = display_name or user.username
        user.active = active
        user.creation_unit_id = creation_unit_id
        wanted = list(dict.fromkeys(roles))
        kept = [grant for grant in user.grants if (grant.role, grant.region_code) in wanted]
        held = {(grant.role, grant.region_code) for grant in kept}
        added = [RoleGrant(role=role, region_code=code) for role, code in wanted if (role, code) not in held]
        user.grants = [*kept, *added]
        return user
