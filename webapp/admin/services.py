"""Installation commands for administrators and `brandcert init`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from webapp import engine, taskforms
from webapp.audit import admin_trail
from webapp.audit.models import AdminAction
from webapp.db import transaction
from webapp.regions import tree
from webapp.workdays import calendar


@dataclass(frozen=True)
class InitReport:
    calendar_years_added: int
    deployed: list[str]
    """What this run deployed, e.g. `recommendation v1`, `form application v1`."""
    differing: list[str]
    """Bundled files whose content differs from what is deployed; `init` leaves those alone."""
    calendar_missing_year: int | None = None
    """From 1 October, next year when its holidays are not entered yet."""


def initialize(workflows_dir: Path, forms_dir: Path, *, schema: tuple[str | None, str | None] = (None, None)
               ) -> InitReport:
    """Reference data every installation needs, and the bundled forms and workflows that are not
    deployed yet. Once deployed, a form or process belongs to the administrators: `init` never
    overwrites what they changed in the editor, it only reports a bundled file that differs.
    `schema` is the database's revision before and after the migrations `init` ran (the operator's)."""
    with transaction():
        if schema[0] != schema[1]:
            admin_trail.record(AdminAction.SCHEMA_UPGRADED, actor=None, subject=f"schema {schema[1]}",
                               data={"from": schema[0], "to": schema[1]})
        tree.ensure_levels()
        years = calendar.seed_from_package()
        catalog = taskforms.catalog()
        forms = taskforms.read_directory(forms_dir)
        new_forms = taskforms.deploy({key: form for key, form in forms.items() if not catalog.exists(key)})
        differing = [f"forms/{key}" for key, form in forms.items() if catalog.differs(form)]
        parsed = engine.parse(engine.read_directory(workflows_dir), form_exists=catalog.exists)
        # No staffing check (designer.staffing) here, unlike `workflows deploy`: `init` runs first on an
        # empty installation, before anyone has an account, so every lane would be a gap; and it only
        # deploys a process that is not deployed yet, so no running case can be stranded by it.
        new_processes = engine.store([p for key, p in parsed.items() if engine.latest(key) is None])
        differing += [f"workflows: {key}" for key, p in parsed.items()
                      if (engine.latest(key) or p).sha256 != p.sha256]
        admin_trail.record_deployment(new_processes, new_forms, actor=None)
        return InitReport(calendar_years_added=years,
                          calendar_missing_year=calendar.missing_next_year(calendar.today()),
                          deployed=[f"{d.key} v{d.version}" for d in new_processes]
                          + [f"form {f.key} v{f.version}" for f in new_forms],
                          differing=differing)
