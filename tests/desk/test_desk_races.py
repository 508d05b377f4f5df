"""Races at the desk, two requests at the same moment over HTTP: exactly one wins, nothing is half done,
and `brandcert check` finds every case consistent."""

from __future__ import annotations

import threading
from typing import Any

from tests import walk
from tests.api_client import Api
from tests.desk import steps
from tests.factories import make_user
from webapp import engine
from webapp.db import session
from webapp.ops.check import check_all

ROUNDS = 3


def _at_once(app: Any, calls: list[tuple[str, str, dict[str, Any] | None]]) -> list[int]:
    """POST each (token, path, body) from its own thread, all released together; their statuses in order."""
    barrier = threading.Barrier(len(calls))
    statuses: list[int] = [0] * len(calls)

    def post(index: int, token: str, path: str, body: dict[str, Any] | None) -> None:
        client = app.test_client()
        barrier.wait()
        response = client.post(f"/api/v1{path}", json=body or {}, headers={"Authorization": f"Bearer {token}"})
        statuses[index] = response.status_code

    threads = [threading.Thread(target=post, args=(i, *call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return statuses


def _row(task_id: int) -> engine.HumanTask:
    session.remove()
    row = session.get(engine.HumanTask, task_id)
    assert row is not None
    return row


def test_withdraw_against_the_next_officials_claim(app, client):
    api = Api(client)
    for round_number in range(ROUNDS):
        application = steps.at_city(api) if round_number == 0 else _next_at_city(api, round_number)
        walk.recognize_at(api, "city", application["instance_id"])
        recommended = _row(api.only_task("shaanxi.official")["id"])
        done = [t for t in session.query(engine.HumanTask).filter_by(instance_id=recommended.instance_id,
                                                                        bpmn_id="Task_recommend", lane="city")]
        withdrawn_id = done[0].id
        city, province = _fresh_token(api, "baoji.official"), _fresh_token(api, "shaanxi.official")
        statuses = _at_once(app, [(city, f"/tasks/{withdrawn_id}/withdraw", None),
                                  (province, f"/tasks/{recommended.id}/claim", None)])
        assert sorted(statuses) in ([200, 409], [200, 403], [200, 404]), statuses
        city_row, province_row = _row(withdrawn_id), _row(recommended.id)
        if statuses[0] == 200:
            assert (city_row.status, province_row.status) == ("ready", "cancelled")
        else:
            assert (city_row.status, province_row.status) == ("done", "ready")
            assert province_row.assignee_id is not None
        assert check_all([recommended.instance_id]).consistent
        _close(api, recommended.instance_id)


def test_transfer_against_completion(app, client):
    api = Api(client)
    make_user("qishan.official2", "official", "610323", "qishan.official2")
    token = api.token("qishan.official")
    for round_number in range(ROUNDS):
        application = walk.submit(api, brand_name=f"岐山面食师{round_number}")
        walk.endorse(api)
        task = api.only_task("qishan.official")
        statuses = _at_once(app, [
            (token, f"/tasks/{task['id']}/transfer", {"to": "qishan.official2", "reason": "出差"}),
            (token, f"/tasks/{task['id']}/complete", {"data": {"decision": "reject", "comment": "不予受理"}})])
        assert sorted(statuses) == [200, 409], statuses
        row = _row(task["id"])
        if statuses[0] == 200:
            assert (row.status, row.assignee_id is not None, row.completed_by_id) == ("ready", True, None)
            api.complete("qishan.official2", task["id"], {"decision": "reject", "comment": "不予受理"})
        else:
            assert row.status == "done" and steps.events(application["instance_id"], "task_transferred") == []
        assert check_all([application["instance_id"]]).consistent


def _fresh_token(api: Api, username: str) -> str:
    """A token valid now: the walk moves the clock past notice periods, and tokens expire."""
    api.get("/me", username)
    return api.tokens[username]


def _next_at_city(api: Api, number: int) -> dict[str, Any]:
    application = walk.submit(api, brand_name=f"岐山面食师{number}")
    walk.endorse(api)
    walk.recognize_at(api, "county", application["instance_id"])
    return application


def _close(api: Api, instance_id: int) -> None:
    """End the round's case so that the next round's tasks are the only ones."""
    for username in ("shaanxi.official", "baoji.official"):
        for task in api.get("/tasks", username)["items"]:
            if task["instance_id"] != instance_id:
                continue
            decision = {"intake_review": "reject", "recommend_upward": "keep"}[task["form_key"]]
            api.complete(username, task["id"], {"decision": decision, "comment": "测试结束"})
