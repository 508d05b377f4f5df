"""The inbox a page at a time: its header counts every task, the pager reaches each one and keeps the
filters, and a page past the end shows the last page."""

from __future__ import annotations

from tests import walk
from tests.api_client import Api
from tests.web.browser_client import Browser
from tests.web.pager import walk_list

NAMES = [f"岐山面点师{mark}" for mark in "甲乙丙丁戊己庚"]


def test_every_task_is_reached_through_the_pager_and_the_header_counts_them_all(app, client):
    app.config["PAGE_SIZE"] = 3
    api = Api(client)
    for name in NAMES:
        walk.submit(api, brand_name=name)
    official = Browser(app)
    official.login(walk.VILLAGE)
    listed = walk_list(official, "/inbox")
    assert listed.total == len(NAMES) and len(listed.rows) == len(NAMES)
    assert sorted(name for row in listed.rows for name in NAMES if name in row) == sorted(NAMES)
    first = Browser.text(official.get("/inbox"))
    assert "共 7 项待办" in first
    assert listed.summaries == ["第 1 / 3 页 · 共 7 项", "第 2 / 3 页 · 共 7 项", "第 3 / 3 页 · 共 7 项"]

    by_brand = walk_list(official, "/inbox?sort=brand&brand=岐山")  # the filters ride along the pages
    assert by_brand.total == len(NAMES) and len(by_brand.rows) == len(NAMES)
    assert 'href="/inbox?task=' not in first  # no filter the reader did not choose is added
    second = Browser.text(official.get("/inbox?sort=brand&page=1"))
    assert 'rel="next" href="/inbox?sort=brand&amp;page=2"' in second
    narrowed = walk_list(official, f"/inbox?brand={NAMES[0]}")
    assert (narrowed.total, len(narrowed.rows)) == (1, 1)

    past = official.get("/inbox?page=99")
    assert past.status_code == 200 and "第 3 / 3 页" in Browser.text(past)
