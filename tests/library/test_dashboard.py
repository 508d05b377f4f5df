"""The dashboard against policy targets: built through the API (two 岐山 brands recognized by the
county, one of them also by the city and now waiting at the province, a third application waiting at
the county whose task is then overdue), every number it shows (JSON and the page's table rows) equals
a count made here from the database in another way; the demo targets show with their progress; a
past year shows the state at its end; other provinces, experts and applicants see none of it; and
targets are set from the command line."""

from __future__ import annotations

import json
import re
import statistics
from collections import Counter
from datetime import datetime
from typing import Any

from sqlalchemy import select

from tests import walk
from tests.library import steps
from tests.web.browser_client import Browser
from tests.web.shown_text import problems
from tests.worlds import starting_at
from webapp import clock
from webapp.applications.models import Application, Brand
from webapp.cli import cli
from webapp.db import session
from webapp.demo.targets import TARGETS, seed_targets
from webapp.engine.models import HumanTask, TaskStatus
from webapp.library.models import LibraryEntry, PolicyTarget
from webapp.regions.models import Region
from webapp.workdays.calendar import CHINA


def _json(app: Any, user: str, expect: int = 200, **query: str) -> Any:
    browser = Browser(app)
    browser.login(user)
    response = browser.get("/dashboard.json", query_string=query)
    assert response.status_code == expect, response.get_data(as_text=True)[:500]
    return response.get_json()


def _table(data: dict[str, Any], key: str) -> list[list[Any]]:
    return next(t["rows"] for t in data["tables"] if t["key"] == key)


def _by_region(data: dict[str, Any], key: str) -> dict[str, Any]:
    """A table whose rows are regions, as region code -> count (the code is not a column people read)."""
    table = next(t for t in data["tables"] if t["key"] == key)
    return {code: row[1] for code, row in zip(table["row_regions"], table["rows"], strict=True)}


def _under(code: str) -> set[int]:
    """Ids of the brands whose home region lies under `code` (read through the region's ancestors)."""
    found = set()
    for brand in session.scalars(select(Brand)):
        region = session.get(Region, brand.base_region_code)
        if region is not None and code in region.ancestor_codes:
            found.add(brand.id)
    return found


def _active(code: str) -> list[LibraryEntry]:
    brands = _under(code)
    return [e for e in session.scalars(select(LibraryEntry)) if e.brand_id in brands and e.status == "active"]


def _median_days(level: str) -> float | str:
    """Days from a level's first task to its last one done, over the cases no longer waiting there."""
    tasks = [t for t in session.scalars(select(HumanTask)) if t.lane == level]
    spans = []
    for instance in {t.instance_id for t in tasks}:
        own = [t for t in tasks if t.instance_id == instance]
        done = [t for t in own if t.status == TaskStatus.DONE]
        if done and not any(t.status == TaskStatus.READY for t in own):
            end = max(t.completed_at for t in done)
            spans.append((end - min(t.created_at for t in done)).total_seconds() / 86400)
    return round(statistics.median(spans), 1) if spans else "—"


@starting_at(steps.dashboard_brands)
def test_each_count_on_the_dashboard_equals_the_count_made_from_the_database(app):
    data = _json(app, "baoji.official")
    assert data["region"]["code"] == "610300"
    entries = _active("610300")
    for level, name in (("nation", "国家"), ("province", "省"), ("city", "市"), ("county", "县")):
        row = next(r for r in _table(data, "levels") if name in r[0])
        assert row[1] == len({e.brand_id for e in entries if e.level == level}), (level, row)
    assert [r[1] for r in _table(data, "levels") if "市" in r[0] or "县" in r[0]] == [1, 2]

    types = Counter(session.get(Brand, b).brand_type for b in {e.brand_id for e in entries})
    assert {r[0]: r[1] for r in _table(data, "types")} == {
        kind: types.get(kind, 0) for kind in ("中高端技能型", "高品质服务型", "文化和旅游类", "民生保障型")}
    assert _by_region(data, "regions") == {"610323": 2, "610326": 0}
    assert [r[0] for r in _table(data, "regions")] == ["岐山县", "眉县"]
    assert [(r[0], r[1]) for r in _table(data, "coverage")] == [("岐山县", 2), ("眉县", 0)]
    first: dict[int, datetime] = {}
    for e in entries:
        first[e.brand_id] = min(e.entered_at, first.get(e.brand_id, e.entered_at))
    years = Counter(str(at.astimezone(CHINA).year) for at in first.values())
    assert _table(data, "years") == [[year, n] for year, n in sorted(years.items())] == [["2025", 2]]

    waiting = Counter(a.current_level for a in session.scalars(select(Application))
                      if a.brand_id in _under("610300") and a.status in ("in_review", "returned"))
    pipeline = {r[0]: r[1] for r in _table(data, "pipeline")}
    assert (pipeline["县级"], pipeline["市级"], pipeline["省级"]) == (waiting["county"], waiting["city"],
                                                                   waiting["province"]) == (1, 0, 1)
    medians = {r[0]: r[2] for r in _table(data, "pipeline")}
    for level, name in (("village", "村（社区）"), ("county", "县级"), ("city", "市级"), ("province", "省级")):
        assert medians[name] == _median_days(level), level
    assert medians["县级"] > 1 and medians["省级"] == "—"  # the province has not finished a case

    now = clock.now_utc()
    overdue = [t for t in session.scalars(select(HumanTask).where(HumanTask.status == TaskStatus.READY))
               if t.due_at is not None and t.due_at < now and t.region_code
               and "610300" in session.get(Region, t.region_code).ancestor_codes]
    shown = _by_region(data, "overdue")
    assert sum(shown.values()) == len(overdue) >= 1
    assert shown.get("610323", 0) == len([t for t in overdue if t.region_code.startswith("610323")])


@starting_at(steps.dashboard_brands)
def test_the_baoji_targets_show_with_what_the_system_counts_for_each(app):
    data = _json(app, "baoji.official")
    rows = {r[0]: r for r in _table(data, "targets")}
    baoji = [t for t in TARGETS if t[0] == "610300"]
    assert len(rows) == len(baoji) == len(session.scalars(select(PolicyTarget).where(
        PolicyTarget.region_code == "610300")).all())
    brands = len({e.brand_id for e in _active("610300")})
    assert rows["打造不少于12个优秀劳务品牌（一县一品牌）"][1:3] == [brands, 12]
    assert rows["向省级推荐3个劳务品牌"][1] == 1  # the city recommended one brand on to the province
    assert rows["文化和旅游类不少于2个"][1] == 1 and rows["高品质服务型不少于2个"][1] == 1
    page = Browser(app)
    page.login("baoji.official")
    html = page.get("/dashboard").get_data(as_text=True)
    shown = re.findall(r'data-actual="(\d+)" data-target="(\d+)"', html)
    assert sorted((int(a), int(t)) for a, t in shown) == sorted((r[1], r[2]) for r in rows.values())


@starting_at(steps.dashboard_brands)
def test_the_page_tables_hold_the_same_rows_as_the_json_and_the_charts_their_numbers(app):
    data = _json(app, "baoji.official")
    page = Browser(app)
    page.login("baoji.official")
    html = page.get("/dashboard").get_data(as_text=True)
    for table in data["tables"]:
        section = html.split(f'data-table-rows="{table["key"]}"')[1].split("</table>")[0] if table["rows"] else ""
        rows = [json.loads(row.replace("&#34;", '"').replace("&amp;", "&"))
                for row in re.findall(r'data-row="([^"]*)"', section)]
        assert rows == table["rows"], table["key"]
    charts = json.loads(re.search(r'id="dashboard-charts">(.*?)</script>', html).group(1))
    assert charts["levels"]["values"] == [r[1] for r in _table(data, "levels")]
    assert charts["coverage"]["values"] == [1, 1]
    assert 'src="/static/web/vendor/chart.js/chart.umd.min.js"' in html and "js/dashboard.js" in html


@starting_at(steps.dashboard_brands)
def test_the_page_names_regions_without_codes_and_says_what_each_download_gives(app):
    page = Browser(app)
    page.login("baoji.official")
    html = page.get("/dashboard").get_data(as_text=True)
    assert problems(html) == []  # no region code (nor any other code) among the words shown
    assert '<a href="/dashboard?region=610323">岐山县</a>' in html  # a county's row opens its own numbers
    assert "<h1>数据看板：宝鸡市</h1>" in html
    assert ">下载 Excel 表格</button>" in html and ">下载 CSV 表格</button>" in html


@starting_at(steps.dashboard_brands)
def test_a_past_year_shows_the_state_at_its_end_and_a_county_only_its_own_numbers(app):
    past = _json(app, "baoji.official", year="2024")
    assert [r[1] for r in _table(past, "levels")] == [0, 0, 0, 0] and _table(past, "years") == []
    county = _json(app, "qishan.official")
    assert county["region"]["code"] == "610323" and [r[1] for r in _table(county, "levels")][2:] == [1, 2]
    _json(app, "qishan.official", region="610300", expect=404)
    _json(app, "baoji.official", year="1999", expect=422)
    _json(app, "baoji.official", year="2026", expect=422)  # the clock says 2025: no state of 2026 yet


@starting_at(steps.dashboard_brands)
def test_another_province_sees_only_its_own_numbers_and_experts_and_applicants_none(app):
    sichuan = _json(app, "sichuan.official")
    assert sichuan["region"]["code"] == "510000"
    assert [r[1] for r in _table(sichuan, "levels")] == [0, 0, 0, 0] and _table(sichuan, "targets") == []
    assert "岐山" not in json.dumps(sichuan, ensure_ascii=False)
    _json(app, "sichuan.official", region="610300", expect=404)
    _json(app, "guangxi.auditor", region="610323", expect=404)
    national = _json(app, "admin", region="610300")
    assert national["tables"] == _json(app, "baoji.official")["tables"]
    for user in ("qishan.expert1", "baoji.expert1", walk.APPLICANT, "qishan.inspector"):
        _json(app, user, expect=403)
    anonymous = app.test_client().get("/dashboard", base_url="https://localhost")
    assert anonymous.status_code == 302 and anonymous.headers["Location"].startswith("/login")


def test_the_jilin_and_guangxi_targets_are_seeded_and_set_from_the_command_line(app, runner):
    seed_targets()
    jilin = {r[0]: r for r in _table(_json(app, "admin", region="220000"), "targets")}
    assert {label: (row[1], row[2]) for label, row in jilin.items()} == {
        "国家级劳务品牌不少于5个": (0, 5), "省级劳务品牌不少于20个": (0, 20), "市县级劳务品牌不少于30个": (0, 30)}
    guangxi = {r[0]: r[1:3] for r in _table(_json(app, "guangxi.official"), "targets")}
    assert guangxi == {"建设30个劳务品牌培训示范基地": [0, 30], "培育60家劳务品牌龙头企业": [0, 60]}
    result = runner.invoke(cli, ["targets", "set", "--region", "220000", "--metric", "brands", "--level",
                                 "nation", "--target", "7", "--year", "2026", "--label", "国家级不少于7个"],
                           catch_exceptions=False)
    assert result.exit_code == 0, result.output
    listed = runner.invoke(cli, ["targets", "list"], catch_exceptions=False).output
    assert "国家级不少于7个" in listed and ">= 7" in listed and "国家级劳务品牌不少于5个" not in listed
    refused = runner.invoke(cli, ["targets", "set", "--region", "999999", "--metric", "brands", "--target",
                                  "1", "--year", "2025", "--label", "x"])
    assert refused.exit_code != 0 and "999999" in refused.output
    session.remove()
    jilin = {r[0]: r[1:3] for r in _table(_json(app, "admin", region="220000"), "targets")}
    assert jilin["国家级不少于7个"] == [0, 7]


def test_one_county_one_brand_reads_by_level_and_says_nothing_below_the_counties(app):
    for village_or_township in ("qixing.official", "caijiapo.official"):
        data = _json(app, village_or_township)
        assert "coverage" not in [t["key"] for t in data["tables"]]
        browser = Browser(app)
        browser.login(village_or_township)
        page = browser.text(browser.get("/dashboard"))
        assert 'id="section-coverage"' not in page and "个县中有" not in page
    county = next(t for t in _json(app, "qishan.official")["tables"] if t["key"] == "coverage")
    assert county["note"] == "岐山县现有有效品牌0个。"
    city = next(t for t in _json(app, "baoji.official")["tables"] if t["key"] == "coverage")
    assert city["note"].endswith("个县中有0个至少拥有一个有效品牌。")
