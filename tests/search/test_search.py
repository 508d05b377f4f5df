"""The header's search: brands by name, creation units by name, certificates by number, and only among
what the searcher may read (the brand page's own rule: every result opens, nothing else is named)."""

from __future__ import annotations

import re

from tests import walk
from tests.api_client import Api, application_form
from tests.web.browser_client import Browser
from webapp.worker import issue_pending_certificates

HIT = re.compile(r'data-hit="(\w+):(\d+)"')
GUANGXI_BRAND = "鹿寨螺蛳粉师"
PEOPLE = ("xiqi.unit", "luzhai.unit", "hongcheng.unit", "qixing.official", "qishan.official", "meixian.official",
          "baoji.official", "shaanxi.auditor", "qishan.expert1", "guangxi.official", "luding.official",
          "nation.official")


def _hits(browser: Browser, query: str) -> set[tuple[str, int]]:
    response = browser.get(f"/search?{query}")
    assert response.status_code == 200, query
    return {(kind, int(record)) for kind, record in HIT.findall(Browser.text(response))}


def _two_provinces(client) -> tuple[Api, dict, dict]:
    api = Api(client)
    shaanxi = walk.submit(api)
    guangxi = api.post("/applications", "luzhai.unit", {"data": application_form(
        brand_name=GUANGXI_BRAND, base_region="450223103204")}, expect=201)
    return api, shaanxi, guangxi


def test_each_person_finds_exactly_the_brands_whose_page_he_may_open(app, client):
    _api, shaanxi, guangxi = _two_provinces(client)
    brands = {shaanxi["brand_id"], guangxi["brand_id"]}
    for username in PEOPLE:
        browser = Browser(app)
        browser.login(username)
        found = {record for kind, record in _hits(browser, "q=师") if kind == "brand"}
        opens = {brand for brand in brands if browser.get(f"/brands/{brand}").status_code == 200}
        assert found == opens, username
    # The rule's edges: a unit its own, a village its own, a province none of the other's.
    assert _found_brands(app, "luzhai.unit") == {guangxi["brand_id"]}
    assert _found_brands(app, "qixing.official") == {shaanxi["brand_id"]}
    assert _found_brands(app, "guangxi.official") == {guangxi["brand_id"]}
    assert _found_brands(app, "nation.official") == brands


def _found_brands(app, username: str) -> set[int]:
    browser = Browser(app)
    browser.login(username)
    return {record for kind, record in _hits(browser, "q=师&kind=brand") if kind == "brand"}


def test_another_province_finds_nothing_of_a_brand_it_may_not_read_and_is_told_so_kindly(app, client):
    _two_provinces(client)
    browser = Browser(app)
    browser.login("guangxi.official")
    page = Browser.text(browser.get("/search?q=岐山"))
    assert 'id="search-nothing"' in page and "没有找到" in page
    assert "岐山臊子面师" not in page and "西岐名吃" not in page
    empty = Browser.text(browser.get("/search?q=+++"))
    assert 'id="search-empty"' in empty and 'id="search-nothing"' not in empty


def test_a_creation_unit_is_found_by_its_name_with_the_brands_one_may_read(app, client):
    _api, shaanxi, _guangxi = _two_provinces(client)
    village = Browser(app)
    village.login("qixing.official")  # reads the brand of his village, so its unit too
    page = Browser.text(village.get("/search?q=西岐名吃&kind=unit"))
    assert "岐山县西岐名吃产业协会" in page and f'href="/brands/{shaanxi["brand_id"]}"' in page
    neighbour = Browser(app)
    neighbour.login("meixian.official")
    assert _hits(neighbour, "q=西岐名吃") == set()


def test_a_certificate_is_found_by_its_number_in_any_case_by_those_who_read_its_brand(app, client):
    api = Api(client)
    application = walk.submit(api)
    walk.endorse(api)
    walk.recognize_at(api, "county", application["instance_id"], then="keep")
    with app.app_context():
        assert issue_pending_certificates() == 1
    (certificate,) = api.get(f"/brands/{application['brand_id']}", walk.APPLICANT)["certificates"]
    number = certificate["number"]
    county = Browser(app)
    county.login("qishan.official")
    page = Browser.text(county.get(f"/search?q={number.lower()}"))
    assert [kind for kind, _record in HIT.findall(page)] == ["certificate"]
    assert f'/certificates/{number}.pdf' in page and f'href="/brands/{application["brand_id"]}#certificates"' in page
    assert f'translate="no">{number}<' in page  # a number is data, shown as is
    outsider = Browser(app)
    outsider.login("guangxi.official")
    assert _hits(outsider, f"q={number}") == set()


def test_results_are_grouped_by_kind_and_paged_with_the_shared_pager(app, client):
    api = Api(client)
    for name in ("岐山臊子面师", "岐山面花匠", "岐山剪纸娘"):
        walk.submit(api, brand_name=name)
    app.config["PAGE_SIZE"] = 2
    browser = Browser(app)
    browser.login("qishan.official")
    overview = Browser.text(browser.get("/search?q=岐山"))
    assert 'id="found-brand"' in overview and 'data-list-total="3"' in overview
    assert len(re.findall(r'data-hit="brand:', overview)) == 2
    assert 'href="/search?q=%E5%B2%90%E5%B1%B1&amp;kind=brand&amp;page=2"' in overview  # the pager opens the kind
    second = Browser.text(browser.get("/search?q=岐山&kind=brand&page=2"))
    assert len(re.findall(r'data-hit="brand:', second)) == 1 and 'id="found-unit"' not in second
    assert "第 2 / 2 页" in second
