"""The working-day calendar: years whose official arrangement is known, and the days that differ
from Monday-Friday (holidays on weekdays, make-up working days on weekends)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from webapp.clock import now_utc
from webapp.db import Base


class WorkdayYear(Base):
    __tablename__ = "workday_year"

    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    source: Mapped[str] = mapped_column(String(40))
    """`chinesecalendar <version>` or `admin` when entered from the State Council notice."""
    updated_at: Mapped[datetime] = mapped_column(default=now_utc)


class WorkdayOverride(Base):
    __tablename__ = "workday_override"

    day: Mapped[date] = mapped_column(primary_key=True)
    is_workday: Mapped[bool]
    name: Mapped[str | None] = mapped_column(String(60))
