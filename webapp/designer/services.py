"""Commands of the process designers: deploy edited files, deploy an old version again, move
running cases to a new version, save a form. Each validates everything first and changes nothing
when anything is wrong."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from webapp import engine, signals, taskforms
from webapp.audit import admin_trail
from webapp.audit import services as audit
from webapp.audit.models import AdminAction, AuditAction
from webapp.auth.models import User
from webapp.db import transaction
from webapp.designer import queries
from webapp.errors import Conflict, DomainError, NotFound, ProcessDefinitionError
from webapp.i18n import _, translate


def check_files(edited: Mapping[str, bytes]) -> dict[str, engine.ParsedProcess]:
    """The processes that use the edited files, parsed with every other deployed file as they would
    be deployed; ProcessDefinitionError lists every problem. Reads only."""
    files = {name: text.encode("utf-8") for name, text in engine.workspace().items()}
    for name, content in edited.items():
        replaced = engine.declared_ids(content, name)
        for other in [n for n, data in files.items() if n != name and replaced & engine.declared_ids(data, n)]:
            del files[other]  # the same process under another file name: the edited file replaces it
    files.update(edited)
    parsed = engine.parse(files, form_exists=taskforms.catalog().exists)
    used = {name for process in parsed.values() for name in process.files}
    idle = [name for name in sorted(edited) if name.endswith(".bpmn") and name not in used]
    if idle:
        raise ProcessDefinitionError([f"{name}: no executable process uses this file (a process needs "
                                      f'isExecutable="true" to be deployed); nothing to deploy' for name in idle])
    return {key: process for key, process in parsed.items() if set(process.files) & set(edited)}


def deploy_files(edited: Mapping[str, bytes], *, actor: User | None) -> list[engine.ProcessDefinition]:
    """Command: a new version of every process the edited files change; nothing when any is invalid."""
    queries.require_designer(actor)
    with transaction():
        deployed = engine.store(check_files(edited).values(), actor_id=actor.id if actor else None)
        admin_trail.record_deployment(deployed, [], actor=actor)
        return deployed


def redeploy(key: str, number: int, *, actor: User | None) -> list[engine.ProcessDefinition]:
    """Command: roll back by deploying an older version's files again, as a new version."""
    queries.require_designer(actor)
    old = engine.version(key, number)
    return deploy_files({name: text.encode("utf-8") for name, text in old.sources.items()}, actor=actor)


@dataclass
class MigrationReport:
    moved: list[int] = field(default_factory=list)
    refused: dict[int, str] = field(default_factory=dict)
    """Instance id -> why it stayed (it changed since the preview, or the engine refused)."""


def migrate_cases(key: str, number: int, instance_ids: Collection[int] | None, *, actor: User | None,
                  dry_run: bool = False) -> MigrationReport:
    """Command: move running cases of `key` to version `number`, one transaction per case, each
    audited; `instance_ids` None means every eligible case. A dry run only reports."""
    queries.require_designer(actor)
    target = engine.version(key, number)
    report = MigrationReport()
    candidates = queries.migration_preview(key, number)
    chosen = [c for c in candidates if instance_ids is None or c.instance.id in instance_ids]
    missing = set(instance_ids or ()) - {c.instance.id for c in candidates}
    for instance_id in sorted(missing):
        report.refused[instance_id] = str(_("Not a running case of %(key)s on another version.", key=key))
    for candidate in chosen:
        if not candidate.eligibility.eligible:
            message, params = candidate.eligibility.reasons[0]
            report.refused[candidate.instance.id] = translate(message, params)
        elif dry_run:
            report.moved.append(candidate.instance.id)
        else:
            _move(candidate.instance.id, target, actor, report)
    if report.moved and not dry_run:
        with transaction():  # each case's own chain already holds its move; this is the administrator's view
            admin_trail.record(AdminAction.CASES_MIGRATED, actor=actor, subject=f"{key} v{number}",
                               data={"moved": report.moved, "stayed": sorted(report.refused)})
    return report


def _move(instance_id: int, target: engine.ProcessDefinition, actor: User | None, report: MigrationReport) -> None:
    try:
        with transaction():
            instance = engine.lock(instance_id)
            from_version = queries.version_of(instance)
            outcome = engine.migrate(instance, target)
            audit.record(instance, AuditAction.INSTANCE_MIGRATED, actor=actor, role="admin",
                         actor_name=admin_trail.actor_name(actor),
                         data={"process": target.key, "from_version": from_version, "to_version": target.version})
            audit.record_outcome(instance, outcome)
            signals.instance_advanced.send(instance.process_key, instance=instance, outcome=outcome, actor=actor,
                                           task=None, data=None)
        report.moved.append(instance_id)
    except (Conflict, NotFound, DomainError) as error:
        report.refused[instance_id] = str(error.message)


def save_form(key: str, schema_text: str, ui_text: str, *, actor: User | None) -> Any:
    """Command: a new version of a form (nothing when the documents are invalid or unchanged)."""
    queries.require_designer(actor)
    form = taskforms.parse_documents(key, schema_text, ui_text)
    with transaction():
        deployed = taskforms.deploy({key: form}, actor_id=actor.id if actor else None)
        admin_trail.record_deployment([], deployed, actor=actor)
        return deployed[0] if deployed else None
