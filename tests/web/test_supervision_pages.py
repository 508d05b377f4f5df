"""Spot check campaigns and the exit procedure in the browser pages."""

from __future__ import annotations

import re

from tests import walk
from tests.api_client import Api
from tests.spotcheck import steps
from tests.web.browser_client import Browser


def test_an_official_starts_a_campaign_and_follows_it(app, client):
    api = Api(client)
    steps.recognized_at_county(api, "岐山面匠")
    browser = Browser(app)
    browser.login(steps.CITY)
    assert "宝鸡市" in browser.text(browser.get("/spotchecks"))
    started = browser.post("/spotchecks", {"region": "610300", "rate": "100", "seed": "web"})
    assert started.status_code == 302
    steps.work(api)
    page = browser.text(browser.get(started.headers["Location"]))
    assert "岐山面匠" in page and "安排抽查" in page and "web" in page
    county = Browser(app)
    county.login(steps.COUNTY)
    assert "安排抽查" in county.text(county.get("/inbox"))
    outsider = Browser(app)
    outsider.login("sichuan.official")
    campaign_url = started.headers["Location"]
    assert outsider.get(campaign_url).status_code == 403


def test_the_unit_withdraws_its_brand_from_the_brand_page(app, client):
    api = Api(client)
    brand_id = steps.recognized_at_county(api, "岐山面匠")
    official = Browser(app)
    official.login(steps.COUNTY)
    assert f'action="/brands/{brand_id}/exit-proposal"' in official.text(official.get(f"/brands/{brand_id}"))
    unit = Browser(app)
    unit.login(walk.APPLICANT)
    page = unit.text(unit.get(f"/brands/{brand_id}"))
    assert f'action="/brands/{brand_id}/withdrawal"' in page
    done = unit.post(f"/brands/{brand_id}/withdrawal", {"reason": "企业转型，主动退出。"})
    after = unit.text(unit.get(done.headers["Location"]))
    assert "企业转型，主动退出。" in after and not re.search(r'action="/brands/\d+/withdrawal"', after)
    assert steps.task(api, steps.CITY, "岐山面匠")["form_key"] == "exit_evaluation"
    steps.decide(api, steps.CITY, "岐山面匠", "propose_exit", "同意自愿退出。")
    messages = unit.text(unit.get("/applications"))
    assert "“岐山面匠”已退出劳务品牌资源库（县级）：企业转型，主动退出。" in messages


def test_the_exit_card_shows_only_with_an_exit_to_tell_of_or_to_start(app, client):
    api = Api(client)
    recognized = steps.recognized_at_county(api, "岐山面匠")
    waiting = walk.submit(api, brand_name="岐山锅盔匠")  # in no library yet: nothing to leave
    for username in (walk.APPLICANT, steps.COUNTY, "shaanxi.auditor"):
        reader = Browser(app)
        reader.login(username)
        assert 'id="exit"' not in reader.text(reader.get(f"/brands/{waiting['brand_id']}")), username
    auditor = Browser(app)
    auditor.login("shaanxi.auditor")  # reads the brand, may start no exit, and none was started
    assert 'id="exit"' not in auditor.text(auditor.get(f"/brands/{recognized}"))
    official = Browser(app)
    official.login(steps.COUNTY)
    assert 'id="exit"' in official.text(official.get(f"/brands/{recognized}"))
