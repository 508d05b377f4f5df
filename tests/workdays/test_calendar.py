"""Chinese working days from the calendar table, with a visible fallback for unknown years."""

from __future__ import annotations

from datetime import UTC, date, datetime

from tests.workdays import years
from webapp.db import transaction
from webapp.workdays import calendar
from webapp.workdays.arrangement import Arrangement, HolidayRange

CHINA = calendar.CHINA


def _add(start: datetime, count: int) -> calendar.WorkdayResult:
    with transaction():
        return calendar.add_working_days(start, count)


def test_national_day_and_its_make_up_saturday(app):
    result = _add(datetime(2026, 9, 30, 10, 0, tzinfo=CHINA), 5)
    # Oct 1-7 are holidays; Sat Oct 10 is a make-up working day: Oct 8, 9, 10, 12, 13.
    assert result.moment == datetime(2026, 10, 14, 0, 0, tzinfo=CHINA)
    assert result.assumed_years == []


def test_counting_starts_the_day_after_and_skips_the_weekend(app):
    # Published Monday 1 June: Tue 2 .. Fri 5 and Mon 8 are the five days; the period ends at midnight.
    assert _add(datetime(2026, 6, 1, 9, 0, tzinfo=CHINA), 5).moment == datetime(2026, 6, 9, tzinfo=CHINA)
    assert _add(datetime(2026, 6, 5, 23, 30, tzinfo=CHINA), 1).moment == datetime(2026, 6, 9, tzinfo=CHINA)
    # Counting uses the Beijing date: 17:00 UTC on Sunday 7 June is already Monday in Beijing.
    assert _add(datetime(2026, 6, 7, 17, 0, tzinfo=UTC), 1).moment == datetime(2026, 6, 10, tzinfo=CHINA)


def test_a_year_without_an_official_arrangement_counts_monday_to_friday_and_says_so(app):
    years.forget(2027)
    result = _add(datetime(2026, 12, 30, 10, 0, tzinfo=CHINA), 5)
    # 2026-12-31 is a working day; 2027 is unknown, so Jan 1 (a Friday) counts as a working day.
    assert result.moment == datetime(2027, 1, 7, tzinfo=CHINA)
    assert result.assumed_years == [2027]


def test_an_administrator_enters_the_next_year(app):
    years.forget(2027)
    assert _add(datetime(2026, 12, 30, 10, 0, tzinfo=CHINA), 5).assumed_years == [2027]  # now remembered
    with transaction():
        calendar.set_year(Arrangement(2027, [HolidayRange("元旦", date(2027, 1, 1), date(2027, 1, 1))]),
                          entered_by="测试")
    result = _add(datetime(2026, 12, 30, 10, 0, tzinfo=CHINA), 5)
    assert result.moment == datetime(2027, 1, 8, tzinfo=CHINA)
    assert result.assumed_years == []


def test_seeding_is_idempotent(app):
    with transaction():
        assert calendar.seed_from_package() == 0
