"""Server-side rendering of JSON Schema forms: the schema (+ `.ui.json`) becomes a tree of fields
with their values and errors, which one Jinja macro draws. Field names are the JSON paths
(`representatives/0/name`), the same paths the validation errors use.

`.ui.json` may hold: `order` (top-level field order), `widgets` (path -> textarea | radio),
`prefill_from_case` (true for forms that revise the case's own data), and an `en` block with
`title`, `fields` (path -> {title, description}) and `enum` (path -> {value: label}) for English.
Paths in `.ui.json` leave out array indices: `representatives/role`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from webapp.regions.picker import RegionChoice
from webapp.taskforms.catalog import TaskForm
from webapp.taskforms.validation import ATTACHMENTS, PICK_USERS

UserOptions = Callable[[str], list[tuple[int, str]]]
RegionOptions = Callable[[], list[RegionChoice]]
"""The regions a region field offers; none (a form previewed in the designer) leaves a text box."""


@dataclass
class Field:
    path: str
    widget: str
    """text | textarea | number | select | radio | checkbox | date | group | rows | user | users | files | region"""
    label: str
    description: str = ""
    required: bool = False
    value: Any = None
    options: list[tuple[Any, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    children: list[Field] = field(default_factory=list)
    rows: list[list[Field]] = field(default_factory=list)
    blank_row: list[Field] = field(default_factory=list)
    attrs: dict[str, Any] = field(default_factory=dict)

    @property
    def dom_id(self) -> str:
        return "f-" + re.sub(r"[^A-Za-z0-9_-]", "-", self.path)


@dataclass
class RenderedForm:
    title: str
    description: str
    fields: list[Field]
    errors: dict[str, list[str]]

    @property
    def has_errors(self) -> bool:
        return bool(self.errors)


def render(form: TaskForm, values: Mapping[str, Any], errors: Mapping[str, list[Any]], *, locale: str,
           user_options: UserOptions, region_options: RegionOptions = list) -> RenderedForm:
    builder = _Builder(form, errors, locale, user_options, region_options)
    schema = form.schema
    english = form.ui.get("en", {}) if locale == "en" else {}
    return RenderedForm(
        title=form.title(locale) or form.key,
        description=english.get("description") or schema.get("description", ""),
        fields=builder.properties(schema, values, "", _ordered(schema, form.ui.get("order"))),
        errors={path: [str(m) for m in messages] for path, messages in errors.items()},
    )


def initial_values(form: TaskForm, case: Mapping[str, Any]) -> dict[str, Any]:
    """The case's own data for a form that revises it (`prefill_from_case`), else nothing."""
    if not form.ui.get("prefill_from_case"):
        return {}
    return {name: case[name] for name in form.schema.get("properties", {}) if name in case}


def _ordered(schema: Mapping[str, Any], order: list[str] | None) -> list[str]:
    names = list(schema.get("properties", {}))
    if not order:
        return names
    return [n for n in order if n in names] + [n for n in names if n not in order]


class _Builder:
    def __init__(self, form: TaskForm, errors: Mapping[str, list[Any]], locale: str,
                 user_options: UserOptions, region_options: RegionOptions) -> None:
        self.form = form
        self.errors = errors
        self.english = form.ui.get("en", {}) if locale == "en" else {}
        self.widgets = form.ui.get("widgets", {})
        self.user_options = user_options
        self.region_options = region_options

    def properties(self, schema: Mapping[str, Any], values: Mapping[str, Any] | None, prefix: str,
                   names: list[str] | None = None) -> list[Field]:
        values = values if isinstance(values, Mapping) else {}
        required = set(schema.get("required", []))
        props = schema.get("properties", {})
        return [self.field(props[name], values.get(name), f"{prefix}{name}", name in required)
                for name in (names or list(props))]

    def field(self, schema: Mapping[str, Any], value: Any, path: str, required: bool) -> Field:
        generic = re.sub(r"/\d+(?=/|$)", "", path)
        text = self.english.get("fields", {}).get(generic, {})
        made = Field(path=path, widget="text", label=text.get("title") or schema.get("title", path.rsplit("/", 1)[-1]),
                     description=text.get("description") or schema.get("description", ""), required=required,
                     value=value, errors=[str(m) for m in self.errors.get(path, [])])
        kind = schema.get("type")
        if PICK_USERS in schema and kind == "integer":
            made.widget = "user"
            made.options = [(uid, name) for uid, name in self.user_options(str(schema[PICK_USERS].get("role", "")))]
        elif PICK_USERS in schema:
            made.widget, made.value = "users", value or []
            made.options = [(uid, name) for uid, name in self.user_options(str(schema[PICK_USERS].get("role", "")))]
        elif schema.get(ATTACHMENTS):
            made.widget, made.value = "files", [v for v in value or [] if isinstance(v, Mapping)]
        elif schema.get("x-widget") == "region":
            made.widget, made.options = "region", self.region_options()
        elif "enum" in schema:
            made.widget = "radio" if self.widgets.get(generic) == "radio" else "select"
            labels = {**schema.get("x-enum-labels", {}), **self.english.get("enum", {}).get(generic, {})}
            made.options = [(v, labels.get(v, str(v))) for v in schema["enum"]]
        elif kind == "object":
            made.widget = "group"
            made.children = self.properties(schema, value, f"{path}/")
        elif kind == "array" and schema.get("items", {}).get("type") == "object":
            made.widget = "rows"
            items = schema["items"]
            rows = value if isinstance(value, list) and value else [{}]  # one empty row to start with
            made.rows = [self.properties(items, row, f"{path}/{i}/") for i, row in enumerate(rows)]
            made.blank_row = self.properties(items, {}, f"{path}/__index__/")
            made.attrs = {"max": schema.get("maxItems")}
        elif kind == "boolean":
            made.widget = "checkbox"
        elif kind in ("integer", "number"):
            made.widget = "number"
            made.attrs = {"min": schema.get("minimum"), "max": schema.get("maximum"),
                          "step": 1 if kind == "integer" else "any"}
        elif schema.get("format") == "date":
            made.widget = "date"
        else:
            long_text = self.widgets.get(generic) == "textarea" or (schema.get("maxLength") or 0) > 200
            made.widget = "textarea" if long_text else "text"
            made.attrs = {"maxlength": schema.get("maxLength")}
        return made


def option_label(form: TaskForm, path: str, value: Any, *, locale: str) -> str:
    """How the form names one of its options, e.g. `forward` -> 同意推荐 / Forward."""
    schema: Mapping[str, Any] = form.schema
    for part in path.split("/"):
        schema = schema.get("properties", {}).get(part, {})
    labels = {**schema.get("x-enum-labels", {})}
    if locale == "en":
        labels.update(form.ui.get("en", {}).get("enum", {}).get(path, {}))
    return str(labels.get(value, value))
