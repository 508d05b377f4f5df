"""Try this version: a synthetic case runs through the edited diagram with the decisions chosen and
nothing is written; the path names levels, forms and due dates; a loop is cut; rehearsals kept as
scenarios are run again at each deploy, which says which take another path now."""

from __future__ import annotations

import time
from typing import Any

import pytest
from sqlalchemy import func, select

from tests.api.test_levels_from_diagram import with_township_review
from tests.security.test_csrf_sessions import snapshot
from tests.web.browser_client import Browser
from webapp import engine
from webapp.audit.models import AdminAction, AdminEvent
from webapp.cli import cli
from webapp.config import PROJECT_ROOT
from webapp.db import session
from webapp.designer import rehearsal
from webapp.designer.models import RehearsalScenario
from webapp.engine.rehearsal import MAX_STEPS

RECOMMENDATION = (PROJECT_ROOT / "workflows" / "recommendation.bpmn").read_text(encoding="utf-8")
TOWNSHIP = with_township_review(RECOMMENDATION.encode()).decode()
QIXING_VILLAGE = "610323101900"  # 岐星村, under 蔡家坡镇 610323101, 岐山县 610323
MEIXIAN = "610326"  # 眉县: a county, so no township lies on its path
COUNTY_KEEPS = {"Task_village_endorse": "forward", "county:Task_intake": "accept",
                "county:Task_decision": "recognize", "county:Task_recommend": "keep"}


@pytest.fixture
def designer(app) -> Browser:
    browser = Browser(app)
    browser.login("admin")
    return browser


def post(browser: Browser, path: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    response = browser.client.post(path, json=body, headers={"X-CSRFToken": browser.token})
    assert response.mimetype == "application/json", response.get_data(as_text=True)[:300]
    return response.status_code, response.get_json()


def rehearse(browser: Browser, xml: str, region: str, choices: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    return post(browser, "/admin/files/recommendation.bpmn/rehearse",
                {"xml": xml, "region": region, "choices": choices})


def test_the_recommendation_rehearsed_ends_at_the_county_and_writes_nothing(designer):
    before = snapshot()
    status, answer = rehearse(designer, RECOMMENDATION, QIXING_VILLAGE, COUNTY_KEEPS)
    assert status == 200 and answer["ok"], answer
    assert snapshot() == before  # no instance, no task, no audit or administration event, nothing

    steps = [(s["level"], s["name"], s["form_key"], s["decision"]) for s in answer["steps"]]
    assert steps == [("村（社区）", "村级推荐意见", "endorsement", "forward"),
                     ("县级", "受理审核", "intake_review", "accept"),
                     ("县级", "专家评审打分", "expert_review", None),
                     ("县级", "认定决定", "level_decision", "recognize"),
                     ("县级", "公示期满", None, None),
                     ("县级", "是否向上推荐", "recommend_upward", "keep")]
    village, intake, experts, decision, notice, recommend = answer["steps"]
    assert (village["region"], intake["region"], experts["count"]) == ("岐星村", "岐山县", 3)
    assert village["decision_label"] == "同意推荐" and recommend["decision_label"] == "本级认定，不再上报"
    assert (village["working_days"], decision["working_days"], notice["kind"]) == (10, 5, "timer")
    # each step is taken to use all its time: the next arrives on the previous one's due date
    assert intake["arrived"] == village["due"] and notice["arrived"] == decision["due"]
    assert village["due"] < intake["due"] < experts["due"] < decision["due"] < recommend["due"]
    assert (answer["stopped"], answer["outcome"], answer["recognized_at"]) == ("finished", "recognized", ["县级"])
    assert "EndEvent_county_kept" in answer["elements"] and "Task_township_review" not in answer["elements"]
    assert {"Flow_submitted", "Flow_to_county", "Flow_county_keep"} <= set(answer["flows"])
    assert "Flow_to_city" not in answer["flows"]
    offered = {d["key"]: [o["value"] for o in d["options"]] for d in answer["decisions"]}
    assert offered["county:Task_decision"] == ["recognize", "return", "reject"]
    assert offered["city:Task_decision"] == offered["county:Task_decision"]
    assert offered["county:Task_notice"] == ["done", "wait"]


def test_a_township_diagram_passes_through_the_township_and_waits_for_its_decision(designer):
    status, answer = rehearse(designer, TOWNSHIP, QIXING_VILLAGE, COUNTY_KEEPS)
    assert status == 200 and answer["stopped"] == "waiting" and answer["waiting_at"] == "Task_township_review"
    assert "乡镇审核" in answer["message"] and "Task_township_review" in answer["message"]
    assert answer["waiting_element"] == "Task_township_review" and "Task_township_review" in answer["elements"]

    status, answer = rehearse(designer, TOWNSHIP, QIXING_VILLAGE, {**COUNTY_KEEPS, "Task_township_review": "forward"})
    levels = [(s["level"], s["name"], s["region"]) for s in answer["steps"]][:3]
    assert levels == [("村（社区）", "村级推荐意见", "岐星村"), ("乡镇（街道）", "乡镇审核", "蔡家坡镇"),
                      ("县级", "受理审核", "岐山县")]
    assert answer["outcome"] == "recognized" and "Flow_township_done" in answer["flows"]

    # the recipe wires the township's "return" nowhere: the rehearsal shows the case going on to the county
    _, returned = rehearse(designer, TOWNSHIP, QIXING_VILLAGE, {**COUNTY_KEEPS, "Task_township_review": "return"})
    assert [s["name"] for s in returned["steps"]][1:3] == ["乡镇审核", "受理审核"]

    # a case based at a county has no township on its path: nobody would receive the township's task
    _, county = rehearse(designer, TOWNSHIP, MEIXIAN, {**COUNTY_KEEPS, "Task_township_review": "forward"})
    township = next(s for s in county["steps"] if s["name"] == "乡镇审核")
    assert township["unreachable"] and township["region"] is None


def test_a_loop_is_cut_with_a_clear_message(designer):
    started = time.monotonic()
    status, answer = rehearse(designer, RECOMMENDATION, QIXING_VILLAGE, {"Task_village_endorse": "return"})
    assert status == 200 and answer["stopped"] == "cut" and len(answer["steps"]) == MAX_STEPS
    assert "loop" in answer["message"] or "循环" in answer["message"]
    assert time.monotonic() - started < 30
    # a list is taken in order, its last decision repeating: returned once, then forwarded
    _, answer = rehearse(designer, RECOMMENDATION, QIXING_VILLAGE,
                         {**COUNTY_KEEPS, "Task_village_endorse": ["return", "forward"]})
    assert [s["name"] for s in answer["steps"]][:4] == ["村级推荐意见", "修改申报（村级退回）", "村级推荐意见",
                                                         "受理审核"]
    assert answer["outcome"] == "recognized"


def test_a_diagram_that_cannot_go_on_stops_the_rehearsal_with_the_reason(designer):
    computed = RECOMMENDATION.replace('camunda:dueDate="${working_days(10)}"',
                                      'camunda:dueDate="${working_days(practitioners * 1000)}"', 1)
    status, answer = rehearse(designer, computed, QIXING_VILLAGE, COUNTY_KEEPS)
    assert status == 200 and answer["stopped"] == "error" and "working_days() counts 0 to 3650" in answer["message"]


def test_refusals_name_the_problem_and_nothing_is_saved(designer):
    before = snapshot()
    status, answer = rehearse(designer, RECOMMENDATION, "999999", COUNTY_KEEPS)
    assert status == 422 and answer["fields"] == ["region"] and any("999999" in p for p in answer["problems"])
    status, answer = rehearse(designer, RECOMMENDATION, QIXING_VILLAGE, {"Task_village_endorse": "maybe"})
    assert status == 422 and answer["fields"] == ["choices"]
    assert any("村级推荐意见" in p and "forward" in p for p in answer["problems"])
    status, answer = rehearse(designer, RECOMMENDATION, QIXING_VILLAGE, {"Task_nowhere": "forward"})
    assert status == 422 and any("Task_nowhere" in p for p in answer["problems"])
    broken = RECOMMENDATION.replace('camunda:formKey="endorsement"', 'camunda:formKey="nope"', 1)
    status, answer = rehearse(designer, broken, QIXING_VILLAGE, {})
    assert status == 422 and any("nope" in p and "Task_village_endorse" in p for p in answer["problems"])
    for body in ({"xml": RECOMMENDATION, "name": " ", "region": QIXING_VILLAGE, "choices": {}},
                 {"xml": RECOMMENDATION, "name": "x", "region": "nowhere", "choices": {}},
                 {"xml": RECOMMENDATION, "name": "x", "region": QIXING_VILLAGE, "choices": {"Task_intake": "x"}}):
        status, answer = post(designer, "/admin/files/recommendation.bpmn/scenarios", body)
        assert status == 422 and answer["problems"], body
    assert snapshot() == before


def test_a_saved_scenario_is_run_again_at_deploy_which_says_it_changed_path(designer):
    status, answer = post(designer, "/admin/files/recommendation.bpmn/scenarios",
                          {"xml": RECOMMENDATION, "name": "县级认定不上报", "region": QIXING_VILLAGE,
                           "choices": COUNTY_KEEPS})
    assert status == 200 and [s["name"] for s in answer["scenarios"]] == ["县级认定不上报"]
    listed = designer.client.get("/admin/files/recommendation.bpmn/scenarios").get_json()["scenarios"]
    assert listed[0]["region_path"] == ["610000", "610300", "610323", "610323101", QIXING_VILLAGE]
    assert listed[0]["path"][0] == "村级推荐意见: 同意推荐"
    assert _trail(AdminAction.SCENARIO_SAVED) == ["recommendation: 县级认定不上报"]

    status, answer = post(designer, "/admin/files/recommendation.bpmn/deploy",
                          {"xml": TOWNSHIP, "confirm_gaps": True, "reason": "演练：乡镇审核"})
    assert status == 200 and [d["version"] for d in answer["deployed"]] == [2], answer
    [check] = answer["scenarios"]
    assert (check["name"], check["changed"]) == ("县级认定不上报", True)
    assert "是否向上推荐: 本级认定，不再上报" in check["before"] and "乡镇审核" in check["after"][-1]

    # a change of wording only: the same path
    reworded = TOWNSHIP.replace('value="Village endorsement"', 'value="Endorsement by the village"')
    status, answer = post(designer, "/admin/files/recommendation.bpmn/deploy",
                          {"xml": reworded, "confirm_gaps": True, "reason": "演练：改英文名"})
    assert status == 200 and [(c["name"], c["changed"]) for c in answer["scenarios"]] == [("县级认定不上报", False)]

    scenario_id = listed[0]["id"]
    status, answer = post(designer, f"/admin/scenarios/{scenario_id}/delete", {})
    assert status == 200 and session.scalar(select(func.count()).select_from(RehearsalScenario)) == 0
    assert _trail(AdminAction.SCENARIO_DELETED) == ["recommendation: 县级认定不上报"]
    session.remove()


def test_the_command_line_deploy_shows_the_scenarios(designer, runner, tmp_path):
    post(designer, "/admin/files/recommendation.bpmn/scenarios",
         {"xml": RECOMMENDATION, "name": "县级认定不上报", "region": QIXING_VILLAGE, "choices": COUNTY_KEEPS})
    session.remove()
    path = tmp_path / "recommendation.bpmn"
    path.write_text(TOWNSHIP, encoding="utf-8")
    result = runner.invoke(cli, ["workflows", "deploy", str(path), "--accept-gaps", "演练"])
    assert result.exit_code == 0, result.output
    assert "scenario recommendation / 县级认定不上报: CHANGED PATH" in result.output
    assert "before:" in result.output and "after:" in result.output


def test_the_deployed_version_is_rehearsed_like_an_edited_one(app):
    with app.app_context():
        deployed = rehearsal.Version(**{k: getattr(engine.latest("recommendation"), k)
                                        for k in ("key", "name", "spec_json", "start_form_key")},
                                     files=dict(engine.latest("recommendation").sources))
        tried = rehearsal.try_version(deployed, QIXING_VILLAGE, COUNTY_KEEPS)
        assert tried.result.end_outcome == "recognized" and tried.result.steps[-1].decision == "keep"
        session.remove()


def test_the_editor_page_offers_the_rehearsal_and_the_region_picker_goes_down_a_level(designer):
    page = designer.get("/admin/editor/recommendation.bpmn").get_data(as_text=True)
    assert 'id="rehearsal"' in page and "js/rehearsal.js" in page
    provinces = designer.client.get("/admin/rehearsal/regions").get_json()["regions"]
    assert {"code": "610000", "name": "陕西省", "level": "province"} in provinces
    townships = designer.client.get("/admin/rehearsal/regions?within=610323").get_json()["regions"]
    assert "蔡家坡镇" in [r["name"] for r in townships]


def _trail(action: AdminAction) -> list[str]:
    subjects = list(session.scalars(select(AdminEvent.subject).where(AdminEvent.action == action)))
    session.remove()
    return subjects
