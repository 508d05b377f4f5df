"""Expert panels (专家评审组): an expert withdraws for a conflict of interest (回避), an official names the
replacement, and anyone who may read the case (or sits on the panel) reads its running total."""

from __future__ import annotations

from typing import Any

from flask import request

from webapp.api import actor, documented, json_body
from webapp.desk import experts, panels


@documented("Withdraw (回避) from your seat on an expert panel for a conflict of interest: the seat waits for "
            "an official of the level to name a replacement, and they are told", body="ReasonRequest",
            response="ExpertDeclined")
def decline_expert_task(task_id: int) -> Any:
    done = experts.decline(task_id, experts.parse_reason(json_body().get("reason")), actor=actor())
    return {"task_id": done.task.id, "awaiting_replacement": done.task.assignee_id is None,
            "told": [_person(user) for user in done.told]}


@documented("Name another expert of the level's pool to a panel seat whose expert withdrew (officials of the "
            "level that chose the panel); the expert is told that a task arrived", body="ExpertReplacement",
            response="ExpertReplaced")
def replace_expert(task_id: int) -> Any:
    done = experts.replace(task_id, experts.parse_expert(json_body().get("expert_id")), actor=actor())
    return {**panel_json(panels.for_task(done.task, done.instance, actor())), "task_id": task_id,
            "expert": _person(done.expert)}


@documented("The case's newest expert panel (or the one at `level`): who was asked, finished, withdrew or awaits a "
            "replacement, the quorum and the mean so far (scores only for readers of the case, never for experts); "
            "`panel` is null when the case has none",
            response="ExpertPanel", query=("level",))
def expert_panel(instance_id: int) -> Any:
    return panel_json(panels.latest(instance_id, actor(), request.args.get("level") or None))


def panel_json(panel: panels.Panel | None) -> dict[str, Any]:
    if panel is None:
        return {"panel": None}
    return {"panel": {
        "instance_id": panel.instance.id, "level": panel.lane, "region": panel.region_code,
        "asked": len(panel.seats), "finished": panel.count(panels.SeatState.FINISHED), "declined": panel.declined,
        "awaiting_replacement": panel.count(panels.SeatState.AWAITING), "required": panel.required,
        "running": panel.running, "mean": panel.mean, "scores_shown": panel.sees_scores,
        "seats": [{"task_id": seat.task.id, "state": str(seat.state), "expert_id": seat.expert_id,
                   "expert": seat.expert, "total": seat.total, "declined": list(seat.declined)}
                  for seat in panel.seats],
        "candidates": [_person(user) for user in panel.candidates]}}


def _person(user: Any) -> dict[str, Any]:
    return {"id": user.id, "username": user.username, "display_name": user.display_name}
