"""Desk actions: urging (催办) a waiting case, copying (抄送) a decision."""

from __future__ import annotations

from typing import Any

from webapp.api import actor, bp, documented, json_body
from webapp.desk import copies, urging


@bp.post("/instances/<int:instance_id>/urge")
@documented("Urge (催办) the people a waiting case waits for: a higher level's official or the case's creation "
            "unit, once a working day per case and person", response="Urge", status=201)
def urge_case(instance_id: int) -> Any:
    done = urging.urge(instance_id, actor=actor())
    return {"instance_id": instance_id, "day": done.day.isoformat(), "task_ids": [task.id for task in done.tasks],
            "told": [_person(user) for user in done.told]}, 201


@bp.post("/tasks/<int:task_id>/copies")
@documented("Copy (抄送) the decision you made on a task to named users or to the officials of a level of the "
            "case; they are told and may read the case, never act on it", body="CopyRequest", response="Copies",
            status=201)
def copy_decision(task_id: int) -> Any:
    body = json_body()
    wanted = copies.parse_request(body.get("usernames"), body.get("level"))
    done = copies.copy_decision(task_id, wanted, actor=actor())
    return {"task_id": task_id, "copied_to": [_person(user) for user in done.recipients],
            "already_copied": [_person(user) for user in done.already]}, 201


def _person(user: Any) -> dict[str, Any]:
    return {"id": user.id, "username": user.username, "display_name": user.display_name}
