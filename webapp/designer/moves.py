"""Moving running cases to another version of their process, newer or older: as they stand, or to
an equivalent step of that version (webapp/engine/restart.py) when they cannot, e.g. cases that
wait at a township review nobody can do, moved back to version 1 to wait at the county's intake.

Each case moves in its own transaction and is audited in its own trail (`instance_migrated`, with
the versions and the steps it waited at before and after); the administrator's command is one
`cases_migrated` event in the administration trail.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from webapp import engine
from webapp.audit import admin_trail
from webapp.audit import services as audit
from webapp.audit.models import AdminAction, AuditAction
from webapp.auth.models import User
from webapp.command_log import logged
from webapp.db import transaction
from webapp.designer import queries
from webapp.errors import Conflict, DomainError, NotFound
from webapp.i18n import _, translate


@dataclass
class MigrationReport:
    moved: list[int] = field(default_factory=list)
    refused: dict[int, str] = field(default_factory=dict)
    """Instance id -> why it stayed (it changed since the preview, or the engine refused)."""
    steps: dict[int, str] = field(default_factory=dict)
    """Instance id -> the equivalent step it moved (or would move) to, for those moved to one."""


@logged("cases of {key} moved to version {number} by {who} (dry run: {dry_run})")
def migrate_cases(key: str, number: int, instance_ids: Collection[int] | None, *, actor: User | None,
                  dry_run: bool = False, steps: Mapping[int, str] | None = None) -> MigrationReport:
    """Command: move running cases of `key` to version `number`, one transaction per case, each
    audited; `instance_ids` None means every case that may move as it stands. `steps` moves a case
    to that element of the version's main process instead (its recorded decisions must lead there).
    A dry run only reports."""
    queries.require_designer(actor)
    target = engine.version(key, number)
    steps = {i: s for i, s in (steps or {}).items() if s}
    report = MigrationReport()
    candidates = queries.migration_preview(key, number)
    chosen = [c for c in candidates if instance_ids is None or c.instance.id in instance_ids]
    missing = set(instance_ids or ()) - {c.instance.id for c in candidates}
    for instance_id in sorted(missing):
        report.refused[instance_id] = str(_("Not a running case of %(key)s on another version.", key=key))
    for candidate in chosen:
        step = steps.get(candidate.instance.id)
        if step is None and not candidate.eligibility.eligible:
            message, params = candidate.eligibility.reasons[0]
            report.refused[candidate.instance.id] = translate(message, params)
        elif dry_run:
            report.moved.append(candidate.instance.id)
            if step is not None:
                report.steps[candidate.instance.id] = step
        else:
            _move(candidate.instance.id, target, step, actor, report)
    if report.moved and not dry_run:
        with transaction():  # each case's own chain already holds its move; this is the administrator's view
            data: dict[str, object] = {"moved": report.moved, "stayed": sorted(report.refused)}
            if report.steps:
                data["steps"] = {str(i): s for i, s in sorted(report.steps.items())}
            admin_trail.record(AdminAction.CASES_MIGRATED, actor=actor, subject=f"{key} v{number}", data=data)
    return report


def _move(instance_id: int, target: engine.ProcessDefinition, step: str | None, actor: User | None,
          report: MigrationReport) -> None:
    try:
        with transaction():
            instance = engine.lock(instance_id)
            from_version = queries.version_of(instance)
            before = engine.waiting_at(instance)
            outcome = engine.migrate(instance, target, step)
            after = engine.waiting_at(instance)
            data = {"process": target.key, "from_version": from_version, "to_version": target.version,
                    "from_step": _labels(before), "to_step": _labels(after)}
            if step is not None:
                data["equivalent_step"] = next((p.step_name for p in after if p.step == step), step)
            audit.record(instance, AuditAction.INSTANCE_MIGRATED, actor=actor, role="admin",
                         actor_name=admin_trail.actor_name(actor), data=data)
            audit.case_advanced(instance, outcome, actor=actor, task=None, data=None)
        report.moved.append(instance_id)
        if step is not None:
            report.steps[instance_id] = step
    except (Conflict, NotFound, DomainError) as error:
        report.refused[instance_id] = str(error.message)


def _labels(places: list[engine.Place]) -> str:
    return "、".join(dict.fromkeys(place.label for place in places))
