"""Making a year unknown to the calendar, as 2027 was on 2026-12-04, whatever the installed
`chinesecalendar` release knows by the time the test runs."""

from __future__ import annotations

from datetime import date

from sqlalchemy import delete

from webapp.db import ReadCache, transaction
from webapp.workdays.models import WorkdayOverride, WorkdayYear


def forget(year: int) -> None:
    with transaction() as session:
        session.execute(delete(WorkdayOverride).where(WorkdayOverride.day.between(date(year, 1, 1),
                                                                                date(year, 12, 31))))
        session.execute(delete(WorkdayYear).where(WorkdayYear.year == year))
    ReadCache.clear_all()
