"""专家评审组: the quorum a diagram sets (2 of 3 end the panel, the third expert's task leaves his inbox and
the scoring counts the two), an expert's conflict of interest (回避) and the official's replacement, who
may do neither, and the running total: scores for the officials, never for a fellow expert."""

from __future__ import annotations

from typing import Any

import pytest

from tests import walk
from tests.api_client import Api
from tests.desk import steps
from tests.web.browser_client import Browser
from tests.worlds import starting_at
from webapp import engine, taskforms
from webapp.config import PROJECT_ROOT
from webapp.db import session, transaction
from webapp.errors import ProcessDefinitionError
from webapp.notifications.queries import text_of

COUNTY = "qishan.official"
EXPERTS = ["qishan.expert1", "qishan.expert2", "qishan.expert3"]
FAIR_SCORES = {"employment_scale": 20, "skills_training": 20, "brand_building": 15, "influence": 10,
               "plan_support": 7, "opinion": "总体较好。"}
"""72 points; with walk.GOOD_SCORES (78) the mean is 75.0."""
CLOSE = b"</bpmn:multiInstanceLoopCharacteristics>"


def _with_condition(condition: str) -> dict[str, bytes]:
    files = engine.read_directory(PROJECT_ROOT / "workflows")
    element = (f'<bpmn:completionCondition xsi:type="bpmn:tFormalExpression">{condition}'
               f'</bpmn:completionCondition>').encode()
    files["level_review.bpmn"] = files["level_review.bpmn"].replace(CLOSE, element + CLOSE)
    return files


def _intake(api: Api, experts: list[str]) -> dict[str, Any]:
    task = api.only_task(COUNTY)
    return api.complete(COUNTY, task["id"], {"decision": "accept", "comment": "材料齐全，受理。",
                                             "experts": [walk.user_id(api, name) for name in experts]})


def _score(api: Api, expert: str, scores: dict[str, Any] = walk.GOOD_SCORES) -> dict[str, Any]:
    return api.complete(expert, api.only_task(expert)["id"], {"expert_review": scores})


def _panel(api: Api, instance_id: int, user: str = COUNTY) -> dict[str, Any]:
    return api.get(f"/instances/{instance_id}/expert-panel", user)["panel"]


def _row(task_id: int) -> engine.HumanTask:
    session.remove()
    row = session.get(engine.HumanTask, task_id)
    assert row is not None
    return row


def test_a_quorum_of_two_of_three_ends_the_panel_and_the_decision_counts_the_two(client):
    with transaction():  # as `brandcert workflows deploy` and the designer deploy an edited diagram
        deployed = engine.deploy(_with_condition("len(expert_reviews) &gt;= 2"), form_exists=taskforms.catalog().exists)
    assert {d.key for d in deployed} == {"level_review", "recommendation"}
    api = Api(client)
    case = steps.at_county(api)
    _intake(api, EXPERTS)
    third = api.only_task(EXPERTS[2])["id"]
    assert _panel(api, case["instance_id"])["required"] == 2

    _score(api, EXPERTS[0])
    assert api.only_task(EXPERTS[2])["id"] == third  # one finished: the panel goes on
    answer = _score(api, EXPERTS[1], FAIR_SCORES)

    assert api.get("/tasks", EXPERTS[2])["items"] == [] and _row(third).status == engine.TaskStatus.CANCELLED
    assert [t["bpmn_id"] for t in answer["next_tasks"]] == ["Task_decision"]
    decision = api.only_task(COUNTY)
    assert api.get(f"/tasks/{decision['id']}", COUNTY)["case"]["expert_mean"] == 75.0
    panel = _panel(api, case["instance_id"])
    assert (panel["asked"], panel["finished"], panel["required"], panel["mean"], panel["running"]) == \
        (3, 2, 2, 75.0, False)
    assert [s["state"] for s in panel["seats"]] == ["finished", "finished", "cancelled"]
    api.complete(EXPERTS[2], third, {"expert_review": walk.POOR_SCORES}, expect=409)


@starting_at(steps.at_county)
def test_by_default_every_expert_finishes_and_a_condition_the_panel_cannot_count_is_refused_at_deploy(world, client):
    api = Api(client)
    case = world.facts
    _intake(api, EXPERTS)
    assert _panel(api, case["instance_id"])["required"] == 3
    _score(api, EXPERTS[0])
    _score(api, EXPERTS[1])
    assert api.only_task(EXPERTS[2])["form_key"] == "expert_review"
    for condition, problem in (("expert_reviews &gt;= 2", "cannot be evaluated"),
                               ("len(expert_review) &gt;= 2", "never holds"),
                               ("len(reviews) &gt;= 2", "unknown variable 'reviews'")):
        with pytest.raises(ProcessDefinitionError) as refused:
            engine.parse(_with_condition(condition), form_exists=taskforms.catalog().exists)
        assert any("Task_expert_review: completion condition" in p and problem in p
                   for p in refused.value.problems), refused.value.problems
    engine.parse(_with_condition("len(expert_reviews) * 3 &gt;= len(experts) * 2"),
                 form_exists=taskforms.catalog().exists)


@starting_at(steps.at_county)
def test_an_expert_withdraws_and_the_county_official_names_a_replacement_who_scores(world, app, client):
    api = Api(client)
    case = world.facts
    _intake(api, EXPERTS[:2])
    seat = api.only_task(EXPERTS[0])["id"]
    expert = Browser(app)
    expert.login(EXPERTS[0])
    page = Browser.text(expert.get(f"/tasks/{seat}"))
    assert "data-decline-form" in page and 'id="experts"' in page
    done = expert.post(f"/tasks/{seat}/decline", {"reason": "本人曾为该协会提供咨询服务。"})
    assert done.status_code == 302 and done.headers["Location"].endswith("/inbox")

    assert api.get("/tasks", EXPERTS[0])["items"] == []
    for user, status in ((EXPERTS[0], 403), (EXPERTS[2], 403), (COUNTY, 403)):
        api.complete(user, seat, {"expert_review": walk.GOOD_SCORES}, expect=status)
    told = steps.told("expert_declined")
    assert [username for username, _m in told] == [COUNTY]
    assert "本人曾为该协会提供咨询服务。" in text_of(told[0][1], "zh") and told[0][1].link == f"/tasks/{seat}"
    panel = _panel(api, case["instance_id"])
    assert (panel["declined"], panel["awaiting_replacement"]) == (1, 1)
    assert [p["username"] for p in panel["candidates"]] == [EXPERTS[2]]

    official = Browser(app)
    official.login(COUNTY)
    page = Browser.text(official.get(f"/tasks/{seat}"))
    assert f'action="/tasks/{seat}/replacement"' in page
    replaced = official.post(f"/tasks/{seat}/replacement", {"expert": walk.user_id(api, EXPERTS[2]),
                                                            "next": f"/tasks/{seat}"})
    assert replaced.status_code == 302
    arrived = [m for username, m in steps.told("task_arrived") if username == EXPERTS[2]]
    assert [m.link for m in arrived] == [f"/tasks/{seat}"]
    assert api.only_task(EXPERTS[2])["id"] == seat
    _score(api, EXPERTS[2], FAIR_SCORES)
    _score(api, EXPERTS[1])
    assert api.only_task(COUNTY)["bpmn_id"] == "Task_decision"

    declined = steps.events(case["instance_id"], "expert_declined")
    assert [(e.actor_name, e.data["reason"]) for e in declined] == [("岐山县评审专家1", "本人曾为该协会提供咨询服务。")]
    named = steps.events(case["instance_id"], "expert_replaced")
    assert [(e.role, e.data) for e in named] == [("official", {"expert": "岐山县评审专家3",
                                                               "instead_of": "岐山县评审专家1"})]
    panel = _panel(api, case["instance_id"])
    first = panel["seats"][0]
    assert (first["state"], first["expert"], first["declined"], first["total"]) == \
        ("finished", "岐山县评审专家3", ["岐山县评审专家1"], 72)
    assert panel["mean"] == 75.0


@starting_at(steps.at_county)
def test_who_may_not_withdraw_or_name_a_replacement(world, client):
    api = Api(client)
    case = world.facts
    _intake(api, EXPERTS[:2])
    seat = api.only_task(EXPERTS[0])["id"]
    other_seat = api.only_task(EXPERTS[1])["id"]
    reason = {"reason": "亲属在该单位任职。"}
    api.post(f"/tasks/{seat}/decline", EXPERTS[1], reason, expect=403)  # another expert of the panel
    api.post(f"/tasks/{seat}/decline", COUNTY, reason, expect=403)
    api.post(f"/tasks/{seat}/decline", EXPERTS[0], {"reason": "  "}, expect=422)
    api.post(f"/tasks/{seat}/replacement", COUNTY, {"expert_id": walk.user_id(api, EXPERTS[2])}, expect=409)
    assert _row(seat).assignee_id == walk.user_id(api, EXPERTS[0])

    answer = api.post(f"/tasks/{seat}/decline", EXPERTS[0], reason)
    assert answer["awaiting_replacement"] and [p["username"] for p in answer["told"]] == [COUNTY]
    api.post(f"/tasks/{seat}/decline", EXPERTS[0], reason, expect=403)  # it waits for a replacement now
    third = {"expert_id": walk.user_id(api, EXPERTS[2])}
    for outsider in ("meixian.official", "baoji.official", EXPERTS[1], "shaanxi.auditor"):
        api.post(f"/tasks/{seat}/replacement", outsider, third, expect=403)
    for taken in (EXPERTS[1], EXPERTS[0], "baoji.expert1", COUNTY):
        refused = api.post(f"/tasks/{seat}/replacement", COUNTY, {"expert_id": walk.user_id(api, taken)}, expect=422)
        assert refused["field_errors"]["expert"], refused
    api.post(f"/tasks/{other_seat}/replacement", COUNTY, third, expect=409)  # its expert did not withdraw
    assert _row(seat).assignee_id is None
    assert len(steps.events(case["instance_id"], "expert_replaced")) == 0

    answer = api.post(f"/tasks/{seat}/replacement", COUNTY, third)
    assert answer["expert"]["username"] == EXPERTS[2] and answer["panel"]["awaiting_replacement"] == 0
    api.post(f"/tasks/{seat}/replacement", COUNTY, third, expect=409)


@starting_at(steps.at_county)
def test_the_running_total_shows_scores_to_the_official_and_hides_them_from_a_fellow_expert(world, app, client):
    api = Api(client)
    case = world.facts
    intake = _intake(api, EXPERTS[:2])["task"]["id"]
    _score(api, EXPERTS[0])
    waiting = api.only_task(EXPERTS[1])["id"]

    official = Browser(app)
    official.login(COUNTY)
    page = Browser.text(official.get(f"/tasks/{intake}"))
    assert 'data-finished="1"' in page and 'data-required="2"' in page and 'data-mean="78.0"' in page
    assert "data-total>78<" in page
    fellow = Browser(app)
    fellow.login(EXPERTS[1])
    page = Browser.text(fellow.get(f"/tasks/{waiting}"))
    assert 'data-finished="1"' in page and "data-mean" not in page and "data-total" not in page
    assert "data-decline-form" in page and "/replacement" not in page

    hidden = _panel(api, case["instance_id"], EXPERTS[1])
    assert (hidden["scores_shown"], hidden["mean"]) == (False, None)
    assert [s["total"] for s in hidden["seats"]] == [None, None]
    api.get(f"/instances/{case['instance_id']}/expert-panel", EXPERTS[2], expect=403)  # not on the panel
    api.get(f"/instances/{case['instance_id']}/expert-panel", walk.APPLICANT, expect=403)
    shown = _panel(api, case["instance_id"], "shaanxi.auditor")
    assert (shown["mean"], [s["total"] for s in shown["seats"]]) == (78.0, [78, None])

    _score(api, EXPERTS[1], FAIR_SCORES)
    decision = api.only_task(COUNTY)["id"]
    page = Browser.text(official.get(f"/tasks/{decision}"))
    assert 'data-finished="2"' in page and 'data-mean="75.0"' in page and "data-decline-form" not in page
