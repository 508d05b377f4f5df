"""代理: a person away names a colleague who acts on his tasks (also those assigned to him by name) during
a period; the substitute sees them marked "for X", the trail records "Y for X"; outside the period he
cannot. Only the person himself or an administrator of his region sets or cancels it; a substitute who
could not act, an overlap or bad dates are refused and change nothing. Deactivating someone releases his
claimed and assigned tasks and says which."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select

from tests import walk
from tests.api_client import Api
from tests.desk import steps
from tests.factories import make_admin, make_user
from tests.web.browser_client import Browser
from tests.web.shown_text import problems
from tests.worlds import starting_at
from webapp import clock
from webapp.audit.models import AdminEvent
from webapp.auth.models import Substitution, User
from webapp.db import session
from webapp.demo.data import PASSWORD
from webapp.engine import HumanTask
from webapp.notifications.models import Message
from webapp.notifications.queries import text_of
from webapp.people.services import create_user

COUNTY = "qishan.official"
COLLEAGUE = "qishan.official2"
TODAY = date(2026, 5, 11)  # the pinned clock's China date
OFFICE = "岐山县人力资源和社会保障局（经办人）"


def _colleague(username: str = COLLEAGUE, role: str = "official", code: str = "610323") -> int:
    return make_user(username, role, code).id


def _period(start: int = 0, end: int = 6, **extra: Any) -> dict[str, Any]:
    return {"starts_on": (TODAY + timedelta(days=start)).isoformat(),
            "ends_on": (TODAY + timedelta(days=end)).isoformat(), "reason": "年休假", **extra}


def _claimed_intake(api: Api, **overrides: Any) -> tuple[dict[str, Any], int]:
    """A case at the county whose intake qishan.official claimed: his colleagues may not act on it."""
    case = steps.at_county(api, **overrides)
    task = api.only_task(COUNTY, level="county")
    api.post(f"/tasks/{task['id']}/claim", COUNTY)
    return case, task["id"]


def _accept(api: Api, user: str, task_id: int, expect: int = 200) -> Any:
    experts = [walk.user_id(api, name) for name in ("qishan.expert1", "qishan.expert2")]
    return api.complete(user, task_id, {"decision": "accept", "comment": "材料齐全。", "experts": experts},
                        expect=expect)


def _rows() -> tuple[int, int, int]:
    """Substitutions, messages and administration events: what a refused request must not change."""
    session.remove()
    return tuple(session.scalar(select(func.count()).select_from(model)) or 0  # type: ignore[return-value]
                 for model in (Substitution, Message, AdminEvent))


def test_the_substitute_acts_on_his_principals_claimed_task_and_the_trail_says_for_whom(app, client):
    api = Api(client)
    colleague = _colleague()
    case, task_id = _claimed_intake(api)
    _accept(api, COLLEAGUE, task_id, expect=409)  # claimed by someone else: not his before the substitution

    principal = Browser(app)
    principal.login(COUNTY)
    page = principal.get("/account/substitutes")
    assert f'<option value="{colleague}"' in principal.text(page)
    assert 'value="' + str(walk.user_id(api, "meixian.official")) + '"' not in principal.text(page)
    answer = principal.post("/account/substitutes", {"substitute": str(colleague), **_period()})
    assert answer.status_code == 302, principal.text(answer)
    (told,) = steps.told("substitute_set")
    assert told[0] == COLLEAGUE and OFFICE in text_of(told[1], "zh") and "2026-05-17" in text_of(told[1], "en")

    substitute = Browser(app)
    substitute.login(COLLEAGUE)
    inbox = substitute.text(substitute.get("/inbox"))
    assert f'data-standing-in="{walk.user_id(api, COUNTY)}"' in inbox
    assert task_id in [t["id"] for t in api.get("/tasks", COLLEAGUE)["items"]]
    _accept(api, COLLEAGUE, task_id)
    (event,) = steps.events(case["instance_id"], "task_completed")[-1:]
    assert event.actor_name == f"{COLLEAGUE} 同事"
    assert event.data["on_behalf_of"] == {"id": walk.user_id(api, COUNTY), "name": OFFICE}

    history = principal.text(principal.get(f"/brands/{case['brand_id']}/history"))
    shown = re.search(r'<span class="tl-for" data-acting-for>([^<]*)</span>', history)
    assert shown and OFFICE in shown.group(1)  # "（代 X）" once translated
    assert "on_behalf_of" not in history

    page = principal.text(principal.get("/account/substitutes"))
    (row_id,) = re.findall(r'data-substitution="(\d+)" data-state="current"', page)
    assert f"/substitutes/{row_id}/cancel" in page
    answer = principal.post(f"/substitutes/{row_id}/cancel", {"next": "/account/substitutes"})
    assert answer.headers["Location"].endswith("/account/substitutes")
    page = principal.text(principal.get("/account/substitutes"))
    assert f'data-substitution="{row_id}" data-state="cancelled"' in page
    assert api.get("/me/substitutes", COLLEAGUE)["as_substitute"][0]["state"] == "cancelled"


def test_colleagues_are_offered_by_name_and_two_of_one_name_told_apart_by_their_roles(app):
    single = create_user("qishan.official2", PASSWORD, "王芳", roles=[("official", "610323")]).id
    one = create_user("qishan.official3", PASSWORD, "张伟", roles=[("official", "610323")]).id
    other = create_user("qishan.official4", PASSWORD, "张伟", roles=[("official", "610323"),
                                                                    ("inspector", "610323")]).id
    principal = Browser(app)
    principal.login(COUNTY)
    html = principal.text(principal.get("/account/substitutes"))
    chooser = '<select id="substitute"' + html.split('<select id="substitute"')[1].split("</select>")[0] + "</select>"
    offered = {int(value): text.strip() for value, text in re.findall(r'<option value="(\d+)"[^>]*>([^<]*)</option>',
                                                                      chooser)}
    assert offered == {single: "王芳", one: "张伟（经办人员 · 岐山县）",
                       other: "张伟（经办人员 · 岐山县、抽查人员 · 岐山县）"}
    assert problems(chooser) == []  # no username, no code


def test_outside_the_period_the_substitute_cannot_act(app, client):
    api = Api(client)
    _colleague()
    _case, task_id = _claimed_intake(api)
    api.post("/me/substitutes", COUNTY, {"substitute": COLLEAGUE, **_period(2, 3)}, expect=201)
    assert task_id not in [t["id"] for t in api.get("/tasks", COLLEAGUE)["items"]]
    assert api.get(f"/tasks/{task_id}", COLLEAGUE)["may_act"] is False
    api.post(f"/tasks/{task_id}/claim", COLLEAGUE, expect=409)
    clock.set_now(clock.now_utc() + timedelta(days=4))  # after the period
    assert api.get(f"/tasks/{task_id}", COLLEAGUE)["may_act"] is False
    _accept(api, COLLEAGUE, task_id, expect=409)
    clock.set_now(clock.now_utc() - timedelta(days=2))  # inside it
    assert api.get(f"/tasks/{task_id}", COLLEAGUE)["may_act"] is True


@starting_at(steps.at_county_experts)
def test_a_task_the_process_assigned_to_an_expert_by_name_is_done_by_his_substitute(world, client):
    api = Api(client)
    case, _intake = world.facts
    (task,) = api.get("/tasks", "qishan.expert1")["items"]
    api.get(f"/tasks/{task['id']}", "qishan.expert3", expect=403)  # not picked: not even to read
    answer = api.post("/me/substitutes", "qishan.expert1", {"substitute": "qishan.expert3", **_period()},
                      expect=201)
    assert (answer["substitute"]["username"], answer["state"]) == ("qishan.expert3", "current")
    assert task["id"] in [t["id"] for t in api.get("/tasks", "qishan.expert3")["items"]]
    api.complete("qishan.expert3", task["id"], {"expert_review": walk.GOOD_SCORES})
    event = steps.events(case["instance_id"], "task_completed")[-1]
    assert event.actor_id == walk.user_id(api, "qishan.expert3")
    assert event.data["on_behalf_of"]["id"] == walk.user_id(api, "qishan.expert1")
    listing = api.get("/me/substitutes", "qishan.expert3")
    assert [s["principal"]["username"] for s in listing["as_substitute"]] == ["qishan.expert1"]


def test_only_the_person_or_an_administrator_of_his_region_sets_or_cancels(app, client):
    api = Api(client)
    _colleague()
    make_admin("qishan.admin", "610323")
    make_admin("meixian.admin", "610326")
    county = walk.user_id(api, COUNTY)
    before = _rows()
    for outsider in ("meixian.admin", "baoji.official", COLLEAGUE, "shaanxi.auditor"):
        api.post(f"/users/{county}/substitutes", outsider, {"substitute": COLLEAGUE, **_period()}, expect=403)
        api.get(f"/users/{county}/substitutes", outsider, expect=403)
    assert _rows() == before

    stranger = Browser(app)
    stranger.login("meixian.admin")
    assert stranger.get(f"/admin/users/{county}/substitutes").status_code == 404
    admin = Browser(app)
    admin.login("qishan.admin")
    assert "/substitutes" in admin.text(admin.get(f"/admin/users/{county}"))
    page = admin.get(f"/admin/users/{county}/substitutes")
    assert page.status_code == 200 and 'name="substitute"' in admin.text(page)
    colleague = walk.user_id(api, COLLEAGUE)
    answer = admin.post(f"/admin/users/{county}/substitutes", {"substitute": str(colleague), **_period(1, 10)})
    assert answer.status_code == 302 and answer.headers["Location"].endswith(f"/admin/users/{county}/substitutes")
    (told,) = steps.told("substitute_set")
    assert "qishan.admin 管理员" in text_of(told[1], "zh") and OFFICE in text_of(told[1], "zh")
    (row,) = api.get("/me/substitutes", COUNTY)["as_principal"]
    assert (row["set_by"], row["state"]) == ("qishan.admin 管理员", "upcoming")
    trail = session.scalars(select(AdminEvent).where(AdminEvent.action == "substitute_set")).one()
    assert trail.subject == f"user {county} {COUNTY}" and trail.data["substitute"] == COLLEAGUE

    for outsider in ("meixian.admin", COLLEAGUE):
        api.post(f"/substitutes/{row['id']}/cancel", outsider, expect=403)
    cancelled = api.post(f"/substitutes/{row['id']}/cancel", COUNTY)
    assert cancelled["state"] == "cancelled"
    api.post(f"/substitutes/{row['id']}/cancel", "qishan.admin", expect=409)


def test_refusals_name_the_problem_and_change_nothing(client):
    api = Api(client)
    _colleague()
    api.post("/me/substitutes", COUNTY, {"substitute": COLLEAGUE, **_period(0, 9)}, expect=201)
    before = _rows()

    def refused(user: str, body: dict[str, Any], expect: int = 422) -> dict[str, Any]:
        return api.post("/me/substitutes", user, body, expect=expect)

    wrong = refused("qishan.expert1", {"substitute": "baoji.expert1", **_period()})
    assert "expert@岐山县" in wrong["field_errors"]["substitute"][0]
    assert "could not act" in refused(COUNTY, {"substitute": "meixian.official", **_period(20, 25)})[
        "field_errors"]["substitute"][0]
    assert "nothing to do" in refused("shaanxi.auditor", {"substitute": "shaanxi.official", **_period()})[
        "field_errors"]["substitute"][0]
    assert refused(COUNTY, {"substitute": COUNTY, **_period(20, 25)})["field_errors"]["substitute"]
    assert refused(COUNTY, {"substitute": "nobody.here", **_period(20, 25)})["field_errors"]["substitute"]
    overlap = refused(COUNTY, {"substitute": COLLEAGUE, **_period(5, 12)}, expect=409)
    assert "2026-05-11" in overlap["message"] and "2026-05-20" in overlap["message"]
    dates = refused("qishan.expert1", {"substitute": "qishan.expert3", **_period(5, 2)})["field_errors"]
    assert list(dates) == ["ends_on"]
    assert refused("qishan.expert1", {"substitute": "qishan.expert3", **_period(-5, -1)})["field_errors"]["ends_on"]
    assert refused("qishan.expert1", {"substitute": "qishan.expert3", **_period(0, 366)})["field_errors"]["ends_on"]
    bad = refused("qishan.expert1", {"substitute": True, "starts_on": "2026-13-01", "ends_on": "x", "reason": " "})
    assert set(bad["field_errors"]) == {"substitute", "starts_on", "ends_on", "reason"}
    assert refused("qishan.expert1", {"substitute": "qishan.expert3", **_period(reason="长" * 201)})[
        "field_errors"]["reason"]
    assert _rows() == before
    ok = api.post("/me/substitutes", "qishan.expert1", {"substitute": "qishan.expert3", **_period(0, 365)},
                  expect=201)
    assert ok["ends_on"] == "2027-05-11"


def test_deactivating_a_user_releases_his_claimed_and_assigned_tasks_and_says_which(app, client):
    api = Api(client)
    _colleague()
    scored = steps.at_county(api)
    walk.intake(api, "county")  # the experts are picked: their tasks are assigned to them by name
    (expert_task,) = api.get("/tasks", "qishan.expert1")["items"]
    claimed_case, claimed = _claimed_intake(api, brand_name="岐山面花师")
    api.post("/me/substitutes", COUNTY, {"substitute": COLLEAGUE, **_period()}, expect=201)
    admin = Browser(app)
    admin.client.set_cookie("lang", "en")
    admin.login("admin")

    page = _deactivate(admin, "qishan.expert1")
    assert "岐山臊子面师" in page and expert_task["name"] in page and "replacement" in page
    task = _task(expert_task["id"])
    assert (task.assignee_id, task.assigned_by_process) == (None, True)
    assert api.get(f"/tasks/{expert_task['id']}", "qishan.expert3")["may_act"] is False  # an official names one
    (event,) = steps.events(scored["instance_id"], "task_released")
    assert event.data == {"user": "岐山县评审专家1", "why": "deactivated", "to": "process"}
    assert [username for username, _m in steps.told("task_reassigned")] == [COUNTY, COLLEAGUE]  # who name one

    page = _deactivate(admin, COUNTY)
    assert "岐山面花师" in page and "受理审核" in page and "substitutions" in page
    task = _task(claimed)
    assert (task.assignee_id, task.claimed_at) == (None, None)
    (event,) = steps.events(claimed_case["instance_id"], "task_released")
    assert event.data["to"] == "group" and event.actor_name == "系统管理员"
    assert [username for username, _m in steps.told("task_reassigned")] == [COUNTY, COLLEAGUE, COLLEAGUE]
    trail = session.scalars(select(AdminEvent).where(AdminEvent.action == "tasks_released")
                            .order_by(AdminEvent.seq)).all()
    assert [[t["task_id"] for t in e.data["tasks"]] for e in trail] == [[expert_task["id"]], [claimed]]
    api.post(f"/tasks/{claimed}/claim", COLLEAGUE)  # back with the group: his colleague takes it
    county = session.scalar(select(User.id).where(User.username == COUNTY))
    (kept,) = api.get(f"/users/{county}/substitutes", "admin")["as_principal"]
    assert kept["state"] == "current"


def _task(task_id: int) -> HumanTask:
    session.remove()
    task = session.get(HumanTask, task_id)
    assert task is not None
    return task


def _deactivate(browser: Browser, username: str) -> str:
    """The administrator presses 停用 (disable) on the user's page."""
    session.remove()
    user = session.scalars(select(User).where(User.username == username)).one()
    browser.get(f"/admin/users/{user.id}")
    answer = browser.post(f"/admin/users/{user.id}/status", {"active": "0"}, follow_redirects=True)
    assert answer.status_code == 200, browser.text(answer)
    return browser.text(answer)
