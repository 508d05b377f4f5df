"""Chinese working days (工作日) for notice and appeal periods.

The calendar lives in the database, seeded from the `chinesecalendar` package, because the package
only knows the years up to its release and the State Council publishes each next year's holiday
arrangement around December. A year that is not in the table is counted Monday-Friday and the
result says so, so the caller can show a warning; nothing ever crashes for a missing year.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from importlib.metadata import version
from zoneinfo import ZoneInfo

from sqlalchemy import select

from webapp.db import ReadCache, session
from webapp.workdays.models import WorkdayOverride, WorkdayYear

CHINA = ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True)
class WorkdayResult:
    moment: datetime
    assumed_years: list[int] = field(default_factory=list)
    """Years counted Monday-Friday because their official arrangement is not known yet."""


def seed_from_package() -> int:
    """Add every year the installed `chinesecalendar` knows and the table lacks; returns how many."""
    from chinese_calendar import constants

    source = f"chinesecalendar {version('chinesecalendar')}"
    known = set(session.scalars(select(WorkdayYear.year)))
    years = {d.year for d in constants.holidays} | {d.year for d in constants.workdays}
    added = 0
    for year in sorted(years - known):
        for day, detail in constants.holidays.items():
            if day.year == year and day.weekday() < 5:
                session.add(WorkdayOverride(day=day, is_workday=False, name=_holiday_name(detail)))
        for day, detail in constants.workdays.items():
            if day.year == year and day.weekday() >= 5:
                session.add(WorkdayOverride(day=day, is_workday=True, name=_holiday_name(detail)))
        session.add(WorkdayYear(year=year, source=source))
        added += 1
    session.flush()
    _years.clear()
    return added


def _holiday_name(detail: object) -> str | None:
    value = getattr(detail, "value", None)
    return str(value[1] if isinstance(value, tuple) else value) if value is not None else None


def set_year(year: int, holidays: list[date], workdays: list[date], *, source: str = "admin") -> None:
    """Enter a year's official arrangement: weekday holidays and weekend make-up working days."""
    for day in session.scalars(select(WorkdayOverride).where(WorkdayOverride.day.between(
        date(year, 1, 1), date(year, 12, 31)
    ))):
        session.delete(day)
    for day in holidays:
        session.add(WorkdayOverride(day=day, is_workday=False, name=None))
    for day in workdays:
        session.add(WorkdayOverride(day=day, is_workday=True, name=None))
    existing = session.get(WorkdayYear, year)
    if existing is None:
        session.add(WorkdayYear(year=year, source=source))
    else:
        existing.source = source
    session.flush()
    _years.clear()


def add_working_days(start: datetime, count: int) -> WorkdayResult:
    """The end of the `count`-th working day after `start`'s (Beijing) date: midnight after it.

    A notice published on Wednesday 2026-09-30 for 5 working days runs over the National Day
    holiday and the make-up Saturday 10 October, and ends at 2026-10-14 00:00 +08:00.
    """
    if count < 0:
        raise ValueError("count must not be negative")
    day = start.astimezone(CHINA).date()
    calendar = _Calendar()
    remaining = count
    while remaining > 0:
        day += timedelta(days=1)
        if calendar.is_workday(day):
            remaining -= 1
    end = datetime.combine(day + timedelta(days=1), time(0, 0), tzinfo=CHINA)
    return WorkdayResult(moment=end, assumed_years=sorted(calendar.assumed))


class _Calendar:
    def __init__(self) -> None:
        self._known: dict[int, bool] = {}
        self._overrides: dict[date, bool] = {}
        self.assumed: set[int] = set()

    def is_workday(self, day: date) -> bool:
        if day.year not in self._known:
            self._load(day.year)
        if not self._known[day.year]:
            self.assumed.add(day.year)
        return self._overrides.get(day, day.weekday() < 5)

    def _load(self, year: int) -> None:
        self._known[year], overrides = _years.get(year, lambda: _read_year(year))
        self._overrides.update(overrides)


_years: ReadCache[tuple[bool, dict[date, bool]]] = ReadCache()
"""Per year: is its calendar known, and its days that differ from Monday-to-Friday."""


def _read_year(year: int) -> tuple[bool, dict[date, bool]]:
    known = session.get(WorkdayYear, year) is not None
    rows = session.scalars(
        select(WorkdayOverride).where(WorkdayOverride.day.between(date(year, 1, 1), date(year, 12, 31)))
    )
    return known, {row.day: row.is_workday for row in rows}
