"""Timer event definitions that read the application clock instead of the system clock.

SpiffWorkflow compares timers with `datetime.now()`; brandcert's timers ask `webapp.clock`, so a
test or the demo can let a 5-working-day notice period pass. Only date and duration timers are
supported: a cycle timer would keep an instance alive for years, which DESIGN.md §3 rules out.
"""

from __future__ import annotations

import ast
import re
from datetime import datetime
from typing import Any

from SpiffWorkflow.bpmn.specs.event_definitions.timer import (
    DurationTimerEventDefinition,
    TimeDateEventDefinition,
    TimerEventDefinition,
)

from webapp.clock import now_utc
from webapp.engine.types import CountedMoment


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
            parsed = TimerEventDefinition.parse_iso_duration(str(expression))
            start = now_utc()
            event_value = (start + TimerEventDefinition.get_timedelta_from_start(parsed, start)).isoformat()
            my_task._set_internal_data(event_value=event_value)
        if parse_moment(event_value) <= now_utc():
            my_task._set_internal_data(event_fired=True)
        return bool(my_task._get_internal_data("event_fired", False))


def fixed_value_problem(kind: str, expression: str) -> str | None:
    """What is wrong with a timer whose value is fixed in the diagram (None if nothing, or if the
    value is computed when the timer starts, e.g. `working_days(5)`)."""
    text = expression.strip()
    if kind not in ("timer duration", "timer date"):
        return None
    if re.fullmatch(r"P[0-9YMWDTHS.]+", text):
        return f'write it as text, with the quotes: "{text}"'
    try:
        value = ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return None
    try:
        if kind == "timer duration":
            TimerEventDefinition.parse_iso_duration(str(value))
        else:
            TimerEventDefinition.get_datetime(str(value))
    except Exception:  # SpiffWorkflow raises a bare Exception for a bad duration
        return 'not an ISO 8601 duration such as "P30D"' if kind == "timer duration" else \
            'not an ISO 8601 date-time such as "2027-01-04T09:00:00+08:00"'
    return None


CLOCKED = {TimeDateEventDefinition: ClockTimeDateTimer, DurationTimerEventDefinition: ClockDurationTimer}
