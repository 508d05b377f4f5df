"""A year as a month grid, for the preview of an arrangement before it is saved."""

from __future__ import annotations

import calendar as gregorian
from dataclasses import dataclass
from datetime import date

from webapp.workdays.arrangement import Arrangement


@dataclass(frozen=True)
class Day:
    day: date
    kind: str
    """`workday`, `weekend`, `holiday` (放假) or `makeup` (调休上班)."""
    name: str = ""


@dataclass(frozen=True)
class Month:
    number: int
    weeks: list[list[Day | None]]
    """Monday first; None pads the days of the neighbouring months."""


def months(arrangement: Arrangement) -> list[Month]:
    holidays = {day: h.name for h in arrangement.holidays for day in h.days()}
    makeup = {w.day: w.name for w in arrangement.workdays}

    def cell(day: date) -> Day:
        if day in holidays:
            return Day(day, "holiday", holidays[day])
        if day in makeup:
            return Day(day, "makeup", makeup[day])
        return Day(day, "weekend" if day.weekday() >= 5 else "workday")

    weeks = gregorian.Calendar(firstweekday=0)
    return [Month(month, [[cell(d) if d.month == month else None for d in week]
                          for week in weeks.monthdatescalendar(arrangement.year, month)])
            for month in range(1, 13)]
