"""抄送: the reviewer who made a decision copies it to named people or to a level's officials; they are
told and may read the case from then on, never act on it; a copy outside the case's jurisdiction, to an
unknown user, or by anyone but the reviewer is refused and saves nothing."""

from __future__ import annotations

from typing import Any

from tests import walk
from tests.api_client import Api
from tests.desk import steps
from tests.web.browser_client import Browser
from tests.worlds import World, starting_at
from webapp.notifications.models import CaseCopy
from webapp.notifications.queries import text_of

CITY = "baoji.official"
COUNTY = "qishan.official"
NEIGHBOUR = "meixian.official"
"""A county of the same city: outside a 岐山 case, inside the city's decisions."""


def _decision(world: World) -> tuple[dict[str, Any], int]:
    """The world's case and the intake task its reviewer accepted (`steps.at_city_experts`: baoji.official,
    `steps.at_county_experts`: qishan.official); the level's experts are scoring it."""
    case, intake = world.facts
    return case, intake["task"]["id"]


def _copy(api: Api, task_id: int, user: str, expect: int = 201, **body: Any) -> dict[str, Any]:
    return api.post(f"/tasks/{task_id}/copies", user, body, expect=expect)


def _reads(api: Api, case: dict[str, Any], user: str) -> list[int]:
    """What `user` gets from the case (its state and tasks) and from its trail."""
    instance = case["instance_id"]
    paths = (f"/instances/{instance}", f"/instances/{instance}/events")
    return [api.call("GET", path, user).status_code for path in paths]


@starting_at(steps.at_city_experts)
def test_a_copy_to_a_named_user_and_a_levels_officials_tells_them_and_lets_them_read(world, app, client):
    api = Api(client)
    case, decision = _decision(world)
    neighbour = Browser(app)
    neighbour.login(NEIGHBOUR)
    assert neighbour.get(f"/brands/{case['brand_id']}/history").status_code == 403
    assert _reads(api, case, NEIGHBOUR) == [403, 403]

    answer = _copy(api, decision, CITY, usernames=[NEIGHBOUR], level="province")
    assert sorted(p["username"] for p in answer["copied_to"]) == [NEIGHBOUR, "shaanxi.official"]
    copies = steps.told("copied")
    assert sorted(username for username, _m in copies) == [NEIGHBOUR, "shaanxi.official"]
    message = copies[0][1]
    assert message.link == f"/brands/{case['brand_id']}/history" and message.task_id == decision
    assert "copied to you the decision on 岐山臊子面师: Intake review" in text_of(message, "en")
    assert "材料齐全，受理。" in text_of(message, "zh")
    (event,) = steps.events(case["instance_id"], "copied")
    assert (event.actor_name, event.lane, event.task_name) == (
        "宝鸡市人力资源和社会保障局（经办人）", "city", "受理审核")
    assert event.data == {"recipients": ["陕西省人力资源和社会保障厅（经办人）", "眉县人力资源和社会保障局（经办人）"],
                          "level": "province"}

    history = neighbour.get(f"/brands/{case['brand_id']}/history")
    assert history.status_code == 200 and "data-copied-only" in neighbour.text(history)
    assert "tl-copied" in neighbour.text(history)  # the copy itself is in the trail they read
    assert neighbour.get(f"/cases/{case['instance_id']}/diagram").status_code == 200
    assert _reads(api, case, NEIGHBOUR) == [200, 200]
    assert api.get(f"/tasks/{decision}", NEIGHBOUR)["may_act"] is False
    assert neighbour.get(f"/brands/{case['brand_id']}").status_code == 403  # the case, not the brand's records


@starting_at(steps.at_county_experts)
def test_a_recipient_reads_but_never_acts(world, client):
    api = Api(client)
    case, decision = _decision(world)
    _copy(api, decision, COUNTY, usernames=["qishan.expert3", "qishan.inspector"])
    scoring = api.get(f"/instances/{case['instance_id']}", "qishan.inspector")["current_tasks"]
    assert len(scoring) == 2
    for reader in ("qishan.expert3", "qishan.inspector"):
        assert _reads(api, case, reader) == [200, 200]
        for task in scoring:
            assert api.get(f"/tasks/{task['id']}", reader)["may_act"] is False
            api.post(f"/tasks/{task['id']}/claim", reader, expect=403)
            api.complete(reader, task["id"], {"expert_review": walk.GOOD_SCORES}, expect=403)
    assert api.get(f"/instances/{case['instance_id']}", "qishan.inspector")["current_tasks"] == scoring


@starting_at(steps.at_county_experts)
def test_a_copy_outside_the_jurisdiction_is_refused_by_name_and_saves_nothing(world, client):
    api = Api(client)
    case, decision = _decision(world)
    for named in (["sichuan.official"], ["qishan.expert3", "sichuan.official"], [NEIGHBOUR], ["hongcheng.unit"],
                  [walk.APPLICANT], ["luding.expert1"]):
        refused = _copy(api, decision, COUNTY, expect=422, usernames=named)
        assert refused["field_errors"]["usernames"] == [
            f"{named[-1]} is outside this case's jurisdiction: a decision is copied only to people holding a role "
            "on the case's path or within your region."], named
    assert steps.count(CaseCopy) == 0 and steps.told("copied") == []
    assert steps.events(case["instance_id"], "copied") == []
    assert _reads(api, case, "qishan.expert3") == [403, 403]  # an expert not picked reads nothing of the case


@starting_at(steps.at_county_experts)
def test_unknown_users_bad_levels_and_empty_requests_get_a_message(world, client):
    api = Api(client)
    _case, decision = _decision(world)
    unknown = _copy(api, decision, COUNTY, expect=422, usernames=["nobody.here"])
    assert unknown["field_errors"]["usernames"] == ["No user is named nobody.here."]
    assert "galaxy" in _copy(api, decision, COUNTY, expect=422, level="galaxy")["field_errors"]["level"][0]
    for body in ({}, {"usernames": []}, {"usernames": "qishan.expert3"}, {"usernames": [""]}, {"level": ""},
                 {"usernames": ["x" * 61]}, {"usernames": [f"u{i}" for i in range(51)]}, {"level": 3}):
        assert _copy(api, decision, COUNTY, expect=422, **body)["error"] == "invalid", body
    assert "other than yourself" in str(_copy(api, decision, COUNTY, expect=422, usernames=[COUNTY]))
    assert steps.count(CaseCopy) == 0


@starting_at(steps.at_county_experts)
def test_only_the_reviewer_who_decided_may_copy_and_only_once_per_person(world, client):
    api = Api(client)
    case, decision = _decision(world)
    for user in ("baoji.official", "qishan.expert1", "shaanxi.auditor", walk.APPLICANT, "sichuan.official"):
        refused = _copy(api, decision, user, expect=403, usernames=["qishan.expert3"])
        assert "Only the reviewer who completed" in refused["message"]
    scoring = api.only_task("qishan.expert1")  # not decided yet
    _copy(api, scoring["id"], "qishan.expert1", expect=403, usernames=["qishan.expert3"])
    _copy(api, 999_999, COUNTY, expect=404, usernames=["qishan.expert3"])
    _copy(api, decision, COUNTY, usernames=["qishan.expert3"])
    again = _copy(api, decision, COUNTY, expect=409, usernames=["qishan.expert3"])
    assert "already copied" in again["message"]
    more = _copy(api, decision, COUNTY, usernames=["qishan.expert3", "qishan.inspector"])
    assert ([p["username"] for p in more["copied_to"]], [p["username"] for p in more["already_copied"]]) == (
        ["qishan.inspector"], ["qishan.expert3"])
    assert [username for username, _m in steps.told("copied")] == ["qishan.expert3", "qishan.inspector"]
    assert len(steps.events(case["instance_id"], "copied")) == 2


@starting_at(steps.at_city_experts)
def test_the_copy_form_on_the_task_page_of_ones_own_decision(world, app):
    case, decision = _decision(world)
    city = Browser(app)
    city.login(CITY)
    city.client.set_cookie("lang", "en")
    page = city.text(city.get(f"/tasks/{decision}"))
    assert 'id="copy"' in page and 'value="province"' in page
    assert f"/tasks/{decision}#copy" in city.text(city.get(f"/applications/{case['id']}"))
    done = city.post(f"/tasks/{decision}/copies", {"usernames": f"{NEIGHBOUR}，baoji.expert3", "level": ""},
                     follow_redirects=True)
    assert done.status_code == 200 and "Copied to 眉县人力资源和社会保障局（经办人）、" in city.text(done)
    assert "data-copied-to" in city.text(done)
    outside = city.post(f"/tasks/{decision}/copies", {"usernames": "sichuan.official"}, follow_redirects=True)
    assert outside.status_code == 200 and "sichuan.official is outside this case" in city.text(outside)

    other = Browser(app)
    other.login("shaanxi.official")
    assert 'id="copy"' not in other.text(other.get(f"/tasks/{decision}"))
    assert other.post(f"/tasks/{decision}/copies", {"usernames": NEIGHBOUR}).status_code == 403
    assert steps.count(CaseCopy) == 2
