"""Each command writes one info line with what it did, by ids, and the id of the request that asked for
it, so that an operator finds "my decision at 10:42" in the logs."""

from __future__ import annotations

from typing import Any

from tests import walk
from tests.api_client import Api


def test_a_completed_task_writes_one_info_line_with_the_request_id(client: Any, caplog: Any) -> None:
    api = Api(client)
    walk.submit(api)
    task = api.only_task(walk.VILLAGE)
    village = walk.user_id(api, walk.VILLAGE)
    with caplog.at_level("INFO", logger="webapp.commands"):
        caplog.clear()  # a command earlier in the test logs too, when an earlier test left the root at INFO
        response = client.post(f"/api/v1/tasks/{task['id']}/complete",
                               json={"data": {"decision": "forward", "comment": "属实，同意推荐。"}},
                               headers={"Authorization": f"Bearer {api.token(walk.VILLAGE)}", "X-Request-ID": "req-42"})
    assert response.status_code == 200, response.get_json()
    lines = [(r.levelname, r.getMessage(), r.request_id) for r in caplog.records if r.name == "webapp.commands"]
    assert lines == [("INFO", f"task {task['id']} completed by user {village}: forward", "req-42")]
    assert "属实" not in caplog.text  # ids only, never what the form said
