"""Where finished export files are written; set by `create_app` (the worker runs in the app's process
or under the command line, which creates the app too)."""

from __future__ import annotations

from pathlib import Path

_exports_dir: Path | None = None


def configure(exports_dir: Path) -> None:
    global _exports_dir
    _exports_dir = exports_dir


def exports_dir() -> Path:
    if _exports_dir is None:
        raise RuntimeError("exports.settings.configure() was not called")
    return _exports_dir
