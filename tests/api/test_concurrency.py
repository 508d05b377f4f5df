"""Two officials submit the same task at the same moment: exactly one wins."""

from __future__ import annotations

import threading

from tests import walk
from tests.api_client import Api
from webapp.demo.data import PASSWORD
from webapp.people.services import create_user

ROUNDS = 5


def _race(app, task_id: int, tokens: list[str]) -> list[int]:
    barrier = threading.Barrier(len(tokens))
    statuses: list[int] = []

    def submit(token: str) -> None:
        client = app.test_client()
        barrier.wait()
        response = client.post(f"/api/v1/tasks/{task_id}/complete", json={"data": {"decision": "forward"}},
                               headers={"Authorization": f"Bearer {token}"})
        statuses.append(response.status_code)

    threads = [threading.Thread(target=submit, args=(t,)) for t in tokens]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return sorted(statuses)


def test_the_same_task_completed_twice_at_once_succeeds_once(app, client):
    api = Api(client)
    create_user("qixing.deputy", PASSWORD, "岐星村副主任", roles=[("official", "610323101900")])
    tokens = [api.token(walk.VILLAGE), api.token("qixing.deputy")]
    for round_number in range(ROUNDS):
        application = walk.submit(api, brand_name=f"岐山面食师{round_number}")
        task = api.only_task(walk.VILLAGE)
        assert _race(app, task["id"], tokens) == [200, 409]
        events = api.get(f"/instances/{application['instance_id']}/events", "shaanxi.auditor")["items"]
        assert [e["bpmn_id"] for e in events if e["action"] == "task_completed"] == ["Task_village_endorse"]
        assert api.only_task("qishan.official")["level"] == "county"
        api.complete("qishan.official", api.only_task("qishan.official")["id"],
                     {"decision": "reject", "comment": "测试结束"})
