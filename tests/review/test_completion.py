"""After a task, its doer is told which brand and where the case went next (the step, the region and
who holds it) or how it ended; a creation unit that resubmits lands on its applications with the
application's status."""

from __future__ import annotations

import re

from tests import walk
from tests.api_client import Api, application_form
from tests.desk import steps
from tests.web.browser_client import Browser, form_items
from tests.worlds import starting_at

BRAND = "岐山臊子面师"  # application_form's


def notice(browser: Browser, response) -> str:
    page = browser.text(browser.get(response.headers["Location"]))
    found = re.search(r'<div class="notice notice-success" role="status">(.*?)</div>', page, re.S)
    assert found, page
    return found.group(1).strip()


def signed_in(app, username: str) -> Browser:
    browser = Browser(app)
    browser.login(username)
    return browser


@starting_at(steps.at_village)
def test_each_step_says_where_the_case_went_and_who_holds_it(app, client):
    api = Api(client)
    village = signed_in(app, walk.VILLAGE)
    task = api.only_task(walk.VILLAGE)
    village.get(f"/tasks/{task['id']}")
    done = village.post(f"/tasks/{task['id']}", {"decision": "forward", "comment": "属实。"})
    assert done.headers["Location"] == "/inbox"
    assert notice(village, done) == f"已办结：村级推荐意见。{BRAND}已转到岐山县的「受理审核」，等待县级经办人员办理。"

    county = signed_in(app, "qishan.official")
    task = api.only_task("qishan.official")
    county.get(f"/tasks/{task['id']}")
    experts = [("experts", str(walk.user_id(api, name))) for name in walk.LEVELS["county"][1]]
    done = county.post(f"/tasks/{task['id']}", [("decision", "accept"), ("comment", "受理。"), *experts])
    assert notice(county, done) == (f"已办结：受理审核。{BRAND}已转到岐山县的「专家评审打分」，"
                                    "等待岐山县评审专家1、岐山县评审专家2办理。")


@starting_at(steps.at_county)
def test_a_return_goes_to_the_unit_whose_resubmission_lands_on_its_applications_with_the_status(app, client):
    api = Api(client)
    county = signed_in(app, "qishan.official")
    task = api.only_task("qishan.official")
    county.get(f"/tasks/{task['id']}")
    done = county.post(f"/tasks/{task['id']}", {"decision": "return", "comment": "请补充培训台账。"})
    assert notice(county, done) == f"已办结：受理审核。{BRAND}已转到「修改申报（县级退回）」，等待培育创建单位办理。"

    unit = signed_in(app, walk.APPLICANT)
    revision = api.only_task(walk.APPLICANT)
    unit.get(f"/tasks/{revision['id']}")
    done = unit.post(f"/tasks/{revision['id']}", form_items(application_form(trained_this_year=900)))
    assert done.headers["Location"] == "/applications"
    assert notice(unit, done) == (f"已办结：修改申报（县级退回）。申报状态：审核中。"
                                  f"{BRAND}已转到岐山县的「受理审核」，等待县级经办人员办理。")


@starting_at(steps.at_county_experts)
def test_the_last_step_says_how_the_case_ended_in_english_too(world, app, client):
    api = Api(client)
    application, _intake = world.facts
    walk.score(api, "county")
    walk.decide(api, "county")
    assert walk.let_notice_pass(api, application["instance_id"]) == 1
    county = signed_in(app, "qishan.official")
    county.client.set_cookie("lang", "en")
    task = api.only_task("qishan.official")
    county.get(f"/tasks/{task['id']}")
    done = county.post(f"/tasks/{task['id']}", {"decision": "keep", "comment": "县级认定，不再上报。"})
    assert notice(county, done).endswith(f"{BRAND}: the case is finished (recognized).")
