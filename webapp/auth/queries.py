"""Reads about users."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Select, column, false, or_, select, table
from sqlalchemy.orm import lazyload

from webapp.auth.models import RoleGrant, Substitution, User, owner_unit_id
from webapp.auth.roles import ADMIN, APPLICANT, CASE_READERS, READ_ONLY_ROLES
from webapp.db import session
from webapp.errors import Forbidden
from webapp.paging import Page, fetch_scalars
from webapp.regions import queries as regions
from webapp.regions.models import Region
from webapp.vocabulary import ROLES, named

_CREATION_UNITS = table("creation_unit", column("id"), column("name"), column("region_code"))
"""Read as a bare table: the applications package that maps creation units sits above auth, and
binding a user to a unit needs only to know where the unit is."""


def unit_region_code(unit_id: int) -> str | None:
    """The region of a creation unit; None when there is no such unit."""
    return session.scalar(select(_CREATION_UNITS.c.region_code).where(_CREATION_UNITS.c.id == unit_id))


def unit_name(unit_id: int) -> str:
    """A creation unit as people know it: by its name."""
    return session.scalar(select(_CREATION_UNITS.c.name).where(_CREATION_UNITS.c.id == unit_id)) or str(unit_id)


def grant_label(role: str, region_code: str) -> str:
    """A role held at a region as people read it: 经办人员 · 岐山县."""
    region = regions.get(region_code)
    return f"{named(ROLES, role)} · {region.name if region else region_code}"


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


def display_name_of(username: str) -> str | None:
    return session.scalar(select(User.display_name).where(User.username == username))


def users_administered_by(actor: User, *, search: str = "") -> list[User]:
    """Users holding a role inside the regions where `actor` is an administrator."""
    return list(session.scalars(_administered(actor, search)).unique())


def page_of_users_administered_by(actor: User, number: int, *, search: str = "") -> Page[User]:
    """The users page: `users_administered_by`, a page at a time."""
    return fetch_scalars(_administered(actor, search), number)


def _administered(actor: User, search: str) -> Select[tuple[User]]:
    mine = {code for role, code in actor.role_pairs if role == ADMIN}
    query = select(User).join(RoleGrant, isouter=True).join(Region, Region.code == RoleGrant.region_code, isouter=True)
    within = [Region.path.contains(f"/{code}/", autoescape=True) for code in mine]
    query = query.where(or_(*within) if within else false())
    if search:
        query = query.where(or_(User.username.contains(search, autoescape=True),
                                User.display_name.contains(search, autoescape=True)))
    return query.distinct().order_by(User.username)


def active_users(query: Any) -> list[User]:
    return list(session.scalars(query.where(User.active.is_(True)).order_by(User.id)).unique())


def people_of_unit(owner_key: str | None) -> list[User]:
    """The active people bound to the creation unit an owner key names (who act as its applicant)."""
    unit_id = owner_unit_id(owner_key)
    return [] if unit_id is None else active_users(select(User).where(User.creation_unit_id == unit_id))


def holders(role: str, region_code: str | None) -> list[User]:
    """The active people holding a role at exactly this region (to tell them: their other roles are
    read only if asked for)."""
    if region_code is None:
        return []
    return active_users(select(User).join(RoleGrant).where(RoleGrant.role == role, RoleGrant.region_code == region_code)
                        .options(lazyload(User.grants)))


def may_act_on(group: str, region_code: str | None, owner_key: str | None, assignee_id: int | None, *,
               named_by_process: bool = False) -> list[User]:
    """Everyone who may act on a task stamped like this (the inverse of `permissions.may_act`). A task the
    process named its person for, now without one (he withdrew or left), waits for a replacement: nobody."""
    if named_by_process and assignee_id is None:
        return []
    if assignee_id is not None:
        return active_users(select(User).where(User.id == assignee_id))
    if group in READ_ONLY_ROLES:
        return []
    return people_of_unit(owner_key) if group == APPLICANT else holders(group, region_code)


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


def principals_of(substitute: User, day: date) -> list[User]:
    """The active people `substitute` stands in for on `day` (代理): their substitution covers the day and
    is not cancelled."""
    return active_users(select(User).join(Substitution, Substitution.principal_id == User.id).where(
        Substitution.substitute_id == substitute.id, Substitution.cancelled_at.is_(None),
        Substitution.starts_on <= day, Substitution.ends_on >= day))


def substitutes_of(principal_id: int, day: date) -> list[User]:
    """Who stands in for `principal_id` on `day` (to tell them when his tasks arrive)."""
    return active_users(select(User).join(Substitution, Substitution.substitute_id == User.id).where(
        Substitution.principal_id == principal_id, Substitution.cancelled_at.is_(None),
        Substitution.starts_on <= day, Substitution.ends_on >= day))
