"""Library entries follow recognitions (steps run inside the recognizing action's transaction)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select

from webapp import signals
from webapp.applications.models import Application, Brand
from webapp.db import session
from webapp.library.models import EntryStatus, LibraryEntry
from webapp.regions import queries as regions


def add_entry(brand: Brand, *, level: str, region_code: str, application_id: int | None,
              at: datetime) -> LibraryEntry:
    """Enter a brand in a level's library, unless it already has an active entry there."""
    existing = session.scalars(select(LibraryEntry).where(
        LibraryEntry.brand_id == brand.id, LibraryEntry.level == level, LibraryEntry.status == EntryStatus.ACTIVE
    )).first()
    if existing is not None:
        return existing
    entry = LibraryEntry(brand_id=brand.id, level=level, region_code=region_code,
                         application_id=application_id, entered_at=at)
    session.add(entry)
    session.flush()
    return entry


def exit_entries(brand_id: int, *, from_level: str, reason: str, at: datetime) -> list[LibraryEntry]:
    """Step: the brand leaves the library at `from_level` and every level above it. The entries
    keep their history (status, date, reason); nothing is deleted."""
    ranks = {level.key: level.rank for level in regions.all_levels()}
    limit = ranks.get(from_level)
    if limit is None:
        return []
    ended = [entry for entry in session.scalars(select(LibraryEntry).where(
        LibraryEntry.brand_id == brand_id, LibraryEntry.status == EntryStatus.ACTIVE))
        if ranks.get(entry.level, limit + 1) <= limit]
    for entry in ended:
        entry.status, entry.exited_at, entry.exit_reason = EntryStatus.EXITED, at, reason
    session.flush()
    return ended


@signals.brand_recognized.connect
def on_brand_recognized(brand: Brand, *, level: str, region_code: str | None, application: Application,
                        at: datetime, **_: Any) -> None:
    if region_code is not None:
        add_entry(brand, level=level, region_code=region_code, application_id=application.id, at=at)
