"""The world every benchmark starts from: a migrated database with the workflows, the forms and
the demo's regions and people, its files in a fresh temporary folder."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from flask import Flask

from webapp import create_app
from webapp.admin.services import initialize
from webapp.config import PROJECT_ROOT
from webapp.demo.scenario import load_people
from webapp.migrations import upgrade


def demo_world(database_url: str | None = None, **settings: Any) -> tuple[Flask, Path]:
    """A fresh SQLite file unless `database_url` names an (empty) database; `settings` override
    the app's configuration."""
    workdir = Path(tempfile.mkdtemp(prefix="brandcert-bench-"))
    url = database_url or f"sqlite:///{workdir / 'bench.sqlite'}"
    upgrade(url)
    app = create_app({"DATABASE_URL": url, "ATTACHMENTS_DIR": workdir / "attachments", "KEYS_DIR": workdir / "keys",
                      "CERTIFICATES_DIR": workdir / "certificates", "AUDIT_WITNESS": workdir / "audit-witness.jsonl",
                      **settings})
    initialize(PROJECT_ROOT / "workflows", PROJECT_ROOT / "forms")
    load_people()
    return app, workdir
