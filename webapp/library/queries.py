"""Reads over the resource library."""

from __future__ import annotations

from sqlalchemy import select

from webapp.db import session
from webapp.library.models import EntryStatus, LibraryEntry


def entries_of_brand(brand_id: int) -> list[LibraryEntry]:
    return list(session.scalars(select(LibraryEntry).where(LibraryEntry.brand_id == brand_id)
                                .order_by(LibraryEntry.entered_at, LibraryEntry.id)))


def active_entries_of_brand(brand_id: int) -> list[LibraryEntry]:
    return [entry for entry in entries_of_brand(brand_id) if entry.status == EntryStatus.ACTIVE]
