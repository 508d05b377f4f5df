"""Counting working days back from a deadline (the due-soon reminder): the start of a working day,
holidays and make-up working days honoured, an unknown year counted Monday-Friday."""

from __future__ import annotations

from datetime import datetime

import pytest

from tests.workdays import years
from webapp.db import transaction
from webapp.workdays import calendar

CHINA = calendar.CHINA


def _before(deadline: datetime, count: int) -> calendar.WorkdayResult:
    with transaction():
        return calendar.working_days_before(deadline, count)


@pytest.mark.parametrize(("count", "moment"), [
    (0, datetime(2026, 10, 13, tzinfo=CHINA)),   # the deadline itself
    (1, datetime(2026, 10, 12, tzinfo=CHINA)),   # Monday, the last day
    (2, datetime(2026, 10, 10, tzinfo=CHINA)),   # Saturday 10 October is a make-up working day
    (3, datetime(2026, 10, 9, tzinfo=CHINA)),
    (5, datetime(2026, 9, 30, tzinfo=CHINA)),    # 1-7 October are the National Day holiday
])
def test_counting_back_from_a_deadline_over_national_day(app, count, moment):
    result = _before(datetime(2026, 10, 13, tzinfo=CHINA), count)  # the end of Monday 12 October
    assert (result.moment, result.assumed_years) == (moment, [])


def test_a_weekend_is_skipped_and_a_deadline_inside_a_day_counts_that_day(app):
    # Due at the end of Tuesday 26 May: two working days remain from Monday 00:00, not from Saturday.
    assert _before(datetime(2026, 5, 27, tzinfo=CHINA), 2).moment == datetime(2026, 5, 25, tzinfo=CHINA)
    assert _before(datetime(2026, 6, 5, 15, 0, tzinfo=CHINA), 1).moment == datetime(2026, 6, 5, tzinfo=CHINA)
    with pytest.raises(ValueError):
        _before(datetime(2026, 6, 5, tzinfo=CHINA), -1)


def test_an_unknown_year_counts_monday_to_friday_and_says_so(app):
    years.forget(2027)
    result = _before(datetime(2027, 1, 5, tzinfo=CHINA), 2)  # the end of Monday 4 January
    assert (result.moment, result.assumed_years) == (datetime(2027, 1, 1, tzinfo=CHINA), [2027])
