"""催办: the level above, or the case's own unit, urges the people a waiting case waits for; once a working
day per case and person; recorded in the trail; everyone else is refused and nothing is sent."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from tests import walk
from tests.api_client import Api
from tests.desk import steps
from tests.web.browser_client import Browser
from tests.worlds import starting_at
from webapp import clock
from webapp.auth.models import User
from webapp.db import session, transaction
from webapp.notifications.models import Urge
from webapp.notifications.queries import text_of

CITY = "baoji.official"
COUNTY = "qishan.official"


def _urge(api: Api, instance_id: int, user: str, expect: int = 201) -> dict:
    return api.post(f"/instances/{instance_id}/urge", user, expect=expect)


@starting_at(steps.at_county)
def test_the_city_urges_a_case_waiting_at_the_county_and_the_county_is_told(world, client):
    api = Api(client)
    case = world.facts
    task = api.only_task(COUNTY)
    answer = _urge(api, case["instance_id"], CITY)
    assert (answer["day"], answer["task_ids"]) == ("2026-05-11", [task["id"]])
    assert [person["username"] for person in answer["told"]] == [COUNTY]

    ((username, message),) = steps.told("urged")
    assert (username, message.link, message.task_id) == (COUNTY, f"/tasks/{task['id']}", task["id"])
    assert text_of(message, "en") == ("宝鸡市人力资源和社会保障局（经办人） urges you to act on Intake review "
                                      "for 岐山臊子面师, waiting since 2026-05-11 (due " + message.params["due"] + ").")
    (event,) = steps.events(case["instance_id"], "urged")
    assert (event.actor_name, event.role, event.region_code, event.lane) == (
        "宝鸡市人力资源和社会保障局（经办人）", "official", "610300", "county")
    assert event.data == {"told": ["岐山县人力资源和社会保障局（经办人）"]}
    trail = api.get(f"/instances/{case['instance_id']}/events", "shaanxi.auditor")["items"]
    assert trail[-1]["action"] == "urged"


@starting_at(steps.at_county)
def test_once_a_working_day_per_case_and_person(world, client):
    api = Api(client)
    case = world.facts
    _urge(api, case["instance_id"], CITY)
    again = _urge(api, case["instance_id"], CITY, expect=409)
    assert again["error"] == "conflict" and "already urged this case for 2026-05-11" in again["message"]
    _urge(api, case["instance_id"], "shaanxi.official")  # another person has their own day
    assert [u for u, _m in steps.told("urged")] == [COUNTY, COUNTY]

    clock.advance(timedelta(days=1))  # Tuesday: the next working day
    assert _urge(api, case["instance_id"], CITY)["day"] == "2026-05-12"
    assert steps.count(Urge) == 3 and len(steps.events(case["instance_id"], "urged")) == 3


@starting_at(steps.at_county)
def test_an_urge_on_a_day_off_counts_against_the_next_working_day(world, client):
    api = Api(client)
    case = world.facts
    clock.set_now(datetime.fromisoformat("2026-05-15T17:00:00+08:00"))  # Friday
    assert _urge(api, case["instance_id"], CITY)["day"] == "2026-05-15"
    clock.set_now(datetime.fromisoformat("2026-05-16T10:00:00+08:00"))  # Saturday: counts for Monday
    assert _urge(api, case["instance_id"], CITY)["day"] == "2026-05-18"
    clock.set_now(datetime.fromisoformat("2026-05-18T08:30:00+08:00"))  # Monday: already used
    assert "2026-05-18" in _urge(api, case["instance_id"], CITY, expect=409)["message"]


@starting_at(steps.at_county)
def test_the_creation_unit_urges_its_own_case(world, client):
    api = Api(client)
    case = world.facts
    answer = _urge(api, case["instance_id"], walk.APPLICANT)
    assert [person["username"] for person in answer["told"]] == [COUNTY]
    (event,) = steps.events(case["instance_id"], "urged")
    assert (event.role, event.region_code) == ("applicant", "610323")


@pytest.mark.parametrize("user", [COUNTY, "meixian.official", "shaanxi.auditor", "qishan.expert1",
                                  "sichuan.official", "hongcheng.unit", "qixing.official"])
@starting_at(steps.at_county)
def test_the_same_level_a_neighbour_an_auditor_an_expert_and_outsiders_may_not_urge(world, client, user):
    api = Api(client)
    case = world.facts
    refused = _urge(api, case["instance_id"], user, expect=403)
    assert refused["error"] == "forbidden" and refused["message"]
    assert "岐山" not in refused["message"]  # nothing about the case
    assert steps.told("urged") == [] and steps.count(Urge) == 0 and steps.events(case["instance_id"], "urged") == []


def test_a_case_returned_to_its_unit_is_urged_by_the_county_not_by_the_unit_itself(client):
    api = Api(client)
    case = walk.submit(api)
    walk.endorse(api, decision="return", comment="请补充材料。")
    own = _urge(api, case["instance_id"], walk.APPLICANT, expect=409)
    assert "your own unit" in own["message"]
    _urge(api, case["instance_id"], "qixing.official", expect=403)  # the village returned it: same level
    assert [person["username"] for person in _urge(api, case["instance_id"], COUNTY)["told"]] == [walk.APPLICANT]


@starting_at(steps.at_county)
def test_a_case_that_waits_for_nobody_or_does_not_exist(world, client):
    api = Api(client)
    case = world.facts
    walk.intake(api, "county", decision="reject", comment="不符合条件。")
    finished = _urge(api, case["instance_id"], CITY, expect=409)
    assert "not waiting for anyone" in finished["message"]
    _urge(api, case["instance_id"], "shaanxi.auditor", expect=403)  # who may never urge hears no more than that
    assert _urge(api, 999_999, CITY, expect=404)["error"] == "not_found"
    assert steps.count(Urge) == 0


@starting_at(steps.at_county)
def test_a_case_nobody_may_act_on_is_not_urged_and_the_day_stays_unused(world, client):
    api = Api(client)
    case = world.facts
    with transaction():
        session.scalars(select(User).where(User.username == COUNTY)).one().active = False
    session.remove()
    refused = _urge(api, case["instance_id"], CITY, expect=409)
    assert "Nobody may act on the waiting task" in refused["message"]
    assert steps.count(Urge) == 0 and steps.events(case["instance_id"], "urged") == []


@starting_at(steps.at_county)
def test_two_urges_at_once_tell_the_county_exactly_once(world, app, client):
    api = Api(client)
    case = world.facts
    token = api.token(CITY)
    barrier = threading.Barrier(2)
    statuses: list[int] = []

    def press() -> None:
        own = app.test_client()
        barrier.wait()
        response = own.post(f"/api/v1/instances/{case['instance_id']}/urge",
                            headers={"Authorization": f"Bearer {token}"})
        statuses.append(response.status_code)

    threads = [threading.Thread(target=press) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [201, 409]
    assert len(steps.told("urged")) == 1 and steps.count(Urge) == 1
    assert len(steps.events(case["instance_id"], "urged")) == 1


@starting_at(steps.at_county)
def test_the_urge_button_on_the_brand_and_application_pages(world, app):
    case = world.facts
    city = Browser(app)
    city.login(CITY)
    city.client.set_cookie("lang", "en")
    page = city.text(city.get(f"/brands/{case['brand_id']}"))
    assert f'data-urge="{case["instance_id"]}"' in page
    done = city.post(f"/cases/{case['instance_id']}/urge", {"next": f"/brands/{case['brand_id']}"},
                     follow_redirects=True)
    assert done.status_code == 200 and "Urged: sent to 岐山县人力资源和社会保障局（经办人）." in city.text(done)
    assert 'data-urged-for="2026-05-11"' in city.text(done) and "disabled" in city.text(done)
    again = city.post(f"/cases/{case['instance_id']}/urge", {"next": f"/brands/{case['brand_id']}"},
                      follow_redirects=True)
    assert again.status_code == 200 and "already urged this case" in city.text(again)
    assert len(steps.told("urged")) == 1

    unit = Browser(app)
    unit.login(walk.APPLICANT)
    assert f'data-urge="{case["instance_id"]}"' in unit.text(unit.get(f"/applications/{case['id']}"))
    county = Browser(app)
    county.login(COUNTY)  # the level the case waits at: no button, and a post is refused
    assert "data-urge=" not in county.text(county.get(f"/applications/{case['id']}"))
    assert county.post(f"/cases/{case['instance_id']}/urge", {}).status_code == 403
