"""Installation and deployment commands for administrators and `brandcert init`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from webapp import engine, taskforms
from webapp.db import transaction
from webapp.regions import tree
from webapp.workdays import calendar


@dataclass(frozen=True)
class InitReport:
    calendar_years_added: int
    deployed: list[str]


def initialize(workflows_dir: Path) -> InitReport:
    """Reference data every installation needs, and the bundled workflows (new versions only)."""
    with transaction():
        tree.ensure_levels()
        years = calendar.seed_from_package()
        deployed = engine.deploy(engine.read_directory(workflows_dir), form_exists=taskforms.catalog().exists)
        return InitReport(calendar_years_added=years, deployed=[f"{d.key} v{d.version}" for d in deployed])
