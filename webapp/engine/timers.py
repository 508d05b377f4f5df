"""Timer event definitions that read the application clock instead of the system clock.

SpiffWorkflow compares timers with `datetime.now()`; brandcert's timers ask `webapp.clock`, so a
test or the demo can let a 5-working-day notice period pass. Only date and duration timers are
supported: a cycle timer would keep an instance alive for years, which DESIGN.md §3 rules out.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from SpiffWorkflow.bpmn.specs.event_definitions.timer import (
    DurationTimerEventDefinition,
    TimeDateEventDefinition,
    TimerEventDefinition,
)

from webapp.clock import now_utc
from webapp.engine.expressions import ExpressionRefused, compile_expression
from webapp.engine.types import CountedMoment

MAX_WORKING_DAYS = 3650
MAX_DURATION_DAYS = 3660
"""Deadlines and timers reach at most about ten years ahead. Counting working days walks the calendar
day by day and SpiffWorkflow adds a duration month by month, both under the case's lock, so a count
or duration beyond these is refused before any counting starts."""


REMIND_BEFORE = "remindBefore"
ESCALATE_AFTER = "escalateAfter"
MAX_PERIOD_DAYS = 60
"""A user task's properties `remindBefore` and `escalateAfter` count working days before and after its due
date (notifications/reminders.py); deployment refuses anything but a whole number from 0 to this."""


def period_days(value: Any) -> int | None:
    """A period property's working days; None unless it is a whole number from 0 to MAX_PERIOD_DAYS."""
    text = str(value).strip() if value is not None else ""
    return int(text) if re.fullmatch(r"[0-9]{1,3}", text) and int(text) <= MAX_PERIOD_DAYS else None


def period_problems(properties: Mapping[str, Any]) -> list[str]:
    """What is wrong with a user task's period properties, as deployment names it."""
    return [f"property {name} = {properties[name]!r:.40} must be a whole number of working days from 0 to "
            f"{MAX_PERIOD_DAYS}" for name in (REMIND_BEFORE, ESCALATE_AFTER)
            if name in properties and period_days(properties[name]) is None]


def parse_moment(value: Any) -> datetime:
    """A timer's value as an aware datetime; expressions may return text or a datetime."""
    if isinstance(value, datetime):
        return TimerEventDefinition.get_datetime(value.isoformat())
    return TimerEventDefinition.get_datetime(str(value))


class ClockTimeDateTimer(TimeDateEventDefinition):
    """`timeDate`: the expression gives the moment (e.g. `working_days(5)`)."""

    def has_fired(self, my_task: Any) -> bool:
        event_value = my_task._get_internal_data("event_value")
        if event_value is None:
            value = my_task.workflow.script_engine.evaluate(my_task, self.expression)
            event_value = parse_moment(value).isoformat()
            my_task._set_internal_data(event_value=event_value)
            if isinstance(value, CountedMoment):  # kept so that a newly entered holiday year can recount it
                my_task._set_internal_data(event_basis=value.basis.as_json())
        if parse_moment(event_value) <= now_utc():
            my_task._set_internal_data(event_fired=True)
        return bool(my_task._get_internal_data("event_fired", False))


class ClockDurationTimer(DurationTimerEventDefinition):
    """`timeDuration`: the expression gives an ISO 8601 duration such as `"P30D"`."""

    def has_fired(self, my_task: Any) -> bool:
        event_value = my_task._get_internal_data("event_value")
        if event_value is None:
            expression = my_task.workflow.script_engine.evaluate(my_task, self.expression)
            event_value = duration_end(str(expression), now_utc()).isoformat()
            my_task._set_internal_data(event_value=event_value)
        if parse_moment(event_value) <= now_utc():
            my_task._set_internal_data(event_fired=True)
        return bool(my_task._get_internal_data("event_fired", False))


def working_days_count(count: Any) -> int:
    """The count that `working_days(n)` may take, refused before any day is counted."""
    if isinstance(count, int | float) and not isinstance(count, bool) and 0 <= count <= MAX_WORKING_DAYS:
        return int(count)
    raise ExpressionRefused(f"working_days() counts 0 to {MAX_WORKING_DAYS} working days, not {count!r:.40}")


def duration_end(text: str, start: datetime) -> datetime:
    """The end of an ISO 8601 duration (`P30D`) from `start`; refused if malformed or over ten years."""
    try:
        parsed = TimerEventDefinition.parse_iso_duration(text)
    except Exception:  # SpiffWorkflow raises a bare Exception for a bad duration
        raise ExpressionRefused(f'{text[:40]!r} is not an ISO 8601 duration such as "P30D"') from None
    scale = {"years": 366, "months": 31, "weeks": 7, "days": 1, "hours": 1 / 24, "minutes": 1 / 1440,
             "seconds": 1 / 86400}
    if sum(value * scale[unit] for unit, value in parsed.items()) > MAX_DURATION_DAYS:
        raise ExpressionRefused(f"durations reach at most {MAX_DURATION_DAYS // 366} years ahead, not {text[:40]!r}")
    return start + TimerEventDefinition.get_timedelta_from_start(parsed, start)


def fixed_value_problem(kind: str, expression: str) -> str | None:
    """What is wrong with a value fixed in the diagram: a timer's or due date's duration or date, or
    the count of `working_days(n)` (None if nothing, or if the value is computed when it starts)."""
    text = expression.strip()
    for node in ast.walk(compile_expression(text).body):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "working_days":
            problem = _count_problem(node.args)
            if problem:
                return problem
    if kind not in ("timer duration", "timer date", "due date"):
        return None
    if kind != "due date" and re.fullmatch(r"P[0-9YMWDTHS.]+", text):
        return f'write it as text, with the quotes: "{text}"'
    try:
        value = str(ast.literal_eval(text))
    except (ValueError, SyntaxError):
        return None
    try:
        if kind == "timer date":
            TimerEventDefinition.get_datetime(value)
        elif kind == "timer duration" or value.upper().startswith("P"):
            duration_end(value, now_utc())
    except ExpressionRefused as refusal:
        return str(refusal)
    except Exception:  # SpiffWorkflow raises a bare Exception for a bad date
        return 'not an ISO 8601 date-time such as "2027-01-04T09:00:00+08:00"'
    return None


def _count_problem(arguments: list[ast.expr]) -> str | None:
    if len(arguments) != 1:
        return "working_days() takes one number, the count of working days"
    try:
        count = ast.literal_eval(arguments[0])
    except (ValueError, SyntaxError):
        return None  # computed from the case's data: bounded when it runs
    try:
        working_days_count(count)
    except ExpressionRefused as refusal:
        return str(refusal)
    return None


CLOCKED = {TimeDateEventDefinition: ClockTimeDateTimer, DurationTimerEventDefinition: ClockDurationTimer}
