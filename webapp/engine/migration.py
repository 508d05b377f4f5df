"""Comparing two versions of a process and moving a running case from one to the other, with
SpiffWorkflow's diff helpers. Pure: workflows and specs in, findings out.

A case may move ("as it stands") when nothing it has already done (completed or started) was
removed or *structurally* changed in the target version, and the step it waits at still exists.
Its waiting steps are then predicted again from the target version, so a step inserted ahead of
them (a township review) lies on its path. A change of name, documentation, properties (`name_en`,
`remindBefore` …), due date, time limit or form labels never stops a case; a change of flows,
conditions, kind of element, lane, role, assignee, form key, called process or multi-instance
set-up of a step the case has passed does (the table is in webapp/engine/spec_changes.py).

A case that cannot move as it stands may still move to an *equivalent step* of the target
version (webapp/engine/restart.py): the case is run again on that version with its recorded
decisions until it reaches the chosen step.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID, uuid4

from SpiffWorkflow.bpmn.util.diff import SpecDiff, diff_workflow, migrate_workflow
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.util.task import TaskState

from webapp.engine import serializer
from webapp.engine.spec_changes import LABELS, AttributeChange, attribute_changes, element_name
from webapp.engine.types import Outcome
from webapp.i18n import N_, _

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
    element_type: str = ""
    """SpiffWorkflow's kind of element (`UserTask`, `ExclusiveGateway`, `CallActivity` …)."""
    details: tuple[AttributeChange, ...] = ()
    """For a change: each attribute old → new, named as the diagram names things."""

    @property
    def structural(self) -> bool:
        """Whether a case that has passed this element can no longer move as it stands."""
        return self.kind != "changed" or any(detail.structural for detail in self.details)


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
    registry = serializer.registry()
    changes: list[ElementChange] = []
    pairs = [(old_spec, new_spec), *((old_deps[n], new_deps[n]) for n in sorted(old_deps) if n in new_deps)]
    for old, new in pairs:
        diff = SpecDiff(registry, old, new)
        changes += _elements(old.name, diff.added, "added")
        changes += _elements(old.name, diff.removed, "removed")
        for spec, attributes in diff.changed.items():
            details = tuple(attribute_changes(registry, spec, diff.alignment[spec]))
            changes += _elements(old.name, [spec], "changed", tuple(sorted(attributes)), details)
    for name in sorted(set(new_deps) - set(old_deps)):
        changes.append(ElementChange(name, name, new_deps[name].description or name, "added", (), "Process"))
    for name in sorted(set(old_deps) - set(new_deps)):
        changes.append(ElementChange(name, name, old_deps[name].description or name, "removed", (), "Process"))
    return [change for change in _merged(changes) if change.kind != "changed" or change.details]


def check(workflow: BpmnWorkflow, new_spec_json: str) -> Eligibility:
    new_spec, new_deps = load_specs(new_spec_json)
    top, subprocesses = diff_workflow(serializer.registry(), workflow, new_spec, new_deps)
    found = Eligibility()
    _check_diff(top, found)
    for sp_id, sp_diff in subprocesses.items():
        subprocess = workflow.subprocesses[sp_id]
        if sp_diff is None:
            if subprocess.get_tasks(state=DONE):
                found.reasons.append((N_("The called process %(process)s has run, and the chosen version no longer "
                                         "has it."), {"process": subprocess.spec.name}))
        else:
            _check_diff(sp_diff, found)
    return found


def migrate(workflow: BpmnWorkflow, new_spec_json: str, advance: Any) -> Outcome:
    """Move an eligible workflow onto the new spec; `advance` runs the engine on and records steps.
    A waiting human task whose lane, role, assignee or form changed arrives afresh (a new uuid: a
    new inbox row, stamped for its new level, with its claim released and its due date counted again)."""
    new_spec, new_deps = load_specs(new_spec_json)
    waiting = {task.id: task.task_spec for task in workflow.get_tasks(state=TaskState.READY, manual=True)}
    top, subprocesses = diff_workflow(serializer.registry(), workflow, new_spec, new_deps)
    _migrate_keeping(top, workflow, new_spec)
    for sp_id, sp_diff in subprocesses.items():
        subprocess = workflow.subprocesses[sp_id]
        if sp_diff is not None:
            _migrate_keeping(sp_diff, subprocess, new_deps[subprocess.spec.name])
    workflow.subprocess_specs = new_deps
    registry = serializer.registry()
    for task in workflow.get_tasks(state=TaskState.READY, manual=True):
        before = waiting.get(task.id)
        if before is not None and any(change.attribute in _ARRIVES_AFRESH
                                      for change in attribute_changes(registry, before, task.task_spec)):
            renumber(task, uuid4())
    outcome = Outcome()
    advance(workflow, outcome)
    return outcome


_ARRIVES_AFRESH = frozenset({"typename", "lane", "candidate_groups", "assignee", "form_key", "form_fields"})
"""What a waiting task's inbox row is stamped with when it arrives."""


def renumber(task: Any, uuid: UUID) -> None:
    """Give a task another uuid (SpiffWorkflow keeps it in its workflow's table and its parent's and
    children's links): the inbox and the audit trail know a task by its uuid."""
    tasks = task.workflow.tasks
    del tasks[task.id]
    parent = task.parent
    if parent is not None:
        parent._children = [uuid if child == task.id else child for child in parent._children]
    for child in task.children:
        child._parent = uuid
    task.id = uuid
    tasks[uuid] = task


def _migrate_keeping(diff: Any, workflow: Any, spec: Any) -> None:
    """SpiffWorkflow's `migrate_workflow`, keeping what each waiting task holds. It resets every
    waiting task so that what follows it is predicted from the new version, and the reset also
    empties the task: an expert panel's instance would forget its expert, a notice period its end.
    A task still there afterwards, of the same kind, gets its data back."""
    held = {task.id: (type(task.task_spec), task.data, task.internal_data)
            for task in workflow.get_tasks(state=WAITING, skip_subprocesses=True)}
    migrate_workflow(diff, workflow, spec)
    for task in workflow.get_tasks(state=WAITING, skip_subprocesses=True):
        kind, data, internal = held.get(task.id, (None, None, None))
        if kind is type(task.task_spec):
            task.data, task.internal_data = data, internal


class _Listed:
    """Attribute labels joined when shown, so that they are translated for whoever reads them."""

    def __init__(self, attributes: list[str]) -> None:
        self.attributes = attributes

    def __str__(self) -> str:
        return str(_(", ")).join(str(_(LABELS.get(a, a))) for a in self.attributes)

    def __repr__(self) -> str:
        return ", ".join(self.attributes)


def _check_diff(diff: Any, found: Eligibility) -> None:
    for task in diff.removed:
        if task.has_state(DONE):
            found.reasons.append((N_("%(name)s (%(element)s) has already run, and the chosen version removes it."),
                                  _where(task)))
        elif task.has_state(WAITING):
            found.reasons.append((N_("The case waits at %(name)s (%(element)s), which the chosen version removes."),
                                  _where(task)))
    registry = serializer.registry()
    for task in diff.changed:
        if not task.has_state(DONE):
            continue
        structural = [d.attribute for d in attribute_changes(registry, task.task_spec, diff.alignment[task])
                      if d.structural]
        if structural:
            found.reasons.append((N_("%(name)s (%(element)s) has already run, and the chosen version changes "
                                     "%(what)s."), {**_where(task), "what": _Listed(list(dict.fromkeys(structural)))}))


def _where(task: Any) -> dict[str, Any]:
    spec = task.task_spec
    bpmn_id = getattr(spec, "bpmn_id", None) or spec.name
    return {"element": bpmn_id, "name": element_name(spec) or bpmn_id}


def _elements(process_id: str, specs: list[Any], kind: str, attributes: tuple[str, ...] = (),
              details: tuple[AttributeChange, ...] = ()) -> list[ElementChange]:
    """Diagram elements only: SpiffWorkflow's own helper specs (start, end joins) are left out."""
    return [ElementChange(process_id, spec.bpmn_id, element_name(spec), kind, attributes,
                          _typename(spec), details)
            for spec in specs if getattr(spec, "bpmn_id", None)]


def _typename(spec: Any) -> str:
    return serializer.registry().typenames.get(type(spec), type(spec).__name__)


def _merged(changes: list[ElementChange]) -> list[ElementChange]:
    """A multi-instance task and its instances' spec are one element: report it once, under the
    name that is not just the id (the instances' spec carries the task's name)."""
    merged: dict[tuple[str, str, str], ElementChange] = {}
    for change in changes:
        key = (change.process_id, change.bpmn_id, change.kind)
        if key in merged:
            first = merged[key]
            attributes = tuple(sorted(set(first.attributes) | set(change.attributes)))
            name = first.name if first.name != first.bpmn_id else change.name
            details = first.details + tuple(d for d in change.details if d not in first.details)
            change = ElementChange(change.process_id, change.bpmn_id, name, change.kind, attributes,
                                   first.element_type, details)
        merged[key] = change
    return list(merged.values())
