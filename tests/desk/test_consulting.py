"""加签: the holder of a task asks colleagues on the case's path for their opinion; they are told, read the
case, answer once while the task waits, and the answers show on the task page and in the API. The task
never leaves its holder; whoever cannot act on it asks nobody, and nobody outside the case is asked."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from flask import render_template
from flask_login import login_user
from sqlalchemy import func, select

from tests import walk
from tests.api_client import Api
from tests.desk import steps
from tests.web.browser_client import Browser
from tests.web.pager import walk_list
from tests.worlds import World, starting_at
from webapp import engine
from webapp.auth.models import Substitution, User
from webapp.db import session, transaction
from webapp.desk import opinions
from webapp.notifications.queries import text_of
from webapp.review.models import Consultation

COUNTY = "qishan.official"
CITY = "baoji.official"
EXPERT = "qishan.expert1"
NEIGHBOUR = "meixian.official"
CITY_NAME, EXPERT_NAME = "宝鸡市人力资源和社会保障局（经办人）", "岐山县评审专家1"
QUESTION = "申报的年度培训人数是否与台账一致？"


def _intake(api: Api, world: World) -> tuple[dict[str, Any], int]:
    """The world's case, waiting for qishan.official's intake review (`steps.at_county`), and that task."""
    return world.facts, api.only_task(COUNTY, level="county")["id"]


def _ask(api: Api, task_id: int, user: str, usernames: Any, question: Any = QUESTION,
         expect: int = 201) -> dict[str, Any]:
    return api.post(f"/tasks/{task_id}/consultations", user, {"usernames": usernames, "question": question},
                    expect=expect)


def _answer(api: Api, consultation_id: int, user: str, opinion: Any, expect: int = 200) -> dict[str, Any]:
    return api.post(f"/consultations/{consultation_id}/opinion", user, {"opinion": opinion}, expect=expect)


def _rows() -> int:
    session.remove()
    return session.scalar(select(func.count()).select_from(Consultation)) or 0


def _ask_form(app: Any, username: str, task_id: int) -> str:
    """The ask form as the task page's holder area draws it for `username`."""
    with app.test_request_context("/"):
        user = session.scalars(select(User).where(User.username == username)).one()
        login_user(user)
        task = session.get(engine.HumanTask, task_id)
        return render_template("desk/_consult_ask.html", task=task, ask_offer=opinions.ask_offer(task, user),
                               page=None)


@starting_at(steps.at_county)
def test_the_holder_asks_two_people_who_are_told_read_the_case_and_answer(world, app, client):
    api = Api(client)
    case, task_id = _intake(api, world)
    api.get(f"/tasks/{task_id}", EXPERT, expect=403)  # an expert reads no case he was not picked for

    asked = _ask(api, task_id, COUNTY, [CITY, EXPERT, CITY])
    assert [(c["consultant"]["username"], c["state"], c["opinion"]) for c in asked["asked"]] == [
        (CITY, "waiting", None), (EXPERT, "waiting", None)]
    assert asked["already_asked"] == [] and asked["asked"][0]["asked_by"]["username"] == COUNTY
    to_city, to_expert = (c["id"] for c in asked["asked"])
    told = steps.told("opinion_asked")
    assert [(user, message.link) for user, message in told] == [
        (CITY, f"/consultations/{to_city}"), (EXPERT, f"/consultations/{to_expert}")]
    assert (f"asks your opinion on 岐山臊子面师 before deciding Intake review: {QUESTION}"
            in text_of(told[1][1], "en"))
    (event,) = steps.events(case["instance_id"], "opinion_asked")
    assert (event.actor_name, event.lane) == ("岐山县人力资源和社会保障局（经办人）", "county")
    assert event.data == {"told": [CITY_NAME, EXPERT_NAME], "question": QUESTION}

    seen = api.get(f"/tasks/{task_id}", EXPERT)  # invited: he reads the case, acts on nothing
    assert seen["may_act"] is False and seen["task"]["id"] == task_id
    api.get(f"/instances/{case['instance_id']}", EXPERT)
    api.post(f"/tasks/{task_id}/claim", EXPERT, expect=403)
    api.complete(EXPERT, task_id, {"decision": "accept", "comment": "越俎代庖"}, expect=403)
    api.complete(CITY, task_id, {"decision": "accept", "comment": "越俎代庖"}, expect=403)

    expert = Browser(app)
    expert.login(EXPERT)
    expert.client.set_cookie("lang", "en")
    inbox = expert.text(expert.get("/inbox"))
    assert 'id="opinions-asked"' in inbox and "Opinions asked of you (1)" in inbox
    listed = expert.text(expert.get("/consultations"))
    assert f'data-consultation="{to_expert}" data-state="waiting"' in listed and "岐山臊子面师" in listed
    page = expert.text(expert.get(f"/consultations/{to_expert}"))
    assert QUESTION in page and f'href="/tasks/{task_id}"' in page and 'name="opinion"' in page
    empty = expert.post(f"/consultations/{to_expert}/opinion", {"opinion": " "})
    assert empty.status_code == 422 and "between 2 and 2000 characters" in expert.text(empty)
    done = expert.post(f"/consultations/{to_expert}/opinion", {"opinion": "台账与申报一致，可受理。"},
                       follow_redirects=True)
    assert "Your opinion was sent." in expert.text(done) and "data-opinion-given" in expert.text(done)
    assert 'id="opinions-asked"' not in expert.text(expert.get("/inbox"))  # nothing waits for him now
    _answer(api, to_city, CITY, "建议补充社保缴纳记录。")

    (given_by_expert, given_by_city) = steps.events(case["instance_id"], "opinion_given")
    assert (given_by_expert.role, given_by_expert.region_code, given_by_expert.data) == (
        "expert", "610323", {"opinion": "台账与申报一致，可受理。"})
    assert (given_by_city.role, given_by_city.region_code, given_by_city.actor_name) == (
        "official", "610300", CITY_NAME)
    answers = steps.told("opinion_given")
    assert [(user, message.link) for user, message in answers] == [(COUNTY, f"/tasks/{task_id}")] * 2
    assert "gave an opinion on 岐山臊子面师 for Intake review" in text_of(answers[0][1], "en")

    listed = api.get(f"/tasks/{task_id}/consultations", COUNTY)["items"]
    assert [(c["consultant"]["username"], c["state"], c["opinion"]) for c in listed] == [
        (CITY, "answered", "建议补充社保缴纳记录。"), (EXPERT, "answered", "台账与申报一致，可受理。")]
    assert api.get(f"/tasks/{task_id}/consultations", "shaanxi.auditor")["items"] == listed
    api.get(f"/tasks/{task_id}/consultations", "sichuan.official", expect=403)
    api.get(f"/tasks/{task_id}/consultations", "qishan.expert2", expect=403)
    mine = api.get("/consultations", EXPERT)
    assert ([c["id"] for c in mine["items"]], mine["page"], mine["has_next"]) == ([to_expert], 1, False)

    holder = Browser(app)
    holder.login(COUNTY)
    shown = holder.text(holder.get(f"/tasks/{task_id}"))
    assert 'id="opinions"' in shown and "建议补充社保缴纳记录。" in shown and "台账与申报一致，可受理。" in shown
    assert "台账与申报一致，可受理。" in expert.text(expert.get(f"/tasks/{task_id}"))
    # The task stayed with its holder all along, and he decides.
    assert api.get(f"/tasks/{task_id}", COUNTY)["may_act"] is True
    walk.intake(api, "county")


@starting_at(steps.at_county)
def test_whoever_cannot_act_on_the_task_asks_nobody(world, client):
    api = Api(client)
    case, task_id = _intake(api, world)
    for user in (CITY, EXPERT, "shaanxi.auditor", walk.APPLICANT, NEIGHBOUR, "sichuan.official"):
        assert _ask(api, task_id, user, ["qishan.expert2"], expect=403)["error"] == "forbidden", user
    _ask(api, 999_999, COUNTY, [EXPERT], expect=404)
    walk.intake(api, "county")  # decided: nobody asks about it any more
    assert "no longer waiting for action" in _ask(api, task_id, COUNTY, [EXPERT], expect=409)["message"]
    assert _rows() == 0 and steps.told("opinion_asked") == []
    assert steps.events(case["instance_id"], "opinion_asked") == []


def test_a_creation_unit_is_offered_no_consultation_on_its_revision_and_asking_is_refused(app, client):
    api = Api(client)
    walk.submit(api)
    walk.endorse(api, decision="return", comment="请补充从业人员名册。")
    task_id = api.only_task(walk.APPLICANT)["id"]
    refused = _ask(api, task_id, walk.APPLICANT, [walk.VILLAGE], expect=403)
    assert refused["message"] == "A creation unit's own task is not one to ask opinions on."
    assert 'id="consult"' not in _ask_form(app, walk.APPLICANT, task_id)
    unit = Browser(app)
    unit.login(walk.APPLICANT)
    page = unit.text(unit.get(f"/tasks/{task_id}"))
    assert 'id="consult"' not in page and "加签" not in page and "征求意见" not in page
    assert unit.post(f"/tasks/{task_id}/consultations", [("usernames", walk.VILLAGE), ("question", QUESTION)]) \
        .status_code == 403
    assert _rows() == 0 and steps.told("opinion_asked") == []


@starting_at(steps.at_county)
def test_nobody_outside_the_case_is_asked_and_nothing_is_written(world, client):
    api = Api(client)
    case, task_id = _intake(api, world)
    for named in ([NEIGHBOUR], ["sichuan.official"], [EXPERT, "sichuan.official"], [walk.APPLICANT],
                  ["luding.expert1"]):
        refused = _ask(api, task_id, COUNTY, named, expect=422)
        assert refused["field_errors"]["usernames"] == [
            f"{named[-1]} is outside this case's jurisdiction: an opinion is asked only of people holding a role "
            "on the case's path or within your region."], named
    assert _ask(api, task_id, COUNTY, ["nobody.here"], expect=422)["field_errors"]["usernames"] == [
        "No user is named nobody.here."]
    assert "yourself" in str(_ask(api, task_id, COUNTY, [COUNTY], expect=422))
    for usernames, question in (([], QUESTION), ("qishan.expert1", QUESTION), ([""], QUESTION),
                                ([f"u{i}" for i in range(11)], QUESTION), ([EXPERT], ""), ([EXPERT], "问"),
                                ([EXPERT], "问" * 2001), ([EXPERT], None), (["x" * 61], QUESTION)):
        assert _ask(api, task_id, COUNTY, usernames, question, expect=422)["error"] == "invalid", usernames
    assert _rows() == 0 and steps.told("opinion_asked") == []
    assert steps.events(case["instance_id"], "opinion_asked") == []
    api.get(f"/tasks/{task_id}", NEIGHBOUR, expect=403)


@starting_at(steps.at_county)
def test_an_opinion_is_given_once_by_its_consultant_while_the_task_waits(world, client):
    api = Api(client)
    case, task_id = _intake(api, world)
    first = _ask(api, task_id, COUNTY, [EXPERT, CITY])["asked"]
    again = _ask(api, task_id, COUNTY, [CITY], expect=409)
    assert "already asked on this task" in again["message"]
    more = _ask(api, task_id, COUNTY, [CITY, "qishan.expert2"])
    assert ([c["consultant"]["username"] for c in more["asked"]], [p["username"] for p in more["already_asked"]]) \
        == (["qishan.expert2"], [CITY])
    to_expert, to_city = first[0]["id"], first[1]["id"]

    for user in (COUNTY, "qishan.expert2", "sichuan.official"):
        _answer(api, to_expert, user, "冒名意见。", expect=403)
    _answer(api, 999_999, EXPERT, "无此请求。", expect=404)
    _answer(api, to_expert, EXPERT, "", expect=422)
    given = _answer(api, to_expert, EXPERT, "同意受理。")
    assert (given["state"], given["opinion"], given["answered_at"] is not None) == ("answered", "同意受理。", True)
    assert "already gave" in _answer(api, to_expert, EXPERT, "改主意了。", expect=409)["message"]
    _ask(api, task_id, COUNTY, [EXPERT])  # answered: he may be asked a new question

    walk.intake(api, "county")
    late = _answer(api, to_city, CITY, "迟到的意见。", expect=409)
    assert "decided or closed meanwhile" in late["message"]
    states = {c["id"]: (c["state"], c["opinion"]) for c in api.get(f"/tasks/{task_id}/consultations", COUNTY)["items"]}
    assert states[to_expert] == ("answered", "同意受理。") and states[to_city] == ("closed", None)
    assert len(steps.events(case["instance_id"], "opinion_given")) == 1
    assert [user for user, _m in steps.told("opinion_given")] == [COUNTY]
    assert api.get(f"/tasks/{task_id}", CITY)["may_act"] is False  # he still reads the case he was asked about


@starting_at(steps.at_county)
def test_the_ask_form_offers_the_people_of_the_cases_regions_to_its_holder_only(world, app, client):
    api = Api(client)
    _case, task_id = _intake(api, world)
    form = _ask_form(app, COUNTY, task_id)
    assert 'id="consult"' in form and f'value="{CITY}"' in form and f'value="{EXPERT}"' in form
    assert 'value="shaanxi.official"' in form and 'value="qixing.official"' in form
    for outside in (COUNTY, NEIGHBOUR, "sichuan.official", "shaanxi.auditor", walk.APPLICANT):
        assert f'value="{outside}"' not in form, outside
    for other in (CITY, EXPERT, "sichuan.official"):
        assert 'id="consult"' not in _ask_form(app, other, task_id), other

    holder = Browser(app)
    holder.login(COUNTY)
    holder.client.set_cookie("lang", "en")
    holder.get(f"/tasks/{task_id}")
    done = holder.post(f"/tasks/{task_id}/consultations", [("usernames", CITY), ("usernames", EXPERT),
                                                          ("question", QUESTION)], follow_redirects=True)
    assert done.status_code == 200 and f"Opinion asked of {CITY_NAME}、{EXPERT_NAME}." in holder.text(done)
    assert holder.text(done).count('data-state="waiting"') == 2
    assert f'data-consultant="{EXPERT}" disabled' in _ask_form(app, COUNTY, task_id)
    outside = holder.post(f"/tasks/{task_id}/consultations", [("usernames", NEIGHBOUR), ("question", QUESTION)],
                          follow_redirects=True)
    assert "meixian.official is outside this case" in holder.text(outside) and _rows() == 2
    stranger = Browser(app)
    stranger.login("sichuan.official")
    assert stranger.post(f"/tasks/{task_id}/consultations", [("usernames", EXPERT), ("question", QUESTION)]) \
        .status_code == 403
    assert stranger.get("/consultations/1").status_code == 403 and _rows() == 2


@starting_at(steps.at_county)
def test_a_consultants_list_shows_a_page_at_a_time_and_the_pager_reaches_every_request(world, app, client):
    app.config["PAGE_SIZE"] = 5
    api = Api(client)
    case, task_id = _intake(api, world)
    ids = {name: walk.user_id(api, name) for name in (COUNTY, EXPERT)}
    with transaction():
        session.add_all([Consultation(task_id=task_id, instance_id=case["instance_id"], asked_by_id=ids[COUNTY],
                                      consultant_id=ids[EXPERT], question=f"问题{n}") for n in range(11)])
    first, third = api.get("/consultations", EXPERT), api.get("/consultations?page=3", EXPERT)
    assert (len(first["items"]), first["has_next"], len(third["items"]), third["has_next"]) == (5, True, 1, False)
    assert first["total"] == third["total"] == 11
    api.get("/consultations?page=x", EXPERT, expect=422)
    expert = Browser(app)
    expert.login(EXPERT)
    listed = walk_list(expert, "/consultations")
    assert listed.total == len(listed.rows) == 11
    assert sorted(re.search(r"问题(\d+)", row).group(1) for row in listed.rows) == sorted(str(n) for n in range(11))


@starting_at(steps.at_county)
def test_a_substitute_asks_for_the_holder_away_and_the_trail_says_so(world, client):
    api = Api(client)
    case, task_id = _intake(api, world)
    ids = {name: walk.user_id(api, name) for name in (COUNTY, "caijiapo.official")}
    with transaction():
        session.add(Substitution(principal_id=ids[COUNTY], substitute_id=ids["caijiapo.official"],
                                 starts_on=date(2026, 5, 11), ends_on=date(2026, 5, 15), reason="休假"))
    asked = _ask(api, task_id, "caijiapo.official", [EXPERT])
    assert asked["asked"][0]["asked_by"]["username"] == "caijiapo.official"
    (event,) = steps.events(case["instance_id"], "opinion_asked")
    assert event.data["on_behalf_of"] == {"id": ids[COUNTY], "name": "岐山县人力资源和社会保障局（经办人）"}
    _answer(api, asked["asked"][0]["id"], EXPERT, "可以受理。")
    assert [user for user, _m in steps.told("opinion_given")] == ["caijiapo.official"]
