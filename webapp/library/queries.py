"""Reads over the resource library: a brand's entries, and the register the library pages list."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, or_, select

from webapp.applications.models import Brand, CreationUnit
from webapp.auth import queries as people
from webapp.auth.models import User
from webapp.db import session
from webapp.errors import Invalid
from webapp.i18n import _
from webapp.library.models import EntryStatus, LibraryEntry
from webapp.listing import ListFilters, page_from, year_from
from webapp.paging import Page, fetch
from webapp.regions import picker
from webapp.regions import queries as regions
from webapp.workdays.calendar import CHINA


def entries_of_brand(brand_id: int) -> list[LibraryEntry]:
    return list(session.scalars(select(LibraryEntry).where(LibraryEntry.brand_id == brand_id)
                                .order_by(LibraryEntry.entered_at, LibraryEntry.id)))


def active_entries_of_brand(brand_id: int) -> list[LibraryEntry]:
    return [entry for entry in entries_of_brand(brand_id) if entry.status == EntryStatus.ACTIVE]


# --- the library pages: filters, jurisdiction and the register's rows --------------------------------

TEXT_LIMIT = 60
STATUSES = tuple(str(status) for status in EntryStatus)


@dataclass(frozen=True)
class Filters(ListFilters):
    level: str = ""
    region: str = ""
    status: str = ""
    brand_type: str = ""
    year: int | None = None
    q: str = ""
    page: int = 1

    @classmethod
    def parse(cls, args: Mapping[str, Any]) -> Filters:
        """Filters from a query string or a stored export's parameters; bad values are reported by field."""
        errors: dict[str, list[Any]] = {}
        values: dict[str, Any] = {name: str(args.get(name) or "").strip()[:TEXT_LIMIT]
                                  for name in ("level", "region", "status", "brand_type", "q")}
        if values["level"] and values["level"] not in {level.key for level in regions.all_levels()}:
            errors["level"] = [_("Unknown level.")]
        if unknown := picker.unknown(values["region"]):
            errors["region"] = unknown
        if values["status"] and values["status"] not in STATUSES:
            errors["status"] = [_("Choose active or exited.")]
        values["year"] = year_from(args, errors)
        values["page"] = page_from(args, errors)
        if errors:
            raise Invalid(_("The search has errors."), field_errors=errors)
        return cls(**values)



def readable_regions(user: User) -> list[str] | None:
    """The region codes whose libraries the user may read; None for no limit (a national role)."""
    return people.case_reader_scope(user, _("The resource library is for officials, auditors and administrators."))


def register(filters: Filters, user: User) -> Select[Any]:
    """Entries with their brand and creation unit, within the user's jurisdiction, newest first."""
    within = readable_regions(user)
    if filters.region:
        within = picker.narrowed(within, filters.region)
    query = (select(LibraryEntry, Brand, CreationUnit)
             .join(Brand, Brand.id == LibraryEntry.brand_id).join(CreationUnit, CreationUnit.id == Brand.unit_id))
    if within is not None:
        query = query.where(LibraryEntry.region_code.in_(regions.codes_within(within)))
    if filters.level:
        query = query.where(LibraryEntry.level == filters.level)
    if filters.status:
        query = query.where(LibraryEntry.status == filters.status)
    if filters.brand_type:
        query = query.where(Brand.brand_type == filters.brand_type)
    if filters.year:
        start = datetime(filters.year, 1, 1, tzinfo=CHINA)
        query = query.where(LibraryEntry.entered_at >= start,
                            LibraryEntry.entered_at < start.replace(year=filters.year + 1))
    if filters.q:
        query = query.where(or_(Brand.name.contains(filters.q, autoescape=True),
                                CreationUnit.name.contains(filters.q, autoescape=True)))
    return query.order_by(LibraryEntry.entered_at.desc(), LibraryEntry.id.desc())


def register_page(filters: Filters, user: User) -> Page[Any]:
    """One page of the register: (entry, brand, unit) rows."""
    return fetch(register(filters, user), filters.page)


def brand_types() -> list[str]:
    return list(session.scalars(select(Brand.brand_type).distinct().order_by(Brand.brand_type)))
