"""What a case's stored workflow state says, for checking it against the tables beside it.

`brandcert check` compares these facts with the inbox rows, the instance row and the audit trail
(webapp.ops.check). Reading the state is the engine's business; comparing is not.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from SpiffWorkflow.util.task import TaskState

from webapp.engine import runtime
from webapp.engine.instances import load_for_reading
from webapp.engine.models import ProcessInstance


@dataclass(frozen=True)
class StateFacts:
    ready: frozenset[str]
    """Uuids of the human tasks waiting for someone."""
    completed: frozenset[str]
    """Uuids of the human tasks the workflow counts as done."""
    finished: bool
    next_timer_at: datetime | None


def state_facts(instance: ProcessInstance) -> StateFacts:
    """Facts of a loaded instance (its `state` undeferred); raises if the state does not load.

    Completed tasks are filtered after walking every task: asked for COMPLETED ones, SpiffWorkflow does
    not look below a task that is not completed, so an expert's finished review under a multi-instance
    task still waiting for the other experts would be missed."""
    workflow = load_for_reading(instance)
    return StateFacts(
        ready=frozenset(view.uuid for view in runtime.ready_human_tasks(workflow)),
        completed=frozenset(str(task.id) for task in workflow.get_tasks(manual=True)
                            if task.state == TaskState.COMPLETED),
        finished=bool(workflow.completed),
        next_timer_at=runtime.next_timer_at(workflow),
    )
