"""brandcert's own rules for a form, beyond being a valid JSON Schema: what the task pages rely on.

JSON Schema ignores words it does not know, so a misspelt `maxlength` or `x-enum-label` would be
saved and silently do nothing; the renderer (`widgets`) reads the `x-` keywords and the `.ui.json`
settings and would show officials a raw option value such as `return`, or fail on a setting of the
wrong shape. These rules apply when a form is saved in the editor (`checked`) and to its preview;
they are not applied when a stored version is read, so tightening them never breaks a running task.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterator, Mapping
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema_specifications import REGISTRY

from webapp.errors import Invalid
from webapp.i18n import _
from webapp.taskforms.catalog import TaskForm, parse_documents
from webapp.taskforms.schema_messages import Path, Problem, located, pointer
from webapp.taskforms.validation import ATTACHMENTS, PICK_USERS

_VOCABULARIES = ("core", "applicator", "unevaluated", "validation", "meta-data", "format-annotation", "content")
BRANDCERT_KEYWORDS = {"x-enum-labels", PICK_USERS, ATTACHMENTS, "x-widget"}
KEYWORDS = (set(Draft202012Validator.META_SCHEMA["properties"]) | BRANDCERT_KEYWORDS | {
    keyword for vocabulary in _VOCABULARIES
    for keyword in REGISTRY.contents(f"https://json-schema.org/draft/2020-12/meta/{vocabulary}")["properties"]})
_ONE = ("items", "not", "if", "then", "else", "contains", "additionalProperties", "propertyNames",
        "unevaluatedItems", "unevaluatedProperties", "contentSchema")
_MANY = ("allOf", "anyOf", "oneOf", "prefixItems")
_NAMED = ("properties", "$defs", "definitions", "dependentSchemas")
UI_SETTINGS = ("order", "widgets", "prefill_from_case", "en")
ENGLISH_SETTINGS = ("title", "description", "fields", "enum")
WIDGETS = ("textarea", "radio", "file")
_CODE_LIKE = re.compile(r"^[A-Za-z][A-Za-z0-9_-]+$")
"""An option value written as a code (`forward`, `return`) rather than as words officials can read."""


def checked(key: str, schema_text: str, ui_text: str) -> TaskForm:
    """A form the editor may save: parsed and valid (`parse_documents`) and keeping these rules;
    Invalid lists every problem, located in its document."""
    form: TaskForm | None = None
    errors: dict[str, list[Any]] = {}
    try:
        form = parse_documents(key, schema_text, ui_text)
    except Invalid as error:  # the rules still speak where the documents are JSON: every problem at once
        errors = {document: list(messages) for document, messages in error.field_errors.items()}
    schema, ui = (form.schema, form.ui) if form else (_loaded(schema_text), _loaded(ui_text) or {})
    if isinstance(schema, dict):
        errors.setdefault("schema", []).extend(located("schema", schema_text, schema_problems(schema)))
        if isinstance(ui, dict):
            errors.setdefault("ui", []).extend(located("ui", ui_text, ui_problems(schema, ui)))
    errors = {document: messages for document, messages in errors.items() if messages}
    if errors or form is None:
        raise Invalid(_("The form has errors; nothing was saved."), field_errors=errors)
    return form


def _loaded(text: str) -> Any:
    try:
        return json.loads(text) if text.strip() else None
    except json.JSONDecodeError:
        return None


def schema_problems(schema: Mapping[str, Any]) -> list[Problem]:
    return [problem for path, node in _subschemas(schema, ()) for problem in _node_problems(node, path)]


def _subschemas(node: Any, path: Path) -> Iterator[tuple[Path, dict[str, Any]]]:
    if not isinstance(node, dict):
        return
    yield path, node
    for keyword in _ONE:
        yield from _subschemas(node.get(keyword), (*path, keyword))
    for keyword in _MANY:
        items = node.get(keyword)
        for index, item in enumerate(items if isinstance(items, list) else []):
            yield from _subschemas(item, (*path, keyword, index))
    for keyword in _NAMED:
        named = node.get(keyword)
        for name, item in named.items() if isinstance(named, dict) else []:
            yield from _subschemas(item, (*path, keyword, name))


def _node_problems(node: dict[str, Any], path: Path) -> Iterator[Problem]:
    for keyword in node:
        if keyword not in KEYWORDS:
            guess = difflib.get_close_matches(keyword.lower(), {k.lower(): k for k in KEYWORDS}, n=1, cutoff=0.75)
            where = pointer((*path, keyword))
            message = (_("%(path)s: %(keyword)s is not a JSON Schema keyword, so it would do nothing; did you mean "
                         "%(suggestion)s?", path=where, keyword=keyword,
                         suggestion={k.lower(): k for k in KEYWORDS}[guess[0]]) if guess else
                       _("%(path)s: %(keyword)s is not a JSON Schema keyword, so it would do nothing; correct it or "
                         "remove it.", path=where, keyword=keyword))
            yield Problem(message, (*path, keyword), at_key=True)
    yield from _labels(node, path)
    pick = node.get(PICK_USERS)
    if PICK_USERS in node and not (isinstance(pick, dict) and isinstance(pick.get("role"), str)):
        yield Problem(_("%(path)s: x-pick-users names the role to pick from, e.g. {\"role\": \"expert\"}.",
                        path=pointer((*path, PICK_USERS))), (*path, PICK_USERS))
    if node.get(ATTACHMENTS) and not (node.get("type") == "array" and isinstance(node.get("items"), dict)):
        yield Problem(_("%(path)s: x-attachments belongs on a list of files: \"type\": \"array\" with \"items\".",
                        path=pointer((*path, ATTACHMENTS))), (*path, ATTACHMENTS))
    if "x-widget" in node and node["x-widget"] != "region":
        yield Problem(_("%(path)s: x-widget can only be \"region\".", path=pointer((*path, "x-widget"))),
                      (*path, "x-widget"))


def _labels(node: dict[str, Any], path: Path) -> Iterator[Problem]:
    """Every option of a choice has the label officials read; labels name only options that exist."""
    options = node.get("enum") if isinstance(node.get("enum"), list) else []
    labels = node.get("x-enum-labels")
    where = (*path, "x-enum-labels")
    if labels is None:
        coded = [str(o) for o in options if isinstance(o, str) and _CODE_LIKE.match(o)]
        if coded:
            yield Problem(_("%(path)s: the options %(options)s have no labels, so officials would read them as "
                            "they are; add \"x-enum-labels\": {\"%(option)s\": \"…\"} with a label for each.",
                            path=pointer((*path, "enum")), options=", ".join(coded), option=coded[0]),
                          (*path, "enum"))
        return
    if not isinstance(labels, dict):
        yield Problem(_("%(path)s: x-enum-labels gives each option its label, e.g. {\"forward\": \"同意\"}.",
                        path=pointer(where)), where)
        return
    for index, option in enumerate(options):
        label = labels.get(str(option))
        if not isinstance(label, str) or not label.strip():
            yield Problem(_("%(path)s: the option %(option)s has no label in x-enum-labels; officials would read "
                            "%(option)s.", path=pointer((*path, "enum", index)), option=option), (*path, "enum", index))
    for name in labels:
        if name not in {str(o) for o in options}:
            yield Problem(_("%(path)s: %(option)s has a label but is not one of the options in enum.",
                            path=pointer((*where, name)), option=name), (*where, name), at_key=True)


def ui_problems(schema: Mapping[str, Any], ui: Mapping[str, Any]) -> list[Problem]:
    """The `.ui.json` settings `widgets.render` reads, each naming fields and options that exist."""
    fields = _field_paths(schema, "")
    found: list[Problem] = []

    def add(path: Path, message: Any, *, at_key: bool = False) -> None:
        found.append(Problem(message, path, document="ui", at_key=at_key))

    for setting in ui:
        if setting not in UI_SETTINGS:
            add((setting,), _("%(path)s: %(setting)s is not a setting of the layout file; it may hold %(settings)s.",
                              path=pointer((setting,)), setting=setting, settings=", ".join(UI_SETTINGS)), at_key=True)
    order = ui.get("order", [])
    if not isinstance(order, list):
        add(("order",), _("%(path)s: a list of field names, e.g. [\"decision\", \"comment\"].", path="/order"))
    else:
        for index, name in enumerate(order):
            if name not in _properties(schema):
                add(("order", index), _("%(path)s: the form has no field %(name)s.", path=pointer(("order", index)),
                                        name=name))
    if not isinstance(ui.get("prefill_from_case", False), bool):
        add(("prefill_from_case",), _("%(path)s: true or false.", path="/prefill_from_case"))
    widgets = ui.get("widgets", {})
    for path, widget in _entries(widgets, ("widgets",), add, fields):
        if widget not in WIDGETS:
            add(path, _("%(path)s: %(widget)s is not a widget; use \"textarea\" (long text) or \"radio\" (options "
                        "side by side).", path=pointer(path), widget=widget))
    english = ui.get("en", {})
    if not isinstance(english, dict):
        add(("en",), _("%(path)s: an object with the English title, fields and options.", path="/en"))
        return found
    for setting in english:
        if setting not in ENGLISH_SETTINGS:
            add(("en", setting), _("%(path)s: %(setting)s is not a setting of the layout file; it may hold "
                                   "%(settings)s.", path=pointer(("en", setting)), setting=setting,
                                   settings=", ".join(ENGLISH_SETTINGS)), at_key=True)
    for path, text in _entries(english.get("fields", {}), ("en", "fields"), add, fields):
        if not isinstance(text, dict):
            add(path, _("%(path)s: an object such as {\"title\": \"…\", \"description\": \"…\"}.", path=pointer(path)))
    for path, names in _entries(english.get("enum", {}), ("en", "enum"), add, fields):
        enum = fields[str(path[-1])].get("enum")
        options = {str(o) for o in enum} if isinstance(enum, list) else set()
        for option in names if isinstance(names, dict) else []:
            if option not in options:
                add((*path, option), _("%(path)s: %(option)s is not one of the options of this field.",
                                        path=pointer((*path, option)), option=option), at_key=True)
    return found


def _entries(mapping: Any, path: Path, add: Any, fields: Mapping[str, Any]) -> Iterator[tuple[Path, Any]]:
    """The settings of a `path -> value` object whose path names a field; others are reported."""
    if not isinstance(mapping, dict):
        add(path, _("%(path)s: an object from field paths to settings.", path=pointer(path)))
        return
    for name, value in mapping.items():
        if name not in fields:
            add((*path, name), _("%(path)s: the form has no field %(name)s.", path=pointer((*path, name)),
                                  name=name), at_key=True)
        else:
            yield (*path, name), value


def _field_paths(schema: Any, prefix: str) -> dict[str, dict[str, Any]]:
    """Field paths as `.ui.json` writes them (`representatives/role`, no array indices) -> their schema,
    including fields that only conditional parts (`allOf`, `then`) describe."""
    paths: dict[str, dict[str, Any]] = {}
    if not isinstance(schema, dict):
        return paths
    for name, field in _properties(schema).items():
        if isinstance(field, dict):
            paths[f"{prefix}{name}"] = field
            inner = field.get("items") if field.get("type") == "array" else field
            paths.update(_field_paths(inner, f"{prefix}{name}/"))
    parts = schema.get("allOf") if isinstance(schema.get("allOf"), list) else []
    for part in [schema.get(k) for k in ("if", "then", "else")] + parts:
        paths.update({path: field for path, field in _field_paths(part, prefix).items() if path not in paths})
    return paths


def _properties(schema: Any) -> dict[str, Any]:
    properties = schema.get("properties") if isinstance(schema, dict) else None
    return properties if isinstance(properties, dict) else {}
