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

from sqlalchemy import delete, select

from webapp.clock import now_utc
from webapp.db import ReadCache, session
from webapp.workdays.arrangement import Arrangement, HolidayRange, MakeUpWorkday
from webapp.workdays.models import BUNDLED, WorkdayOverride, WorkdayYear

CHINA = ZoneInfo("Asia/Shanghai")
WARN_FROM_MONTH = 10
"""The State Council publishes next year's arrangement in autumn; administrators are reminded from October."""


@dataclass(frozen=True)
class WorkdayResult:
    start: datetime
    count: int
    moment: datetime
    assumed_years: list[int] = field(default_factory=list)
    """Years counted Monday-Friday because their official arrangement is not known yet."""


def seed_from_package() -> int:
    """Add every year the installed `chinesecalendar` knows and the table lacks; returns how many."""
    from chinese_calendar import constants

    source = f"{BUNDLED} {version(BUNDLED)}"
    # A year stored before its ranges were kept (arrangement NULL) is read again from the package.
    known = set(session.scalars(select(WorkdayYear.year).where(WorkdayYear.arrangement.is_not(None))))
    years = {d.year for d in constants.holidays} | {d.year for d in constants.workdays}
    for year in sorted(years - known):
        _clear_overrides(year)
        holidays = sorted((day, _holiday_name(detail)) for day, detail in constants.holidays.items()
                          if day.year == year)
        workdays = [MakeUpWorkday(_holiday_name(detail) or "", day) for day, detail in
                    sorted(constants.workdays.items()) if day.year == year and day.weekday() >= 5]
        _store(Arrangement(year, _ranges(holidays), workdays), source=source, entered_by=None)
    _years.clear()
    return len(years - known)


def _ranges(days: list[tuple[date, str | None]]) -> list[HolidayRange]:
    """Consecutive days off of one holiday as one range (the package lists every day)."""
    ranges: list[HolidayRange] = []
    for day, name in days:
        last = ranges[-1] if ranges else None
        if last is not None and last.name == (name or "") and last.last + timedelta(days=1) == day:
            ranges[-1] = HolidayRange(last.name, last.first, day)
        else:
            ranges.append(HolidayRange(name or "", day, day))
    return ranges


def _holiday_name(detail: object) -> str | None:
    """The package stores each day's holiday by its English name; its `Holiday` enum knows the Chinese."""
    from chinese_calendar.constants import Holiday

    found = next((holiday for holiday in Holiday if holiday.value == detail), None)
    return found.chinese if found is not None else (str(detail) if detail else None)


def set_year(arrangement: Arrangement, *, entered_by: str) -> None:
    """Step: enter (or correct) a year's official arrangement as an administrator typed it."""
    _clear_overrides(arrangement.year)
    _store(arrangement, source="admin", entered_by=entered_by)
    _years.clear()


def _clear_overrides(year: int) -> None:
    session.execute(delete(WorkdayOverride).where(WorkdayOverride.day.between(date(year, 1, 1), date(year, 12, 31))))


def _store(arrangement: Arrangement, *, source: str, entered_by: str | None) -> None:
    """The days that differ from Monday-Friday become overrides; the ranges are kept for reading."""
    for holiday in arrangement.holidays:
        for day in holiday.days():
            if day.weekday() < 5:
                session.add(WorkdayOverride(day=day, is_workday=False, name=holiday.name[:60] or None))
    for workday in arrangement.workdays:
        session.add(WorkdayOverride(day=workday.day, is_workday=True, name=workday.name[:60] or None))
    row = session.get(WorkdayYear, arrangement.year)
    if row is None:
        row = WorkdayYear(year=arrangement.year)
        session.add(row)
    row.source, row.entered_by, row.arrangement = source, entered_by, arrangement.as_json()
    row.updated_at = now_utc()
    session.flush()


def today() -> date:
    """Today's date in China, by the application clock."""
    return now_utc().astimezone(CHINA).date()


def last_day(deadline: datetime) -> date:
    """A deadline as people say it: the last day it allows (a counted deadline is midnight after it)."""
    return (deadline.astimezone(CHINA) - timedelta(microseconds=1)).date()


def years() -> list[WorkdayYear]:
    return list(session.scalars(select(WorkdayYear).order_by(WorkdayYear.year.desc())))


def missing_next_year(today: date) -> int | None:
    """From 1 October on, next year if its arrangement is not entered yet (the notice is due)."""
    if today.month < WARN_FROM_MONTH:
        return None
    upcoming = today.year + 1
    return None if session.get(WorkdayYear, upcoming) is not None else upcoming


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
    return WorkdayResult(start=start, count=count, moment=end, assumed_years=sorted(calendar.assumed))


def working_days_before(deadline: datetime, count: int) -> WorkdayResult:
    """The moment from which `count` working days remain until a deadline: the start of the
    `count`-th working day counted back from its last day (that day included), so it is always the
    start of a working day, never a weekend (never after the deadline itself). Two working days
    before a deadline at the end of Tuesday 2026-05-26 is Monday 2026-05-25 00:00 +08:00."""
    if count < 0:
        raise ValueError("count must not be negative")
    day = last_day(deadline) + timedelta(days=1)
    calendar = _Calendar()
    remaining = count
    while remaining > 0:
        day -= timedelta(days=1)
        if calendar.is_workday(day):
            remaining -= 1
    moment = datetime.combine(day, time(0, 0), tzinfo=CHINA)
    return WorkdayResult(start=deadline, count=count, moment=min(moment, deadline),
                         assumed_years=sorted(calendar.assumed))


def is_working_day(day: date) -> bool:
    return _Calendar().is_workday(day)


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
        if not self._known[year]:
            # Read again next time: once an administrator enters the year, every process must count
            # with it at once, or a deadline counted meanwhile would miss the recount.
            _years.discard(year)
        self._overrides.update(overrides)


_years: ReadCache[tuple[bool, dict[date, bool]]] = ReadCache()
"""Per year: is its calendar known, and its days that differ from Monday-to-Friday."""


def _read_year(year: int) -> tuple[bool, dict[date, bool]]:
    known = session.get(WorkdayYear, year) is not None
    rows = session.scalars(
        select(WorkdayOverride).where(WorkdayOverride.day.between(date(year, 1, 1), date(year, 12, 31)))
    )
    return known, {row.day: row.is_workday for row in rows}
