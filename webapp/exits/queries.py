"""Reads about exit cases."""

from __future__ import annotations

from sqlalchemy import select

from webapp.applications.models import Brand
from webapp.auth.models import User
from webapp.auth.roles import OFFICIAL
from webapp.db import session
from webapp.exits.models import ExitCase
from webapp.regions import queries as regions


def cases_of_brand(brand_id: int) -> list[ExitCase]:
    return list(session.scalars(select(ExitCase).where(ExitCase.brand_id == brand_id).order_by(ExitCase.id)))


def may_propose(user: User, brand: Brand) -> bool:
    region = regions.get(brand.base_region_code)
    path = region.ancestor_codes if region else []
    return any(role == OFFICIAL and code in path for role, code in user.role_pairs)
