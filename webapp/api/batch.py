"""批量办理 over the API: claim several tasks, or complete several of one kind with one decision and
comment. Each task is its own command (see `webapp.desk.batch`), so the answer is 200 with each task's
outcome, done or refused with its reason; only a request refused as a whole answers 4xx."""

from __future__ import annotations

from typing import Any

from webapp.api import actor, documented, json_body
from webapp.desk import batch
from webapp.errors import Invalid
from webapp.i18n import _


@documented("Claim several tasks, or complete several tasks of one kind with the same decision and comment "
            "(批量办理). Each task is its own command: one refused task stops none of the others, and the answer "
            "lists each task's outcome", body="TaskBatchRequest", response="TaskBatchResult")
def batch_tasks() -> Any:
    body = json_body()
    action = body.get("action")
    if action == batch.BatchAction.CLAIM:
        _texts(body)
        result = batch.claim_all(body.get("task_ids"), actor=actor())
    elif action == batch.BatchAction.COMPLETE:
        result = batch.complete_all(body.get("task_ids"), body.get("decision", ""), body.get("comment", ""),
                                    actor=actor())
    else:
        raise Invalid(_("The action is claim or complete."), field_errors={"action": [_("Choose claim or complete.")]})
    return {"action": str(result.action), "done": result.done, "not_done": result.not_done,
            "results": [_item(item) for item in result.items]}


def _texts(body: dict[str, Any]) -> None:
    """A claim ignores decision and comment, but they must still be what the document says they are."""
    for name, most in (("decision", batch.MAX_DECISION), ("comment", batch.MAX_COMMENT)):
        value = body.get(name)
        if value is not None and (not isinstance(value, str) or len(value) > most):
            raise Invalid(_("The decision and the comment are text."),
                          field_errors={name: [_("The decision and the comment are text.")]})


def _item(item: batch.TaskResult) -> dict[str, Any]:
    task = item.task
    return {"task_id": item.task_id, "ok": item.ok, "error": item.error, "message": item.message or None,
            "instance_id": item.instance_id, "brand": item.brand, "task": task.name if task else None,
            "bpmn_id": task.bpmn_id if task else None, "level": task.lane if task else None,
            "next_tasks": [{"id": n.id, "name": n.name, "level": n.lane} for n in item.next_tasks]}
