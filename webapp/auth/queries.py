"""Reads about users."""

from __future__ import annotations

from typing import Any

from sqlalchemy import column, false, or_, select, table

from webapp.auth.models import RoleGrant, User
from webapp.auth.roles import ADMIN, CASE_READERS
from webapp.db import session
from webapp.errors import Forbidden
from webapp.regions import queries as regions
from webapp.regions.models import Region

_CREATION_UNITS = table("creation_unit", column("id"), column("region_code"))
"""Read as a bare table: the applications package that maps creation units sits above auth, and
binding a user to a unit needs only to know where the unit is."""


def unit_region_code(unit_id: int) -> str | None:
    """The region of a creation unit; None when there is no such unit."""
    return session.scalar(select(_CREATION_UNITS.c.region_code).where(_CREATION_UNITS.c.id == unit_id))


def is_national_admin(user: User) -> bool:
    """Processes, forms and the working-day calendar serve the whole country: only an administrator
    at the root region changes them."""
    root = regions.root()
    return root is not None and (ADMIN, root.code) in set(user.role_pairs)


def user_names(user_ids: set[int | None]) -> dict[int, str]:
    ids = {i for i in user_ids if i is not None}
    if not ids:
        return {}
    return dict(session.execute(select(User.id, User.display_name).where(User.id.in_(ids))).all())


def users_administered_by(actor: User, *, search: str = "") -> list[User]:
    """Users holding a role inside the regions where `actor` is an administrator."""
    mine = {code for role, code in actor.role_pairs if role == ADMIN}
    query = select(User).join(RoleGrant, isouter=True).join(Region, Region.code == RoleGrant.region_code, isouter=True)
    within = [Region.path.contains(f"/{code}/", autoescape=True) for code in mine]
    query = query.where(or_(*within) if within else false())
    if search:
        query = query.where(or_(User.username.contains(search, autoescape=True),
                                User.display_name.contains(search, autoescape=True)))
    return list(session.scalars(query.distinct().order_by(User.username)).unique())


def case_reader_codes(user: User) -> set[str]:
    """The regions where the user holds a role that reads cases (see `roles.CASE_READERS`)."""
    return {code for role, code in user.role_pairs if role in CASE_READERS}


def case_reader_scope(user: User, refusal: Any) -> list[str] | None:
    """The region codes whose cases the user may read; None for no limit (a national role). Someone
    who reads no cases is refused with `refusal`, which names the page they asked for."""
    codes = case_reader_codes(user)
    if not codes:
        raise Forbidden(refusal)
    root = regions.root()
    return None if root is not None and root.code in codes else sorted(codes)
