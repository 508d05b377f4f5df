"""转办, 委派 and a supervisor's reassignment: who may hand a task to whom, and what each leaves behind."""

from __future__ import annotations

from tests import walk
from tests.api_client import Api
from tests.desk import steps
from tests.factories import make_user
from tests.worlds import starting_at


@starting_at(steps.at_county)
def test_the_holder_transfers_to_a_colleague_of_the_same_office_only(world, client):
    api = Api(client)
    application = world.facts
    colleague = make_user("qishan.official2", "official", "610323", "岐山县经办人二").id
    task = api.only_task("qishan.official")
    refused = [
        api.post(f"/tasks/{task['id']}/transfer", "qishan.official", {"to": "meixian.official", "reason": "休假"},
                 expect=422),
        api.post(f"/tasks/{task['id']}/transfer", "qishan.official", {"to": "qishan.expert1", "reason": "休假"},
                 expect=422),
        api.post(f"/tasks/{task['id']}/transfer", "qishan.official", {"to": colleague, "reason": ""}, expect=422),
        api.post(f"/tasks/{task['id']}/transfer", "meixian.official", {"to": colleague, "reason": "休假"},
                 expect=403),
    ]
    assert all(r["field_errors"] for r in refused[:3])
    assert steps.events(application["instance_id"], "task_transferred") == []

    moved = api.post(f"/tasks/{task['id']}/transfer", "qishan.official", {"to": "qishan.official2",
                                                                          "reason": "本人出差，请代为受理。"})["task"]
    assert moved["assignee_id"] == colleague
    assert api.get("/tasks", "qishan.official")["items"] == []
    assert [t["id"] for t in api.get("/tasks", "qishan.official2")["items"]] == [task["id"]]
    [(who, message)] = steps.told("task_transferred")
    assert who == "qishan.official2" and message.params["reason"] == "本人出差，请代为受理。"
    [event] = steps.events(application["instance_id"], "task_transferred")
    assert event.data["to"]["id"] == colleague and event.actor_name.startswith("岐山县")
    api.complete("qishan.official", task["id"], {"decision": "return", "comment": "补正"}, expect=409)


@starting_at(steps.at_city)
def test_a_delegate_prepares_the_decision_and_the_holder_completes_it(world, client):
    api = Api(client)
    application = world.facts
    make_user("baoji.official2", "official", "610300", "宝鸡市经办人二")
    task = api.only_task("baoji.official")
    api.post(f"/tasks/{task['id']}/delegate", "baoji.official", {"to": "baoji.official2", "reason": "请先审材料。"})
    api.complete("baoji.official2", task["id"], {"decision": "return", "comment": "材料不全"}, expect=409)
    api.post(f"/tasks/{task['id']}/unclaim", "baoji.official2", expect=409)
    api.complete("baoji.official", task["id"], {"decision": "return", "comment": "材料不全"}, expect=409)
    api.post(f"/tasks/{task['id']}/resolve", "baoji.official2", {"data": {"decision": "nonsense"}}, expect=422)
    api.post(f"/tasks/{task['id']}/resolve", "baoji.official", {"data": {"decision": "return", "comment": "补"}},
             expect=409)
    back = api.post(f"/tasks/{task['id']}/resolve", "baoji.official2",
                    {"data": {"decision": "return", "comment": "请补充带动就业证明。"}})["task"]
    assert back["delegation_state"] == "resolved" and back["draft"]["comment"] == "请补充带动就业证明。"
    assert [who for who, _m in steps.told("task_resolved")] == ["baoji.official"]
    api.complete("baoji.official", task["id"], back["draft"])
    actions = [e.action for e in steps.events(application["instance_id"], "task_delegated")] + \
        [e.action for e in steps.events(application["instance_id"], "task_resolved")]
    assert actions == ["task_delegated", "task_resolved"]
    [done] = steps.events(application["instance_id"], "task_completed")[-1:]
    assert done.actor_name.startswith("宝鸡市") and done.decision == "return"


@starting_at(steps.at_county)
def test_a_supervisor_above_reassigns_or_releases_and_nobody_else_may(client):
    api = Api(client)
    colleague = make_user("qishan.official2", "official", "610323", "qishan.official2").id
    task = api.only_task("qishan.official")
    api.post(f"/tasks/{task['id']}/claim", "qishan.official")
    for outsider in ("qishan.official2", "meixian.official", "luding.official", "shaanxi.auditor", walk.APPLICANT):
        api.post(f"/tasks/{task['id']}/reassign", outsider, {"to": colleague, "reason": "调岗"}, expect=403)
    api.post(f"/tasks/{task['id']}/reassign", "baoji.official", {"to": "meixian.official", "reason": "调岗"},
             expect=422)
    given = api.post(f"/tasks/{task['id']}/reassign", "baoji.official", {"to": colleague, "reason": "原经办人调岗。"})
    assert given["task"]["assignee_id"] == colleague
    assert {who for who, _m in steps.told("task_reassigned")} == {"qishan.official", "qishan.official2"}
    released = api.post(f"/tasks/{task['id']}/release", "admin", {"reason": "交回科室统一分配。"})
    assert released["task"]["assignee_id"] is None
    assert len(api.get("/tasks", "qishan.official")["items"]) == 1
