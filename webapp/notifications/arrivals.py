"""Telling people that a task reached them: everyone who may act on it, one message each.

What the message says is the diagram's choice: a task's `message` property names its kind. The
bundled diagrams mark the applicant's revision task `returned` (the message carries the reviewer's
comment) and the exit procedure's appeal task `exit_proposed` (it carries the appeal deadline);
any other task says that a new task arrived.
"""

from __future__ import annotations

from typing import Any

from webapp import engine, signals
from webapp.auth import queries
from webapp.auth.models import User
from webapp.i18n import N_
from webapp.notifications.models import MessageKind
from webapp.notifications.services import send
from webapp.workdays.calendar import last_day

MESSAGE_PROPERTY = "message"
COMMENT_FIELD = "comment"
"""The field of a decision form that holds the reviewer's words to the applicant."""

ARRIVAL_MESSAGES = {
    MessageKind.TASK_ARRIVED: N_("New task: %(task)s for %(brand)s (due %(due)s)."),
    MessageKind.RETURNED: N_("%(brand)s was returned to you: %(task)s, by %(due)s. Comment: %(comment)s"),
    MessageKind.EXIT_PROPOSED: N_("Exit of %(brand)s from the labor brand resource library is proposed: "
                                  "%(comment)s You may request a review until %(due)s."),
}


def task_link(task_id: int) -> str:
    return f"/tasks/{task_id}"


def task_params(task: engine.HumanTask, instance: engine.ProcessInstance) -> dict[str, Any]:
    """What a message about a task names: the task (in both languages), the brand, the last day."""
    return {"task": task.name, "task_en": task.name_en or task.name, "brand": instance.title,
            "due": last_day(task.due_at).isoformat() if task.due_at else "—"}


def arrival_kind(task: engine.HumanTask) -> MessageKind:
    chosen = (task.properties or {}).get(MESSAGE_PROPERTY)
    return MessageKind(chosen) if chosen in {str(kind) for kind in ARRIVAL_MESSAGES} else MessageKind.TASK_ARRIVED


@signals.instance_advanced.connect
def on_instance_advanced(process_key: str, *, instance: engine.ProcessInstance, outcome: engine.Outcome,
                         actor: User | None, task: engine.HumanTask | None, data: dict[str, Any] | None,
                         **_: Any) -> None:
    """Every process: whoever may act on a task that just arrived is told (connected to all senders)."""
    comment = str((data or {}).get(COMMENT_FIELD) or "").strip() if task is not None else ""
    for arrived in outcome.new_tasks:
        kind = arrival_kind(arrived)
        send(queries.may_act_on(arrived.candidate_group, arrived.region_code, arrived.owner_key, arrived.assignee_id),
             kind, ARRIVAL_MESSAGES[kind], {**task_params(arrived, instance), "comment": comment or "—"},
             event_key=f"task:{arrived.id}:arrived", link=task_link(arrived.id), instance_id=instance.id,
             task_id=arrived.id)
