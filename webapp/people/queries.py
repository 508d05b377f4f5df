"""What the user administration pages offer to choose: roles, regions and creation units, within the
regions where the administrator holds `admin`. The commands in `people` check the choices again."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select

from webapp.applications.models import CreationUnit
from webapp.auth.models import RoleGrant, User
from webapp.auth.services import administered_regions
from webapp.db import session
from webapp.regions import picker
from webapp.regions.queries import codes_within
from webapp.vocabulary import ROLES, named


def grantable_roles() -> list[str]:
    """The roles brandcert names, then any other a diagram introduced and someone already holds (granted on
    the command line): an administrator gives those too, and never invents a new one by a typing slip."""
    held = session.scalars(select(RoleGrant.role).distinct().order_by(RoleGrant.role))
    return [*ROLES, *(role for role in held if role not in ROLES)]


def role_choices() -> list[tuple[str, str]]:
    return [(role, named(ROLES, role)) for role in grantable_roles()]


def region_choices(actor: User) -> list[picker.RegionChoice]:
    """Where the administrator may give roles: his regions and every region below them."""
    return picker.choices(administered_regions(actor))


def unit_choices(actor: User, *, keep: Iterable[int | None] = ()) -> list[tuple[int, str]]:
    """The creation units whose region lies within the administrator's regions, by name; `keep` adds the
    unit a user is bound to already (so that the page shows it, whoever bound it)."""
    kept = [unit_id for unit_id in keep if unit_id is not None]
    query = select(CreationUnit.id, CreationUnit.name).where(
        CreationUnit.region_code.in_(codes_within(administered_regions(actor))) | CreationUnit.id.in_(kept))
    return [(unit_id, name) for unit_id, name in session.execute(query.order_by(CreationUnit.name))]
