"""Reads about users."""

from __future__ import annotations

from sqlalchemy import false, or_, select

from webapp.auth.models import RoleGrant, User
from webapp.auth.roles import ADMIN
from webapp.db import session
from webapp.regions.models import Region


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
