"""Task forms: a JSON Schema and its `.ui.json`, deployed as versions (`form_version`); the newest
version of a key is the form every page and check uses.

The parsed form (with its compiled validator) is cached by its content's digest, so a request costs
one indexed lookup of the newest version, an edit deployed by one server process is seen by all, and
a cached form can never stand for other content (row ids repeat across databases, e.g. in tests).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.protocols import Validator
from sqlalchemy import func, select
from sqlalchemy.orm import defer

from webapp.db import session
from webapp.errors import Invalid, NotFound
from webapp.i18n import _
from webapp.taskforms import patterns, schema_messages
from webapp.taskforms.models import FormVersion
from webapp.taskforms.schema_messages import Problem

FORM_KEY_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789_-")


@dataclass(frozen=True)
class TaskForm:
    key: str
    schema: dict[str, Any]
    ui: dict[str, Any]
    validator: Validator
    schema_text: str = ""
    ui_text: str = ""
    """The documents as written, for the editor and for storing them."""

    def title(self, locale: str) -> str:
        """The form as people call it: its schema's `title`, for English readers the `.ui.json`'s
        English title when it has one ("" when the form has no title)."""
        english = self.ui.get("en", {}) if locale == "en" else {}
        return str(english.get("title") or self.schema.get("title") or "")

    def fields_with(self, keyword: str) -> dict[str, Any]:
        """Top-level fields carrying an `x-...` keyword, with its value."""
        return {name: prop[keyword] for name, prop in self.schema.get("properties", {}).items()
                if isinstance(prop, dict) and keyword in prop}


def make_form(key: str, schema: Any, ui: Any, *, schema_text: str = "", ui_text: str = "") -> TaskForm:
    """A form from its two documents; Invalid (by document) if either cannot serve as a form."""
    errors: dict[str, list[Any]] = {}
    if not valid_key(key):
        errors["key"] = [_("A form key is lower-case letters, digits, - and _ (at most 100).")]
    if not isinstance(schema, dict) or schema.get("type") != "object" or not isinstance(schema.get("properties"), dict):
        errors["schema"] = [Problem(_("The schema must be an object with `\"type\": \"object\"` and `properties`."))]
    else:  # every place that is not JSON Schema, else every pattern forms cannot use; each named and located
        errors["schema"] = schema_messages.meta(schema) or [Problem(message, path) for path, message
                                                            in patterns.problems(schema)]
    if not isinstance(ui, dict):
        errors["ui"] = [Problem(_("The UI settings must be a JSON object (or empty)."), document="ui")]
    texts = {"schema": schema_text, "ui": ui_text}
    errors = {document: schema_messages.located(document, texts[document], messages) if texts.get(document)
              else messages for document, messages in errors.items() if messages}
    if errors:
        raise Invalid(_("The form has errors; nothing was saved."), field_errors=errors)
    return TaskForm(key=key, schema=schema, ui=ui,
                    validator=patterns.FormValidator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER),
                    schema_text=schema_text or json.dumps(schema, ensure_ascii=False, indent=2),
                    ui_text=ui_text or json.dumps(ui, ensure_ascii=False, indent=2))


def parse_documents(key: str, schema_text: str, ui_text: str) -> TaskForm:
    """A form from the two texts an administrator edits; JSON syntax errors name their line."""
    documents: dict[str, Any] = {}
    errors: dict[str, list[Any]] = {}
    for name, text in (("schema", schema_text), ("ui", ui_text)):
        try:
            documents[name] = json.loads(text) if text.strip() else ({} if name == "ui" else None)
        except json.JSONDecodeError as error:
            errors[name] = [schema_messages.syntax(name, text, error)]
    if errors:
        raise Invalid(_("The form has errors; nothing was saved."), field_errors=errors)
    return make_form(key, documents["schema"], documents["ui"], schema_text=schema_text, ui_text=ui_text)


def digest(schema: Mapping[str, Any], ui: Mapping[str, Any]) -> str:
    canonical = json.dumps({"schema": schema, "ui": ui}, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


class FormCatalog:
    def __init__(self) -> None:
        self._parsed: dict[tuple[str, str], TaskForm] = {}

    def exists(self, key: str) -> bool:
        return valid_key(key) and self._newest(key) is not None

    def get(self, key: str) -> TaskForm:
        row = self._newest(key) if valid_key(key) else None
        if row is None:
            raise NotFound(_("Form %(key)s does not exist.", key=key))
        form = self._parsed.get((row.key, row.sha256))
        if form is None:
            form = self._parsed[(row.key, row.sha256)] = parse_documents(row.key, row.schema_text, row.ui_text)
        return form

    def differs(self, form: TaskForm) -> bool:
        """Is this form's content other than its key's newest version?"""
        newest = self._newest(form.key)
        return newest is None or newest.sha256 != digest(form.schema, form.ui)

    @staticmethod
    def valid_key(key: str) -> bool:
        return valid_key(key)

    def keys(self) -> list[str]:
        return list(session.scalars(select(FormVersion.key).distinct().order_by(FormVersion.key)))

    @staticmethod
    def _newest(key: str) -> FormVersion | None:
        """Its documents are read only when this process has not parsed that version yet."""
        return session.scalars(select(FormVersion).where(FormVersion.key == key)
                               .options(defer(FormVersion.schema_text), defer(FormVersion.ui_text))
                               .order_by(FormVersion.version.desc()).limit(1)).first()


_catalog = FormCatalog()


def catalog() -> FormCatalog:
    """The deployed forms; what is parsed once serves every request of this server process."""
    return _catalog


def deploy(forms: Mapping[str, TaskForm], *, actor_id: int | None = None) -> list[FormVersion]:
    """Step: a new version of every form whose documents changed; unchanged ones are left alone."""
    deployed = []
    for key, form in sorted(forms.items()):
        newest = FormCatalog._newest(key)
        sha = digest(form.schema, form.ui)
        if newest is not None and newest.sha256 == sha:
            continue
        version = (session.scalar(select(func.max(FormVersion.version)).where(FormVersion.key == key)) or 0) + 1
        row = FormVersion(key=key, version=version, schema_text=form.schema_text, ui_text=form.ui_text,
                          sha256=sha, deployed_by_id=actor_id)
        session.add(row)
        deployed.append(row)
    session.flush()
    return deployed


def read_directory(directory: Path) -> dict[str, TaskForm]:
    """The forms shipped in `forms/`: `<key>.schema.json` with an optional `<key>.ui.json`."""
    found = {}
    for path in sorted(directory.glob("*.schema.json")):
        key = path.name.removesuffix(".schema.json")
        ui_path = directory / f"{key}.ui.json"
        found[key] = parse_documents(key, path.read_text(encoding="utf-8"),
                                     ui_path.read_text(encoding="utf-8") if ui_path.is_file() else "")
    return found


def valid_key(key: str) -> bool:
    return bool(key) and len(key) <= 100 and set(key) <= FORM_KEY_CHARS
