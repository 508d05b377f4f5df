"""Submitted form data as people read it, one line per field, and what changed between two
submissions. Pure: names of users and regions come in as functions.

Paths are the JSON paths the forms use (`certificates/skill_level`, `representatives/0/name`), so
a change deep inside a group or a table row shows up as exactly that field.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from webapp.taskforms.catalog import TaskForm
from webapp.taskforms.validation import ATTACHMENTS, PICK_USERS

Namer = Callable[[Any], str]


@dataclass(frozen=True)
class ShownValue:
    path: str
    label: str
    text: str
    attachments: tuple[tuple[str, str], ...] = ()
    """(attachment id, file name) for file fields."""


@dataclass(frozen=True)
class Change:
    label: str
    before: str | None
    """None when the field was added."""
    after: str | None
    """None when the field was removed."""


@dataclass
class Reader:
    """How to read one form in one language."""

    form: TaskForm | None
    locale: str
    user_name: Namer
    region_name: Namer
    yes_no: tuple[str, str] = ("是", "否")
    _english: dict[str, Any] = field(init=False)

    def __post_init__(self) -> None:
        self._english = (self.form.ui.get("en", {}) if self.form and self.locale == "en" else {})

    def values(self, data: Mapping[str, Any]) -> list[ShownValue]:
        schema = self.form.schema if self.form else {}
        order = (self.form.ui.get("order") if self.form else None) or []
        names = [n for n in order if n in data] + [n for n in data if n not in order]
        shown: list[ShownValue] = []
        for name in names:
            self._walk(schema.get("properties", {}).get(name, {}), data[name], name, "", shown)
        return shown

    def _walk(self, schema: Mapping[str, Any], value: Any, path: str, prefix: str, out: list[ShownValue]) -> None:
        label = prefix + self._label(schema, path)
        if schema.get(ATTACHMENTS) or _looks_like_files(value):
            files = tuple((str(v.get("id")), str(v.get("name") or v.get("id"))) for v in value or []
                          if isinstance(v, Mapping))
            out.append(ShownValue(path, label, "、".join(name for _id, name in files), files))
        elif isinstance(value, Mapping):
            props = schema.get("properties", {})
            for key, inner in value.items():
                self._walk(props.get(key, {}), inner, f"{path}/{key}", f"{label} › ", out)
        elif isinstance(value, list) and any(isinstance(v, Mapping) for v in value):
            items = schema.get("items", {})
            for index, row in enumerate(value):
                for key, inner in (row.items() if isinstance(row, Mapping) else []):
                    self._walk(items.get("properties", {}).get(key, {}), inner, f"{path}/{index}/{key}",
                               f"{label} {index + 1} › ", out)
        else:
            out.append(ShownValue(path, label, self._text(schema, value, path)))

    def _label(self, schema: Mapping[str, Any], path: str) -> str:
        generic = re.sub(r"/\d+(?=/|$)", "", path)
        english = self._english.get("fields", {}).get(generic, {}).get("title")
        return str(english or schema.get("title") or path.rsplit("/", 1)[-1])

    def _text(self, schema: Mapping[str, Any], value: Any, path: str) -> str:
        if PICK_USERS in schema:
            return "、".join(self.user_name(v) for v in (value if isinstance(value, list) else [value]))
        if schema.get("x-widget") == "region":
            return self.region_name(value)
        if "enum" in schema:
            generic = re.sub(r"/\d+(?=/|$)", "", path)
            labels = {**schema.get("x-enum-labels", {}), **self._english.get("enum", {}).get(generic, {})}
            return str(labels.get(value, value))
        if isinstance(value, bool):
            return self.yes_no[0] if value else self.yes_no[1]
        if isinstance(value, list):
            return "、".join(str(v) for v in value)
        return "" if value is None else str(value)


def _looks_like_files(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(
        isinstance(v, Mapping) and set(v) >= {"id", "name"} for v in value)


def changes(before: list[ShownValue], after: list[ShownValue]) -> list[Change]:
    """Field by field, in the order of the newer submission, then the fields it dropped."""
    old = {value.path: value for value in before}
    new_paths = {value.path for value in after}
    found = [Change(value.label, old[value.path].text if value.path in old else None, value.text)
             for value in after if value.path not in old or old[value.path].text != value.text]
    found += [Change(value.label, value.text, None) for value in before if value.path not in new_paths]
    return found
