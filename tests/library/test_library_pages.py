"""The resource library page lists the entries of the reader's jurisdiction, active and exited, with
their certificates; its filters and search on brand and unit names pick the right rows; officials of
another province and creation units get nothing of it."""

from __future__ import annotations

import re

from tests.api_client import application_form
from tests.library import world
from tests.spotcheck import steps
from tests.web.browser_client import Browser
from tests.web.pager import walk_list

ROW = re.compile(r'<tr data-list-row data-brand="([^"]+)" data-entry="\d+" data-status="(\w+)">')


def _listed(browser: Browser, query: str = "") -> list[tuple[str, str]]:
    response = browser.get(f"/library{query}")
    assert response.status_code == 200, query
    return ROW.findall(Browser.text(response))


def test_filters_and_search_on_names_list_the_right_entries(app, client):
    library = world.build(client)
    browser = Browser(app)
    browser.login("baoji.official")
    everything = _listed(browser)
    assert sorted(everything) == sorted([(world.KEPT, "active"), (world.WITHDRAWN, "exited")])
    assert _listed(browser, "?status=exited") == [(world.WITHDRAWN, "exited")]
    assert _listed(browser, "?status=active&level=county&region=610323") == [(world.KEPT, "active")]
    assert _listed(browser, "?q=擀面") == [(world.WITHDRAWN, "exited")]
    assert sorted(_listed(browser, "?q=西岐名吃")) == sorted(everything)  # the creation unit's name
    assert _listed(browser, "?q=%25") == []  # a LIKE wildcard is searched for, not obeyed
    assert _listed(browser, "?level=city") == []
    assert _listed(browser, "?region=610326") == []  # 眉县: another county of the city
    brand = library.api.get(f"/brands/{library.kept_id}", "baoji.official")
    recognized = brand["library_entries"][0]["entered_at"][:4]
    assert sorted(_listed(browser, f"?year={recognized}")) == sorted(everything)
    assert _listed(browser, f"?year={int(recognized) - 1}") == []
    assert sorted(_listed(browser, f"?brand_type={application_form()['brand_type']}")) == sorted(everything)
    assert _listed(browser, "?brand_type=技能型") == []
    page = Browser.text(browser.get("/library"))
    assert f'href="/brands/{library.kept_id}"' in page  # rows lead to the brand's page and its library history
    certificates = library.api.get(f"/brands/{library.kept_id}", "baoji.official")["certificates"]
    assert certificates[0]["number"] in page
    assert browser.get("/library?year=20x6").status_code == 422
    assert browser.get("/library?status=lost").status_code == 422


def test_another_province_is_refused_its_regions_and_creation_units_are_refused_the_library(app, client):
    world.build(client)
    sichuan = Browser(app)
    sichuan.login("sichuan.official")
    assert sichuan.get("/library?region=610323").status_code == 403
    assert _listed(sichuan, "") == []
    assert world.KEPT not in Browser.text(sichuan.get("/library?q=岐山"))
    unit = Browser(app)
    unit.login("xiqi.unit")
    assert unit.get("/library").status_code == 403
    auditor = Browser(app)
    auditor.login("shaanxi.auditor")
    assert len(_listed(auditor, "")) == 2


def test_the_register_pages_and_says_a_spot_check_is_under_way(app, client):
    app.config["PAGE_SIZE"] = 1
    library = world.build(client)
    browser = Browser(app)
    browser.login("baoji.official")
    listed = walk_list(browser, "/library")
    assert listed.total == 2 and len(listed.rows) == 2 and listed.summaries == [
        "第 1 / 2 页 · 共 2 项", "第 2 / 2 页 · 共 2 项"]
    assert sorted(name for row in listed.rows for name in (world.KEPT, world.WITHDRAWN) if name in row) == sorted(
        [world.KEPT, world.WITHDRAWN])
    kept = next(row for row in listed.rows if world.KEPT in row)
    assert "暂无" in kept and "抽查中" not in kept
    assert len(walk_list(browser, "/library?status=active").rows) == 1  # the filters ride along the pages
    library.api.post("/campaigns", steps.CITY, {"region": "610300", "rate": 1.0, "seed": "test"}, expect=201)
    running = next(row for row in walk_list(browser, "/library").rows if world.KEPT in row)
    assert "抽查中（2026年度）" in running and "暂无" not in running
    assert browser.get("/library?page=7").status_code == 200
