"""One application, applicant to nation, every step by the right official over the HTTP API."""

from __future__ import annotations

from tests import walk
from tests.api_client import Api

LEVEL_REGIONS = {"county": "610323", "city": "610300", "province": "610000", "nation": "100000"}


def test_application_is_recognized_at_every_level(client):
    api = Api(client)
    application = walk.submit(api)
    assert application["status"] == "in_review"
    assert application["waiting_for"][0]["level"] == "village"
    instance_id = application["instance_id"]

    walk.endorse(api)
    for level in ("county", "city", "province"):
        walk.recognize_at(api, level, instance_id)
    result = walk.select_nationally(api)
    assert result["finished"] is True
    assert result["recognized_levels"] == ["nation"]

    final = api.get(f"/applications/{application['id']}", walk.APPLICANT)
    assert final["status"] == "finished"
    assert final["outcome"] == "recognized"
    assert final["recognized_levels"] == ["county", "city", "province", "nation"]

    brand = api.get(f"/brands/{final['brand_id']}", walk.APPLICANT)
    assert brand["name"] == "岐山臊子面师"
    assert sorted(brand["recognized_levels"]) == sorted(LEVEL_REGIONS)
    entries = {e["level"]: e for e in brand["library_entries"]}
    assert {level: e["region"] for level, e in entries.items()} == LEVEL_REGIONS
    assert all(e["status"] == "active" for e in entries.values())

    events = api.get(f"/instances/{instance_id}/events", "shaanxi.auditor")["items"]
    completions = [(e["level"], e["actor"], e["task"]) for e in events if e["action"] == "task_completed"]
    actors = {level: {actor for lvl, actor, _ in completions if lvl == level} for level in LEVEL_REGIONS}
    assert actors["county"] == {"岐山县人力资源和社会保障局（经办人）", "岐山县评审专家1", "岐山县评审专家2"}
    assert actors["city"] == {"宝鸡市人力资源和社会保障局（经办人）", "宝鸡市评审专家1", "宝鸡市评审专家2"}
    assert actors["province"] == {"陕西省人力资源和社会保障厅（经办人）", "陕西省评审专家1", "陕西省评审专家2"}
    assert actors["nation"] == {"人社部劳务品牌工作专班（经办人）"}
    assert [e["level"] for e in events if e["action"] == "level_recognized"] == list(LEVEL_REGIONS)
    assert [e["action"] for e in events if e["action"] == "timer_fired"] == ["timer_fired"] * 3
    assert events[-1]["action"] == "instance_finished"
    assert [e["seq"] for e in events] == list(range(1, len(events) + 1))

    instance = api.get(f"/instances/{instance_id}", "shaanxi.auditor")
    assert instance["status"] == "completed"
    assert instance["current_tasks"] == []
