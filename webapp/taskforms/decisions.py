"""A task form's decision: the choices of its `decision` field and how the form names each one
(`forward` -> 同意推荐 / Endorse and forward). Every page, list, report and file that shows a
decision reads its words here, so the trail says what the person acting read on the form."""

from __future__ import annotations

from typing import Any

from webapp.taskforms.catalog import TaskForm, catalog
from webapp.taskforms.widgets import option_label

DECISION = "decision"
"""The field whose choice the diagram's gateways read and the trail records."""


def decision_choices(form_key: str | None, *, locale: str) -> dict[str, str]:
    """Value -> label of a form's decision, in the form's order; {} for a form without one (or unknown)."""
    form = _form(form_key)
    field = form.schema.get("properties", {}).get(DECISION) if form else None
    values = field.get("enum") if isinstance(field, dict) else None
    if form is None or not isinstance(values, list):
        return {}
    return {str(value): option_label(form, DECISION, value, locale=locale) for value in values}


def decision_label(form_key: str | None, value: Any, *, locale: str) -> str:
    """How the form names this decision; the value as stored when the form or the option is unknown."""
    form = _form(form_key)
    return option_label(form, DECISION, value, locale=locale) if form else str(value)


def _form(form_key: str | None) -> TaskForm | None:
    forms = catalog()
    return forms.get(form_key) if form_key and forms.exists(form_key) else None
