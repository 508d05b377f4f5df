"""Desk actions: urging (催办), copies (抄送), hand-overs (转办, 委派, reassignment), withdrawing (撤回) and
returning a case to an earlier level (驳回)."""

from __future__ import annotations

from typing import Any

from webapp.api import actor, documented, json_body
from webapp.api.schemas import task_json
from webapp.desk import copies, handover, rewinding, urging
from webapp.review import acting, queries, services


@documented("Urge (催办) the people a waiting case waits for: a higher level's official or the case's creation "
            "unit, once a working day per case and person", response="Urge", status=201)
def urge_case(instance_id: int) -> Any:
    done = urging.urge(instance_id, actor=actor())
    return {"instance_id": instance_id, "day": done.day.isoformat(), "task_ids": [task.id for task in done.tasks],
            "told": [_person(user) for user in done.told]}, 201


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


@documented("Transfer (转办) a task you hold to a colleague with its role in its region; reason required",
            body="HandOver", response="TaskHeld")
def transfer_task(task_id: int) -> Any:
    body = json_body()
    done = handover.transfer(task_id, body.get("to"), body.get("reason"), actor=actor())
    return _held(done.task)


@documented("Delegate (委派) a task you hold: a colleague prepares the decision and hands it back to you",
            body="HandOver", response="TaskHeld")
def delegate_task(task_id: int) -> Any:
    body = json_body()
    done = handover.delegate(task_id, body.get("to"), body.get("reason"), actor=actor())
    return _held(done.task)


@documented("Hand a task delegated to you back to its holder with the decision prepared (the form filled)",
            body="Resolve", response="TaskHeld")
def resolve_task(task_id: int) -> Any:
    task = services.resolve_task(task_id, json_body().get("data"), actor=actor())
    return _held(task)


@documented("Reassign an open task to someone who may hold it: an official of a level above it, or an "
            "administrator of its region", body="HandOver", response="TaskHeld")
def reassign_task(task_id: int) -> Any:
    body = json_body()
    done = handover.reassign(task_id, body.get("to"), body.get("reason"), actor=actor())
    return _held(done.task)


@documented("Release an open task from its holder back to its group (a supervisor, as for reassign)",
            body="Release", response="TaskHeld")
def release_task(task_id: int) -> Any:
    done = handover.release(task_id, json_body().get("reason"), actor=actor())
    return _held(done.task)


@documented("Withdraw (撤回) a step you completed, while nobody has acted on the next one: the task is yours "
            "again with what you submitted", response="TaskHeld")
def withdraw_task(task_id: int) -> Any:
    return _held(rewinding.withdraw(task_id, actor=actor()))


@documented("The earlier levels' decisions this task may send its case back to (驳回), as the diagram allows",
            response="ReturnTargets")
def return_targets(task_id: int) -> Any:
    task, instance = acting.task_for(task_id, actor())
    return {"items": [{"task_id": t.task.id, "name": t.task.name, "level": t.task.lane,
                       "completed_by": t.completed_by, "completed_at": t.task.completed_at.isoformat()
                       if t.task.completed_at else None} for t in rewinding.return_targets(task, instance)]}


@documented("Return (驳回) the case to an earlier level's decision, with a comment shown there",
            body="ReturnRequest", response="TaskHeld")
def return_case(task_id: int) -> Any:
    body = json_body()
    return _held(rewinding.return_to(task_id, body.get("target_task_id"), body.get("comment"), actor=actor()))


@documented("Withdraw (撤回) a submitted application before the village acts on it: it becomes a draft again",
            response="Application")
def withdraw_application(application_id: int) -> Any:
    application = rewinding.withdraw_application(application_id, actor=actor())
    return {"id": application.id, "status": str(application.status)}


def _held(task: Any) -> dict[str, Any]:
    return {"task": task_json(task, queries.instance_of(task))}
