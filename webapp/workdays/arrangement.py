"""A year's holiday arrangement (节假日安排) as the State Council's notice states it, read from text.

Pure: no database. The administrators' page and `brandcert calendar set` both take the same text,
one holiday per line, as the notice prints it, or with ISO dates::

    一、元旦：1月1日（周五）至3日（周日）放假，共3天。
    二、春节：2月6日至14日放假调休，共9天。2月15日（周日）、2月20日（周六）上班。
    劳动节：2027-05-01 至 2027-05-05 放假；2027-05-08 上班

A line names its holiday before the first colon. Its sentences (split at 。 or ；) that say 上班 list
make-up working days (调休上班); those that say 放假 or 休 list holiday dates and ranges (至, 到, ~ or
..). Lines that say neither, or give no date, such as the notice's preamble, are skipped and listed. Text in
brackets (weekdays, lunar dates) is ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from webapp.i18n import N_

Message = tuple[str, dict[str, object]]
"""A message id (translated when shown) and its parameters."""

_BRACKETS = re.compile(r"（[^）]*）|\([^)]*\)|【[^】]*】")
_ENUMERATOR = re.compile(r"^\s*(?:[一二三四五六七八九十]+|\d+)\s*[、.．]\s*")
_DAY = r"(?:(?:(?P<{p}y>\d{{4}})\s*年\s*)?(?P<{p}m>\d{{1,2}})\s*月\s*(?P<{p}d>\d{{1,2}})\s*日" \
       r"|(?P<{p}iy>\d{{4}})-(?P<{p}im>\d{{1,2}})-(?P<{p}id>\d{{1,2}}))"
_END = r"(?:(?:(?:(?P<ey>\d{4})\s*年\s*)?(?P<em>\d{1,2})\s*月\s*)?(?P<ed>\d{1,2})\s*日" \
       r"|(?P<eiy>\d{4})-(?P<eim>\d{1,2})-(?P<eid>\d{1,2}))"
_SPAN = re.compile(_DAY.format(p="s") + r"(?:\s*(?:至|到|~|～|\.\.)\s*" + _END + ")?")
_SENTENCES = re.compile(r"[。；;]")
EARLIEST_OFFSET, LATEST_OFFSET = -1, 1
"""An arrangement may be entered for last year, this year or next year, nothing further."""


@dataclass(frozen=True)
class HolidayRange:
    name: str
    first: date
    last: date

    def days(self) -> list[date]:
        return [self.first + timedelta(days=n) for n in range((self.last - self.first).days + 1)]


@dataclass(frozen=True)
class MakeUpWorkday:
    """A weekend day worked instead of a holiday (调休上班)."""

    name: str
    day: date


@dataclass
class Arrangement:
    year: int
    holidays: list[HolidayRange] = field(default_factory=list)
    workdays: list[MakeUpWorkday] = field(default_factory=list)
    skipped_lines: list[int] = field(default_factory=list)

    def day_off(self) -> set[date]:
        return {day for holiday in self.holidays for day in holiday.days()}

    def as_json(self) -> dict[str, list[dict[str, str]]]:
        return {"holidays": [{"name": h.name, "first": h.first.isoformat(), "last": h.last.isoformat()}
                             for h in self.holidays],
                "workdays": [{"name": w.name, "day": w.day.isoformat()} for w in self.workdays]}

    @classmethod
    def from_json(cls, year: int, value: dict[str, list[dict[str, str]]]) -> Arrangement:
        return cls(year, [HolidayRange(h["name"], date.fromisoformat(h["first"]), date.fromisoformat(h["last"]))
                          for h in value.get("holidays", [])],
                   [MakeUpWorkday(w["name"], date.fromisoformat(w["day"])) for w in value.get("workdays", [])])


class ArrangementRefused(ValueError):
    """The text cannot be entered; `problems` name the line of each."""

    def __init__(self, problems: list[tuple[int | None, Message]]) -> None:
        super().__init__("; ".join(message for _line, (message, _params) in problems))
        self.problems = problems


def parse(text: str, year: int, *, this_year: int) -> Arrangement:
    """Read and check an arrangement for `year`; raises ArrangementRefused listing every problem."""
    problems: list[tuple[int | None, Message]] = []
    if not this_year + EARLIEST_OFFSET <= year <= this_year + LATEST_OFFSET:
        raise ArrangementRefused([(None, (N_("An arrangement can be entered for %(first)s to %(last)s only, "
                                             "not for %(year)s."),
                                          {"first": this_year + EARLIEST_OFFSET, "last": this_year + LATEST_OFFSET,
                                           "year": year}))])
    arrangement = Arrangement(year)
    lines: dict[object, int] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = _BRACKETS.sub("", raw).strip()
        if not line or line.startswith("#"):
            continue
        if not re.search(r"放假|休|上班", line):
            arrangement.skipped_lines.append(number)
            continue
        name, separator, rest = re.sub(_ENUMERATOR, "", line).partition("：")
        if not separator:
            name, separator, rest = name.partition(":")
        if not separator or not name.strip():
            problems.append((number, (N_("Write the holiday's name, a colon, then its dates, "
                                         "e.g. 春节：2月6日至14日放假。"), {})))
            continue
        items = _read_sentences(name.strip(), rest, year, number, problems)
        if not items:
            arrangement.skipped_lines.append(number)
        for item in items:
            lines[item] = number
            (arrangement.holidays if isinstance(item, HolidayRange) else arrangement.workdays).append(item)
    if not problems and not arrangement.holidays:
        problems.append((None, (N_("No holiday dates were found; write one holiday per line, "
                                   "e.g. 元旦：1月1日放假。"), {})))
    problems.extend(_conflicts(arrangement, lines))
    if problems:
        raise ArrangementRefused(problems)
    arrangement.holidays.sort(key=lambda h: h.first)
    arrangement.workdays.sort(key=lambda w: w.day)
    return arrangement


def _read_sentences(name: str, text: str, year: int, number: int,
                    problems: list[tuple[int | None, Message]]) -> list[HolidayRange | MakeUpWorkday]:
    found: list[HolidayRange | MakeUpWorkday] = []
    for sentence in _SENTENCES.split(text):
        spans = list(_SPAN.finditer(sentence))
        if not spans:
            continue
        working = "上班" in sentence
        if not working and not re.search(r"放假|休", sentence):
            problems.append((number, (N_("“%(text)s” says neither 放假 nor 上班."), {"text": sentence.strip()})))
            continue
        for span in spans:
            try:
                first, last = _span_dates(span, year)
            except ValueError:
                problems.append((number, (N_("%(text)s is not a date."), {"text": span.group(0)})))
                continue
            if first.year != year or last.year != year:
                problems.append((number, (N_("%(text)s is not in %(year)s."), {"text": span.group(0), "year": year})))
            elif last < first:
                problems.append((number, (N_("%(text)s ends before it begins."), {"text": span.group(0)})))
            elif working:
                found.extend(MakeUpWorkday(name, day) for day in HolidayRange(name, first, last).days())
            else:
                found.append(HolidayRange(name, first, last))
    return found


def _span_dates(span: re.Match[str], year: int) -> tuple[date, date]:
    g = span.groupdict()
    if g["siy"]:
        first = date(int(g["siy"]), int(g["sim"]), int(g["sid"]))
    else:
        first = date(int(g["sy"] or year), int(g["sm"]), int(g["sd"]))
    if g["eiy"]:
        return first, date(int(g["eiy"]), int(g["eim"]), int(g["eid"]))
    if g["ed"]:
        return first, date(int(g["ey"] or first.year), int(g["em"] or first.month), int(g["ed"]))
    return first, first


def _conflicts(arrangement: Arrangement, lines: dict[object, int]) -> list[tuple[int | None, Message]]:
    problems: list[tuple[int | None, Message]] = []
    seen: dict[date, HolidayRange] = {}
    for holiday in arrangement.holidays:
        for day in holiday.days():
            if day in seen:
                problems.append((lines[holiday], (N_("%(day)s is already a holiday of %(other)s (line %(line)s)."),
                                                  {"day": day.isoformat(), "other": seen[day].name,
                                                   "line": lines[seen[day]]})))
                break
            seen[day] = holiday
    worked: set[date] = set()
    for workday in arrangement.workdays:
        day = workday.day
        if day.weekday() < 5:
            problems.append((lines[workday], (N_("%(day)s is a weekday; only a Saturday or Sunday can be a "
                                                 "make-up working day (调休上班)."), {"day": day.isoformat()})))
        elif day in seen:
            problems.append((lines[workday], (N_("%(day)s is both a holiday and a working day."),
                                              {"day": day.isoformat()})))
        elif day in worked:
            problems.append((lines[workday], (N_("%(day)s is listed twice as a working day."),
                                              {"day": day.isoformat()})))
        worked.add(day)
    return problems
