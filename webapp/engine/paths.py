"""The path a case took, per process: what ran (and how often), what is active now, and which
transitions were followed; read from the workflow state for the diagram view, together with the
BPMN file of each process as the instance's definition version deployed it."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from SpiffWorkflow.util.task import TaskState

from webapp.db import session
from webapp.engine import safety
from webapp.engine.instances import load_for_reading
from webapp.engine.models import ProcessDefinition, ProcessInstance


@dataclass
class ProcessPath:
    process_id: str
    name: str
    lane: str | None
    """For a called process: the lane of the call activity that started it (e.g. `county`)."""
    completed: Counter[str] = field(default_factory=Counter)
    active: set[str] = field(default_factory=set)
    transitions: set[tuple[str, str]] = field(default_factory=set)
    names: dict[str, str] = field(default_factory=dict)
    """Element id -> its name in the diagram, for the elements on the path."""
    xml: str = ""
    """The BPMN file that declares the process."""


def path_taken(instance: ProcessInstance) -> list[ProcessPath]:
    """The main process first, then each run of a called process in the order it started."""
    paths = workflow_paths(load_for_reading(instance))
    files = _files_by_process(session.get(ProcessDefinition, instance.definition_id))
    for path in paths:
        path.xml = files.get(path.process_id, "")
    return paths


def workflow_paths(workflow: Any) -> list[ProcessPath]:
    """The paths of a workflow held in memory (a case's, or a rehearsal's that is never stored)."""
    paths = [_path(workflow, workflow.spec.name, workflow.spec.description, None)]
    runs = sorted(workflow.subprocesses.values(), key=lambda sub: sub.task_tree.last_state_change or 0)
    for sub in runs:
        parent = workflow.get_task_from_id(sub.parent_task_id)
        lane = getattr(parent.task_spec, "lane", None) if parent else None
        paths.append(_path(sub, sub.spec.name, sub.spec.description, lane))
    return paths


def lanes_of(definition_id: int) -> frozenset[str]:
    """The lane names of every process a definition version deployed (its levels, and `applicant`)."""
    definition = session.get(ProcessDefinition, definition_id)
    if definition is None:
        return frozenset()
    found = _lanes.get(definition.sha256)
    if found is None:
        found = frozenset(lane.get("name") for name, text in definition.sources.items() if name.endswith(".bpmn")
                          for lane in safety.parse_xml(text.encode("utf-8"), name).iter(f"{{{safety.BPMN_NS}}}lane")
                          if lane.get("name"))
        _lanes[definition.sha256] = found
    return found


_lanes: dict[str, frozenset[str]] = {}
"""By the definition's sha256: a deployed version never changes."""


def _files_by_process(definition: ProcessDefinition | None) -> dict[str, str]:
    sources = definition.sources if definition else {}
    found = {}
    for name, text in sources.items():
        if name.endswith(".bpmn"):
            root = safety.parse_xml(text.encode("utf-8"), name)
            found.update({element.get("id"): text for element in root.iter(f"{{{safety.BPMN_NS}}}process")})
    return found


def _path(workflow: Any, process_id: str, name: str | None, lane: str | None) -> ProcessPath:
    path = ProcessPath(process_id=process_id, name=name or process_id, lane=lane)
    for task in workflow.get_tasks(skip_subprocesses=True):
        bpmn_id = getattr(task.task_spec, "bpmn_id", None)
        if not bpmn_id or task.task_spec.name != bpmn_id:
            continue  # SpiffWorkflow's helpers, and the children of a multi-instance task: it ran once
        done = task.has_state(TaskState.COMPLETED) or _interrupted(task)
        if not done and not task.has_state(TaskState.READY | TaskState.STARTED | TaskState.WAITING):
            continue  # predicted, not reached
        if done:
            path.completed[bpmn_id] += 1
        else:
            path.active.add(bpmn_id)
        if "Gateway" not in type(task.task_spec).__name__:  # gateways only route: the text list leaves them out
            path.names[bpmn_id] = _name(task)
        source = _nearest_bpmn_parent(task)
        if source is not None:
            path.transitions.add((source, bpmn_id))
    return path


def _name(task: Any) -> str:
    """The element's name; a multi-instance task keeps it on the spec of its instances."""
    spec = task.task_spec
    child = getattr(spec, "task_spec", None)
    if isinstance(child, str) and child in task.workflow.spec.task_specs:
        spec = task.workflow.spec.task_specs[child]
    return str(getattr(spec, "bpmn_name", None) or task.task_spec.bpmn_id)


def _interrupted(task: Any) -> bool:
    """Reached, then cancelled: e.g. a notice task whose boundary timer ended it."""
    return bool(task.has_state(TaskState.CANCELLED) and task.parent is not None
                and task.parent.has_state(TaskState.COMPLETED))


def _nearest_bpmn_parent(task: Any) -> str | None:
    """The BPMN element the task came from, skipping SpiffWorkflow's own helper tasks."""
    parent = task.parent
    while parent is not None:
        bpmn_id = getattr(parent.task_spec, "bpmn_id", None)
        if bpmn_id:
            return str(bpmn_id)
        parent = parent.parent
    return None
