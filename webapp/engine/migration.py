"""Comparing two versions of a process and moving a running case from one to the other, with
SpiffWorkflow's diff helpers. Pure: workflows and specs in, findings out.

A case may move when nothing it has already done (completed or started) was changed or removed
in the new version, and the step it waits at still exists. Its waiting steps are then predicted
again from the new version, so a step inserted ahead of them (a township review) lies on its path.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from SpiffWorkflow.bpmn.util.diff import SpecDiff, diff_workflow, migrate_workflow
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.util.task import TaskState

from webapp.engine import serializer
from webapp.engine.types import Outcome
from webapp.i18n import N_

DONE = TaskState.COMPLETED | TaskState.STARTED
WAITING = TaskState.READY | TaskState.WAITING


@dataclass(frozen=True)
class ElementChange:
    """One element of the diagram that a new version adds, removes or changes."""

    process_id: str
    bpmn_id: str
    name: str
    kind: str
    """added | removed | changed"""
    attributes: tuple[str, ...] = ()
    """For a change: what changed, as SpiffWorkflow names it (`outputs`, `extensions`, `lane` …)."""


@dataclass
class Eligibility:
    reasons: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    """Why the case cannot move, as message ids with parameters; empty when it can."""

    @property
    def eligible(self) -> bool:
        return not self.reasons


def load_specs(spec_json: str) -> tuple[Any, dict[str, Any]]:
    bundle = json.loads(spec_json)
    registry = serializer.registry()
    return registry.restore(bundle["spec"]), {name: registry.restore(s) for name, s in
                                               bundle["subprocess_specs"].items()}


def compare(old_spec_json: str, new_spec_json: str) -> list[ElementChange]:
    """What the new version adds, removes and changes, process by process (called ones too)."""
    old_spec, old_deps = load_specs(old_spec_json)
    new_spec, new_deps = load_specs(new_spec_json)
    changes: list[ElementChange] = []
    pairs = [(old_spec, new_spec), *((old_deps[n], new_deps[n]) for n in sorted(old_deps) if n in new_deps)]
    for old, new in pairs:
        diff = SpecDiff(serializer.registry(), old, new)
        changes += _elements(old.name, diff.added, "added")
        changes += _elements(old.name, diff.removed, "removed")
        changes += [change for spec, attributes in diff.changed.items()
                    for change in _elements(old.name, [spec], "changed", tuple(sorted(attributes)))]
    for name in sorted(set(new_deps) - set(old_deps)):
        changes.append(ElementChange(name, name, new_deps[name].description or name, "added"))
    for name in sorted(set(old_deps) - set(new_deps)):
        changes.append(ElementChange(name, name, old_deps[name].description or name, "removed"))
    return _merged(changes)


def check(workflow: BpmnWorkflow, new_spec_json: str) -> Eligibility:
    new_spec, new_deps = load_specs(new_spec_json)
    top, subprocesses = diff_workflow(serializer.registry(), workflow, new_spec, new_deps)
    found = Eligibility()
    _check_diff(top, found)
    for sp_id, sp_diff in subprocesses.items():
        subprocess = workflow.subprocesses[sp_id]
        if sp_diff is None:
            if subprocess.get_tasks(state=DONE):
                found.reasons.append((N_("The called process %(process)s has run, and the new version no longer "
                                         "has it."), {"process": subprocess.spec.name}))
        else:
            _check_diff(sp_diff, found)
    return found


def migrate(workflow: BpmnWorkflow, new_spec_json: str, advance: Any) -> Outcome:
    """Move an eligible workflow onto the new spec; `advance` runs the engine on and records steps."""
    new_spec, new_deps = load_specs(new_spec_json)
    top, subprocesses = diff_workflow(serializer.registry(), workflow, new_spec, new_deps)
    migrate_workflow(top, workflow, new_spec)
    for sp_id, sp_diff in subprocesses.items():
        subprocess = workflow.subprocesses[sp_id]
        if sp_diff is not None:
            migrate_workflow(sp_diff, subprocess, new_deps[subprocess.spec.name])
    workflow.subprocess_specs = new_deps
    outcome = Outcome()
    advance(workflow, outcome)
    return outcome


def _check_diff(diff: Any, found: Eligibility) -> None:
    for task in diff.removed:
        if task.has_state(DONE):
            found.reasons.append((N_("%(element)s (%(name)s) has already run, and the new version removes it."),
                                  _where(task)))
        elif task.has_state(WAITING):
            found.reasons.append((N_("The case waits at %(element)s (%(name)s), which the new version removes."),
                                  _where(task)))
    for task in diff.changed:
        if task.has_state(DONE):
            found.reasons.append((N_("%(element)s (%(name)s) has already run, and the new version changes it."),
                                  _where(task)))


def _where(task: Any) -> dict[str, Any]:
    spec = task.task_spec
    bpmn_id = getattr(spec, "bpmn_id", None) or spec.name
    return {"element": bpmn_id, "name": getattr(spec, "bpmn_name", None) or bpmn_id}


def _elements(process_id: str, specs: list[Any], kind: str, attributes: tuple[str, ...] = ()) -> list[ElementChange]:
    """Diagram elements only: SpiffWorkflow's own helper specs (start, end joins) are left out."""
    return [ElementChange(process_id, spec.bpmn_id, getattr(spec, "bpmn_name", None) or spec.bpmn_id, kind,
                          attributes)
            for spec in specs if getattr(spec, "bpmn_id", None)]


def _merged(changes: list[ElementChange]) -> list[ElementChange]:
    """A multi-instance task and its instances' spec are one element: report it once."""
    merged: dict[tuple[str, str, str], ElementChange] = {}
    for change in changes:
        key = (change.process_id, change.bpmn_id, change.kind)
        if key in merged:
            attributes = tuple(sorted(set(merged[key].attributes) | set(change.attributes)))
            change = ElementChange(change.process_id, change.bpmn_id, merged[key].name, change.kind, attributes)
        merged[key] = change
    return list(merged.values())
