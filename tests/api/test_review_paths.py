"""Return for revision, rejection, objection during the notice period, failed expert review."""

from __future__ import annotations

from tests import walk
from tests.api_client import Api, application_form
from tests.desk import steps
from tests.worlds import starting_at


@starting_at(steps.at_city)
def test_return_for_revision_resumes_at_the_returning_level(world, client):
    api = Api(client)
    application = world.facts
    walk.intake(api, "city", decision="return", comment="请补充培训台账。")

    returned = api.get(f"/applications/{application['id']}", walk.APPLICANT)
    assert returned["status"] == "returned"
    assert returned["current_level"] == "city"
    task = api.only_task(walk.APPLICANT)
    assert (task["name"], task["form_key"]) == ("修改申报（市级退回）", "application")
    detail = api.get(f"/tasks/{task['id']}", walk.APPLICANT)
    assert detail["history"][-1]["data"]["comment"] == "请补充培训台账。"
    assert detail["case"]["brand_name"] == "岐山臊子面师"

    revised = application_form(trained_this_year=900, brand_name="岐山臊子面匠")
    api.complete(walk.APPLICANT, task["id"], revised)

    after = api.get(f"/applications/{application['id']}", walk.APPLICANT)
    assert after["status"] == "in_review"
    assert after["data"]["trained_this_year"] == 900
    assert [(t["level"], t["name"]) for t in after["waiting_for"]] == [("city", "受理审核")]
    assert api.get("/tasks", walk.VILLAGE)["items"] == []
    assert api.get("/tasks", "qishan.official")["items"] == []
    assert api.get(f"/brands/{after['brand_id']}", walk.APPLICANT)["name"] == "岐山臊子面匠"


def test_a_revision_may_not_move_the_brand_to_another_region(client):
    api = Api(client)
    walk.submit(api)
    walk.endorse(api, decision="return", comment="请核实从业人数。")
    task = api.only_task(walk.APPLICANT)
    moved = api.complete(walk.APPLICANT, task["id"], application_form(base_region="610323101"), expect=422)
    assert "base_region" in moved["field_errors"]
    assert api.only_task(walk.APPLICANT)["id"] == task["id"]


@starting_at(steps.at_city)
def test_rejection_ends_the_process_but_keeps_earlier_recognition(world, client):
    api = Api(client)
    application = world.facts
    walk.intake(api, "city")
    walk.score(api, "city")
    result = walk.decide(api, "city", decision="reject", comment="竞争力不足，不予认定。")
    assert result["finished"] is True

    final = api.get(f"/applications/{application['id']}", walk.APPLICANT)
    assert (final["status"], final["outcome"]) == ("finished", "rejected")
    brand = api.get(f"/brands/{final['brand_id']}", walk.APPLICANT)
    assert brand["recognized_levels"] == ["county"]
    assert api.get("/tasks", "baoji.official")["items"] == []


@starting_at(steps.at_county_experts)
def test_an_objection_during_the_notice_sends_the_case_back_to_the_decision(world, client):
    api = Api(client)
    application, _intake = world.facts
    instance_id = application["instance_id"]
    walk.score(api, "county")
    walk.decide(api, "county")
    assert api.get(f"/instances/{instance_id}", "qishan.official")["next_timer_at"] is not None

    notice = api.only_task("qishan.official")
    assert notice["form_key"] == "notice"
    api.complete("qishan.official", notice["id"], {"objection": "有群众反映培训人数统计重复。", "objector": "匿名来信"})

    back = api.only_task("qishan.official")
    assert (back["form_key"], back["level"]) == ("level_decision", "county")
    assert api.get(f"/instances/{instance_id}", "qishan.official")["next_timer_at"] is None
    walk.decide(api, "county", decision="reject", comment="经核实，培训人数不实。")
    final = api.get(f"/applications/{application['id']}", walk.APPLICANT)
    assert (final["outcome"], final["recognized_levels"]) == ("rejected", [])


@starting_at(steps.at_county_experts)
def test_a_failed_expert_review_cannot_be_recognized(world, client):
    api = Api(client)
    application, _intake = world.facts
    walk.score(api, "county", walk.POOR_SCORES)
    task = api.only_task("qishan.official")
    assert task["form_key"] == "failed_review_decision"
    refused = api.complete("qishan.official", task["id"], {"decision": "recognize", "comment": "x"}, expect=422)
    assert "decision" in refused["field_errors"]
    api.complete("qishan.official", task["id"], {"decision": "reject", "comment": "平均分未达合格分。"})
    assert api.get(f"/applications/{application['id']}", walk.APPLICANT)["outcome"] == "rejected"
