"""The migrations produce exactly the schema the models declare, and the import boundaries hold."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from webapp import models  # noqa: F401 - every table on the metadata
from webapp.config import PROJECT_ROOT
from webapp.db import Base, session


def test_migrations_match_the_models(app):
    connection = session.connection()
    differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []
    session.remove()


def test_only_the_engine_imports_spiffworkflow_and_layers_hold():
    lint = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run([str(lint)], cwd=PROJECT_ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
