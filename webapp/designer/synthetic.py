"""Made-up form data for a rehearsal: enough of every form for the diagram's expressions to run.

A rehearsal's case is nobody's: people picked in a form are ids no user has (negative), scores are
full marks (a passing review), texts say they are examples. Only the decision is the administrator's.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from webapp import taskforms
from webapp.clock import now_utc

DECISION = "decision"
"""The field of a task form whose options the diagram's gateways route on."""
EXAMPLE_TEXT = "示例"
PICKED_PEOPLE = 3
"""How many people a rehearsal picks where a form picks people (the experts of a review panel)."""
SCORE_MAXIMUM = 100
"""A whole number field allowing at most this is a score: a rehearsal gives it full marks."""
_DEPTH = 6


def decision_options(form_key: str | None) -> list[str] | None:
    """The values of the form's decision field; None when it has none (or the form does not exist)."""
    return list(taskforms.decision_choices(form_key, locale="zh")) or None


def form_data(form_key: str | None, decision: str | None, *, region: str) -> dict[str, Any]:
    """Every field of the form filled with an example value, and the decision taken."""
    form = _form(form_key)
    data = _object(form.schema, region, 0) if form else {}
    if decision is not None:
        data[DECISION] = decision
    return data


def _form(form_key: str | None) -> taskforms.TaskForm | None:
    catalog = taskforms.catalog()
    return catalog.get(form_key) if form_key and catalog.exists(form_key) else None


def _object(schema: Mapping[str, Any], region: str, depth: int) -> dict[str, Any]:
    properties = schema.get("properties")
    if not isinstance(properties, dict) or depth > _DEPTH:
        return {}
    values = {name: _value(prop, region, depth + 1) for name, prop in properties.items() if isinstance(prop, dict)}
    return {name: value for name, value in values.items() if value is not None}


def _value(schema: Mapping[str, Any], region: str, depth: int) -> Any:
    if schema.get("x-attachments"):
        return None  # no file is uploaded in a rehearsal
    if "enum" in schema and isinstance(schema["enum"], list) and schema["enum"]:
        return schema["enum"][0]
    kind = schema.get("type")
    if schema.get("x-pick-users"):
        people = list(range(-1, -PICKED_PEOPLE - 1, -1))
        return people[:schema.get("maxItems", PICKED_PEOPLE)] if kind == "array" else people[0]
    if schema.get("x-widget") == "region":
        return region
    if kind == "object":
        return _object(schema, region, depth)
    if kind == "array":
        item = schema.get("items")
        one = _value(item, region, depth + 1) if isinstance(item, dict) else None
        return [one] * max(int(schema.get("minItems", 1)), 1) if one is not None else []
    if kind in ("integer", "number"):
        return _number(schema)
    if kind == "boolean":
        return True
    if kind == "string":
        return _text(schema)
    return None


def _number(schema: Mapping[str, Any]) -> int | float:
    maximum = schema.get("maximum")
    if isinstance(maximum, int | float) and maximum <= SCORE_MAXIMUM:
        return maximum
    minimum = schema.get("minimum")
    return max(minimum, SCORE_MAXIMUM) if isinstance(minimum, int | float) else SCORE_MAXIMUM


def _text(schema: Mapping[str, Any]) -> str:
    if schema.get("format") == "date":
        return now_utc().date().isoformat()
    shortest, longest = int(schema.get("minLength", 0)), int(schema.get("maxLength", 200))
    text = EXAMPLE_TEXT * max(1, -(-shortest // len(EXAMPLE_TEXT)))
    return text[:max(longest, shortest)]
