"""Users: signing in, and the steps that create users and check grants. The administrators' commands
are in `people.services` (they enter the administration trail); tokens are in `auth.tokens`."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from webapp.auth import permissions, queries
from webapp.auth.models import RoleGrant, User
from webapp.auth.roles import ADMIN
from webapp.db import session
from webapp.errors import Forbidden, Invalid, Unauthorized
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
    errors.update(unit_errors(creation_unit_id))
    if errors:
        raise Invalid(_("The user was not created."), field_errors=errors)
    user = User(username=username, display_name=display_name or username,
                password_hash=generate_password_hash(password), creation_unit_id=creation_unit_id)
    user.grants = [RoleGrant(role=role, region_code=code) for role, code in roles]
    session.add(user)
    session.flush()
    return user


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


def unit_errors(creation_unit_id: int | None) -> dict[str, list[str]]:
    if creation_unit_id is None or queries.unit_region_code(creation_unit_id) is not None:
        return {}
    return {"creation_unit_id": [_("Unknown creation unit %(id)s.", id=creation_unit_id)]}


def check_grants(actor: User, roles: Sequence[tuple[str, str]], unit_ids: Sequence[int | None] = ()) -> None:
    """Roles and creation units alike: binding a user to a unit lets them act as its applicant, so an
    administrator binds only units inside the regions where they hold `admin`."""
    mine = administered_regions(actor)

    def outside(code: str | None) -> bool:
        region = regions.get(code) if code else None
        return region is not None and not permissions.may_administer(mine, region.ancestor_codes)

    refused = [queries.grant_label(role, code) for role, code in roles if outside(code)]
    refused += [queries.unit_name(unit_id) for unit_id in dict.fromkeys(unit_ids)
                if unit_id is not None and outside(queries.unit_region_code(unit_id))]
    if refused:
        raise Forbidden(_("You administer no region covering %(roles)s; nothing was changed.",
                          roles="、".join(refused)))
