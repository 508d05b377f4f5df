"""Commands of the process designers: deploy edited files, deploy an old version again, move
running cases to a new version, save a form. Each validates everything first and changes nothing
when anything is wrong."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

from webapp import engine, taskforms
from webapp.audit import admin_trail
from webapp.auth.models import User
from webapp.command_log import logged
from webapp.db import transaction
from webapp.designer import flow_checks, queries, staffing
from webapp.designer.moves import MigrationReport, migrate_cases  # noqa: F401  (moving cases: moves.py)
from webapp.errors import Invalid, ProcessDefinitionError
from webapp.i18n import _


def check_files(edited: Mapping[str, bytes]) -> dict[str, engine.ParsedProcess]:
    """The processes that use the edited files, parsed with every other deployed file as they would
    be deployed; ProcessDefinitionError lists every problem. Reads only."""
    files = {name: text.encode("utf-8") for name, text in engine.workspace().items()}
    for name, content in edited.items():
        replaced = engine.declared_ids(content, name)
        for other in [n for n, data in files.items() if n != name and replaced & engine.declared_ids(data, n)]:
            del files[other]  # the same process under another file name: the edited file replaces it
    files.update(edited)
    parsed = engine.parse(files, form_exists=taskforms.catalog().exists,
                          decision_options=flow_checks.decision_options)  # warnings: flow_checks.warnings_of
    used = {name for process in parsed.values() for name in process.files}
    idle = [name for name in sorted(edited) if name.endswith(".bpmn") and name not in used]
    if idle:
        raise ProcessDefinitionError([f"{name}: no executable process uses this file (a process needs "
                                      f'isExecutable="true" to be deployed); nothing to deploy' for name in idle])
    return flow_checks.roles_checked({key: process for key, process in parsed.items()
                                      if set(process.files) & set(edited)})


@logged("processes deployed by {who}")
def deploy_files(edited: Mapping[str, bytes], *, actor: User | None,
                 accept_gaps: str | None = None) -> list[engine.ProcessDefinition]:
    """Command: a new version of every process the edited files change; nothing when any is invalid.
    A version with staffing gaps (tasks would wait where nobody may act) is refused with
    `StaffingGaps` unless `accept_gaps` gives the reason, which the administration trail keeps."""
    queries.require_designer(actor)
    reason = _gap_reason(accept_gaps)
    with transaction():
        changing = [p for p in check_files(edited).values()
                    if (newest := engine.latest(p.key)) is None or newest.sha256 != p.sha256]
        report = staffing.staffing({p.key: p for p in changing})
        if report.gaps and reason is None:
            raise staffing.StaffingGaps(report)
        gaps = Counter(row.process for row in report.gap_rows)
        deployed = engine.store(changing, actor_id=actor.id if actor else None)
        admin_trail.record_deployment(deployed, [], actor=actor, notes={
            key: {"staffing_gaps": count, "gaps_reason": reason} for key, count in gaps.items()})
        return deployed


def _gap_reason(reason: str | None) -> str | None:
    if reason is None:
        return None
    reason = reason.strip()
    if not 2 <= len(reason) <= 500:
        raise Invalid(_("Say in 2 to 500 characters why the version may be deployed with places where nobody may "
                        "act."), field_errors={"reason": [_("Give a reason of 2 to 500 characters.")]})
    return reason


def redeploy(key: str, number: int, *, actor: User | None,
             accept_gaps: str | None = None) -> list[engine.ProcessDefinition]:
    """Command: roll back by deploying an older version's files again, as a new version."""
    queries.require_designer(actor)
    old = engine.version(key, number)
    return deploy_files({name: text.encode("utf-8") for name, text in old.sources.items()}, actor=actor,
                        accept_gaps=accept_gaps)


@logged("form {key} saved by {who}")
def save_form(key: str, schema_text: str, ui_text: str, *, actor: User | None) -> Any:
    """Command: a new version of a form (nothing when the documents are invalid, break brandcert's form
    rules, or are unchanged)."""
    queries.require_designer(actor)
    form = taskforms.checked(key, schema_text, ui_text)
    with transaction():
        deployed = taskforms.deploy({key: form}, actor_id=actor.id if actor else None)
        admin_trail.record_deployment([], deployed, actor=actor)
        return deployed[0] if deployed else None
