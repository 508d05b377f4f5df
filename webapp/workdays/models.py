"""The working-day calendar: years whose official arrangement is known, and the days that differ
from Monday-Friday (holidays on weekdays, make-up working days on weekends)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from webapp.clock import now_utc
from webapp.db import Base

BUNDLED = "chinesecalendar"
"""The package whose holiday data ships with the system; its years' `source` is `chinesecalendar <version>`."""


class WorkdayYear(Base):
    __tablename__ = "workday_year"

    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    source: Mapped[str] = mapped_column(String(40))
    """`chinesecalendar <version>`, or `admin` when an administrator entered the State Council notice."""
    updated_at: Mapped[datetime] = mapped_column(default=now_utc)
    entered_by: Mapped[str | None] = mapped_column(String(100))
    """The administrator's name as it was when they entered the year (None for the package's years)."""
    arrangement: Mapped[dict[str, Any] | None]
    """The holiday ranges and make-up working days, as `Arrangement.as_json` writes them."""

    @property
    def bundled_version(self) -> str | None:
        """The version of the bundled holiday data the year came from (None for a year typed by an administrator)."""
        name, _space, number = self.source.partition(" ")
        return number if name == BUNDLED else None


class WorkdayRevision(Base):
    """Every arrangement an administrator entered, kept as typed (the calendar's own audit trail)."""

    __tablename__ = "workday_revision"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(index=True)
    at: Mapped[datetime] = mapped_column(default=now_utc)
    entered_by: Mapped[str] = mapped_column(String(100))
    text: Mapped[str] = mapped_column(Text)
    deadlines_moved: Mapped[int] = mapped_column(default=0)
    """Due dates and timers of running cases recounted with the new arrangement."""


class WorkdayOverride(Base):
    __tablename__ = "workday_override"

    day: Mapped[date] = mapped_column(primary_key=True)
    is_workday: Mapped[bool]
    name: Mapped[str | None] = mapped_column(String(60))
