"""Where finished export files are written: the app's EXPORTS_DIR (the worker runs inside the app's
context, in the app's process or under the command line)."""

from __future__ import annotations

from pathlib import Path

from flask import current_app


def exports_dir() -> Path:
    return Path(current_app.config["EXPORTS_DIR"])
