"""Who a process version needs: every human task with the lane (level) it runs in and the role
(candidate group) that acts on it. The staffing check compares this with the people who hold the
roles; the engine only reads the spec, as plain data, so that check needs no SpiffWorkflow."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from SpiffWorkflow.bpmn.specs.mixins.subworkflow_task import SubWorkflowTask

from webapp.engine.definitions import DECISION_MARK
from webapp.engine.migration import load_specs

MAX_DEPTH = 10
"""Call activities calling call activities: deeper than this is a loop, not a process."""


@dataclass(frozen=True)
class HumanStep:
    """A human task as a case meets it: `lane` is its own lane or, in a called process, the lane of
    the call activity that runs it (as the inbox stamps it); `called_by` names that call activity."""

    process_id: str
    bpmn_id: str
    name: str
    lane: str
    role: str
    called_by: str | None = None


def human_steps(spec_json: str) -> list[HumanStep]:
    """The human tasks of a version (those of the processes it calls included), each once per lane
    it runs in; tasks in no lane are left out (the deploy checks refuse them elsewhere)."""
    if json.loads(spec_json).keys() == {DECISION_MARK}:
        return []  # a standalone decision: nobody works on it
    spec, called = load_specs(spec_json)
    found: dict[tuple[str, str, str, str], HumanStep] = {}
    _walk(spec, called, None, None, 0, found)
    return list(found.values())


def _walk(spec: Any, called: dict[str, Any], inherited: str | None, caller: str | None, depth: int,
          found: dict[tuple[str, str, str, str], HumanStep]) -> None:
    if depth > MAX_DEPTH:
        return
    for task_spec in spec.task_specs.values():
        bpmn_id = getattr(task_spec, "bpmn_id", None)
        if not bpmn_id:
            continue
        lane = getattr(task_spec, "lane", None) or inherited
        if isinstance(task_spec, SubWorkflowTask):
            sub = called.get(str(task_spec.spec))
            if sub is not None and lane:
                name = str(getattr(task_spec, "bpmn_name", None) or bpmn_id)
                _walk(sub, called, lane, f"{name} ({bpmn_id})", depth + 1, found)
            continue
        groups = (getattr(task_spec, "extensions", None) or {}).get("candidate_groups") or []
        if not task_spec.manual or not lane or not groups:
            continue
        step = HumanStep(process_id=spec.name, bpmn_id=str(bpmn_id),
                         name=str(getattr(task_spec, "bpmn_name", None) or bpmn_id), lane=str(lane),
                         role=str(groups[0]), called_by=caller)
        found.setdefault((step.process_id, step.bpmn_id, step.lane, step.role), step)
