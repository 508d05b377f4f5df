"""Turning a posted HTML form back into the JSON data its schema describes.

Values are converted to the schema's types where they can be; text that does not convert (say
"abc" for a number) is kept as typed, so validation reports it next to the field and the page
shows it again. Empty inputs are left out, so a missing required field is reported as such.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any, Protocol

from webapp.taskforms.catalog import TaskForm
from webapp.taskforms.validation import ATTACHMENTS, PICK_USERS

# Bounded: Python refuses to convert more than 4,300 digits (ValueError); a longer "number" stays text
# and is reported as not a number, like any other text.
_WHOLE = re.compile(r"^-?\d{1,18}$")
_NUMBER = re.compile(r"^-?\d{1,18}(\.\d{1,18})?$")


class Posted(Protocol):
    """The fields of a posted form (the request's `form`, a werkzeug MultiDict): a name may repeat."""

    def __contains__(self, key: object) -> bool: ...
    def __iter__(self) -> Iterator[str]: ...
    def get(self, key: str, default: str) -> str: ...
    def getlist(self, key: str) -> list[str]: ...


def parse(form: TaskForm, posted: Posted) -> dict[str, Any]:
    return _properties(form.schema, posted, "")


def _properties(schema: Mapping[str, Any], posted: Posted, prefix: str) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name, prop in schema.get("properties", {}).items():
        value = _value(prop, posted, f"{prefix}{name}")
        if value is not None:
            data[name] = value
    return data


def _value(schema: Mapping[str, Any], posted: Posted, path: str) -> Any:
    kind = schema.get("type")
    if PICK_USERS in schema and kind != "integer":
        return [_number(v, whole=True) for v in posted.getlist(path) if v.strip()]
    if schema.get(ATTACHMENTS):
        return _rows(schema["items"], posted, path, keep=lambda row: f"{path}/{row}/remove" not in posted) or None
    if kind == "object":
        return _properties(schema, posted, f"{path}/") or None
    if kind == "array" and schema.get("items", {}).get("type") == "object":
        return _rows(schema["items"], posted, path) or None
    if kind == "boolean":
        return path in posted
    raw = posted.get(path, "")
    text = raw.strip() if kind in ("integer", "number") else raw
    if text == "":
        return None
    if kind == "integer":
        return _number(text, whole=True)
    if kind == "number":
        return _number(text, whole=False)
    return text


def _rows(items: Mapping[str, Any], posted: Posted, path: str, keep: Any = None) -> list[Any]:
    row = re.compile(rf"^{re.escape(path)}/(\d{{1,9}})/")
    indices = sorted({int(m.group(1)) for key in posted for m in [row.match(key)] if m})
    rows = []
    for index in indices:
        if keep is not None and not keep(index):
            continue
        row = _properties(items, posted, f"{path}/{index}/")
        if row:
            rows.append(row)
    return rows


def _number(text: str, *, whole: bool) -> Any:
    text = text.strip()
    if whole and _WHOLE.match(text):
        return int(text)
    if not whole and _NUMBER.match(text):
        return float(text) if "." in text else int(text)
    return text
