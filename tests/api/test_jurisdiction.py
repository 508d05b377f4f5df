"""Who may see and act on what: regions, roles, assignment, separation of duties, claims."""

from __future__ import annotations

from tests import walk
from tests.api_client import Api
from tests.desk import steps
from tests.worlds import starting_at
from webapp.demo.data import PASSWORD
from webapp.people.services import create_user


def _events(api: Api, instance_id: int) -> list[dict]:
    return api.get(f"/instances/{instance_id}/events", "shaanxi.auditor")["items"]


@starting_at(steps.at_county)
def test_an_official_of_another_county_gets_403_and_the_task_is_unchanged(world, client):
    api = Api(client)
    application = world.facts
    task = api.only_task("qishan.official")
    before = _events(api, application["instance_id"])

    assert api.get("/tasks", "meixian.official")["items"] == []
    api.get(f"/tasks/{task['id']}", "meixian.official", expect=403)
    refused = api.complete("meixian.official", task["id"], {"decision": "reject", "comment": "越权"}, expect=403)
    assert refused["error"] == "forbidden"
    api.post(f"/tasks/{task['id']}/claim", "meixian.official", expect=403)
    api.get(f"/applications/{application['id']}", "meixian.official", expect=403)
    api.get(f"/instances/{application['instance_id']}", "meixian.official", expect=403)

    assert api.only_task("qishan.official") == task
    assert _events(api, application["instance_id"]) == before


@starting_at(steps.at_village)
def test_auditors_read_but_never_act_and_stay_in_their_province(world, client):
    api = Api(client)
    application = world.facts
    task = api.only_task(walk.VILLAGE)
    assert api.get(f"/tasks/{task['id']}", "shaanxi.auditor")["may_act"] is False
    api.complete("shaanxi.auditor", task["id"], {"decision": "forward"}, expect=403)
    api.get(f"/applications/{application['id']}", "sichuan.auditor", expect=403)
    api.get(f"/instances/{application['instance_id']}/events", "sichuan.auditor", expect=403)


@starting_at(steps.at_county_experts)
def test_expert_tasks_belong_to_the_picked_experts_only(client):
    api = Api(client)
    mine = api.only_task("qishan.expert1")
    assert api.get("/tasks", "qishan.expert3")["items"] == []
    api.complete("qishan.expert2", mine["id"], {"expert_review": walk.GOOD_SCORES}, expect=403)
    api.post(f"/tasks/{mine['id']}/unclaim", "qishan.expert1", expect=409)


@starting_at(steps.at_county)
def test_experts_must_come_from_the_pool_of_the_level(client):
    api = Api(client)
    task = api.only_task("qishan.official")
    outsider = walk.user_id(api, "baoji.expert1")
    result = api.complete("qishan.official", task["id"], {"decision": "accept", "comment": "受理",
                                                          "experts": [walk.user_id(api, "qishan.expert1"), outsider]},
                          expect=422)
    assert list(result["field_errors"]) == ["experts/1"]
    assert api.only_task("qishan.official")["id"] == task["id"]


def test_an_official_never_reviews_one_application_at_two_levels(client):
    api = Api(client)
    create_user("two.hats", PASSWORD, "身兼两职", roles=[("official", "610323"), ("official", "610300")])
    application = walk.submit(api)
    walk.endorse(api)
    county = api.only_task("two.hats", level="county")
    api.complete("two.hats", county["id"], {"decision": "accept", "comment": "受理",
                                            "experts": [walk.user_id(api, "qishan.expert1")]})
    api.complete("qishan.expert1", api.only_task("qishan.expert1")["id"], {"expert_review": walk.GOOD_SCORES})
    api.complete("two.hats", api.only_task("two.hats", level="county")["id"],
                 {"decision": "recognize", "comment": "同意"})
    walk.let_notice_pass(api, application["instance_id"])
    api.complete("two.hats", api.only_task("two.hats", level="county")["id"], {"decision": "recommend"})

    city = api.only_task("two.hats", level="city")
    refused = api.complete("two.hats", city["id"], {"decision": "reject", "comment": "x"}, expect=403)
    assert "two levels" in refused["message"]
    walk.intake(api, "city")  # the city's own official can


def test_a_claimed_task_waits_for_its_claimant(client):
    api = Api(client)
    create_user("qixing.deputy", PASSWORD, "岐星村副主任", roles=[("official", "610323101900")])
    walk.submit(api)
    task = api.only_task(walk.VILLAGE)
    claimed = api.post(f"/tasks/{task['id']}/claim", walk.VILLAGE)
    assert claimed["assignee_id"] == walk.user_id(api, walk.VILLAGE)
    assert api.get("/tasks", "qixing.deputy")["items"] == []
    api.post(f"/tasks/{task['id']}/claim", "qixing.deputy", expect=409)
    api.complete("qixing.deputy", task["id"], {"decision": "forward"}, expect=409)
    api.post(f"/tasks/{task['id']}/unclaim", walk.VILLAGE)
    api.complete("qixing.deputy", task["id"], {"decision": "forward"})


@starting_at(steps.at_county_experts)
def test_experts_score_independently(client):
    api = Api(client)
    first = api.only_task("qishan.expert1")
    api.complete("qishan.expert1", first["id"], {"expert_review": walk.GOOD_SCORES})
    second = api.get(f"/tasks/{api.only_task('qishan.expert2')['id']}", "qishan.expert2")
    assert second["case"].get("expert_reviews") == [], second["case"]
    assert "expert_review" not in second["case"]
    assert [h["name"] for h in second["history"]] == ["村级推荐意见", "受理审核"]
    assert second["case"]["expert"] == walk.user_id(api, "qishan.expert2")


def test_an_expert_who_scored_at_the_county_cannot_be_picked_at_the_city(client):
    api = Api(client)
    create_user("both.expert", PASSWORD, "两级专家", roles=[("expert", "610323"), ("expert", "610300")])
    application = walk.submit(api)
    walk.endorse(api)
    county = api.only_task("qishan.official")
    api.complete("qishan.official", county["id"], {"decision": "accept", "comment": "受理",
                                                   "experts": [walk.user_id(api, "both.expert")]})
    api.complete("both.expert", api.only_task("both.expert")["id"], {"expert_review": walk.GOOD_SCORES})
    walk.decide(api, "county")
    walk.let_notice_pass(api, application["instance_id"])
    walk.recommend(api, "county")

    city = api.only_task("baoji.official")
    refused = api.complete("baoji.official", city["id"], {"decision": "accept", "comment": "受理",
                                                          "experts": [walk.user_id(api, "both.expert")]}, expect=422)
    assert list(refused["field_errors"]) == ["experts/0"]


@starting_at(steps.at_county)
def test_the_unit_follows_its_case_but_not_the_reviewers_trail(world, client):
    api = Api(client)
    instance_id = world.facts["instance_id"]
    assert api.get(f"/instances/{instance_id}", walk.APPLICANT)["id"] == instance_id
    refused = api.get(f"/instances/{instance_id}/events", walk.APPLICANT, expect=403)
    assert refused["error"] == "forbidden"
    assert len(api.get(f"/instances/{instance_id}/events", "shaanxi.auditor")["items"]) >= 2
