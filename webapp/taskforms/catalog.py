"""Task forms: JSON Schema files in `forms/` (`<key>.schema.json` and an optional `<key>.ui.json`)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from webapp.errors import NotFound
from webapp.i18n import _

FORM_KEY_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789_-")


@dataclass(frozen=True)
class TaskForm:
    key: str
    schema: dict[str, Any]
    ui: dict[str, Any]
    validator: Draft202012Validator

    def fields_with(self, keyword: str) -> dict[str, Any]:
        """Top-level fields carrying an `x-...` keyword, with its value."""
        return {name: prop[keyword] for name, prop in self.schema.get("properties", {}).items()
                if isinstance(prop, dict) and keyword in prop}


class FormCatalog:
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._cache: dict[str, tuple[float, TaskForm]] = {}

    def exists(self, key: str) -> bool:
        return _valid_key(key) and (self.directory / f"{key}.schema.json").is_file()

    def get(self, key: str) -> TaskForm:
        if not self.exists(key):
            raise NotFound(_("Form %(key)s does not exist.", key=key))
        path = self.directory / f"{key}.schema.json"
        mtime = path.stat().st_mtime
        cached = self._cache.get(key)
        if cached and cached[0] == mtime:
            return cached[1]
        schema = json.loads(path.read_text(encoding="utf-8"))
        Draft202012Validator.check_schema(schema)
        ui_path = self.directory / f"{key}.ui.json"
        ui = json.loads(ui_path.read_text(encoding="utf-8")) if ui_path.is_file() else {}
        form = TaskForm(key=key, schema=schema, ui=ui,
                        validator=Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER))
        self._cache[key] = (mtime, form)
        return form


def _valid_key(key: str) -> bool:
    return bool(key) and len(key) <= 100 and set(key) <= FORM_KEY_CHARS
