"""The desk in the real browser, at desktop and phone widths: a county official transfers a task to his
colleague from the task page; the city official delegates, the colleague sees the banner and hands the
decision back; a substitute sees his principal's claimed task in the inbox marked "for X". Saves
screenshots under tests/artifacts/ (desk-*.png)."""

from __future__ import annotations

from typing import Any

import pytest

from tests import walk
from tests.api_client import Api
from tests.browser.conftest import screenshot
from tests.browser.test_messages import WIDTHS
from tests.browser.test_walk import sign_in
from tests.desk import steps
from tests.factories import make_user


def _fits(page: Any, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("size", sorted(WIDTHS))
def test_transfer_delegate_and_substitute_in_the_browser(app, client, live_server, browser, size):
    api = Api(client)
    viewport = WIDTHS[size]
    steps.at_county(api)
    make_user("qishan.official2", "official", "610323", "岐山县经办人二")
    task = api.only_task("qishan.official")

    holder = sign_in(browser, live_server, "qishan.official", viewport)
    holder.goto(f"{live_server}/tasks/{task['id']}")
    holder.locator("#desk summary", has_text="转交同事办理").click()
    holder.select_option("#transfer-to", label="岐山县经办人二")
    holder.fill("#transfer-reason", "本人出差，请代为受理。")
    _fits(holder, viewport["width"])
    screenshot(holder, f"desk-transfer-{size}")
    holder.locator("#desk form[action$='/transfer'] button[type=submit]").click()
    holder.wait_for_load_state("networkidle")
    assert "已转交岐山县经办人二" in holder.inner_text("main")

    colleague = sign_in(browser, live_server, "qishan.official2", viewport)
    colleague.goto(f"{live_server}/inbox")
    assert "岐山臊子面师" in colleague.inner_text("main")

    # The colleague claims nothing more: he delegates to the first official, who prepares the decision.
    colleague.goto(f"{live_server}/tasks/{task['id']}")
    colleague.locator("#desk summary", has_text="请同事拟办").click()
    colleague.select_option("#delegate-to", label="岐山县人力资源和社会保障局（经办人）")
    colleague.fill("#delegate-reason", "请先审材料，拟好意见。")
    colleague.locator("#desk form[action$='/delegate'] button[type=submit]").click()
    colleague.wait_for_load_state("networkidle")

    holder.goto(f"{live_server}/tasks/{task['id']}")
    assert holder.locator("[data-delegation=pending]").count() == 1
    _fits(holder, viewport["width"])
    screenshot(holder, f"desk-delegated-{size}")

    # A substitute: the colleague claims the city's... (here: the county task back with him) and goes on leave.
    api.post(f"/tasks/{task['id']}/resolve", "qishan.official", {"data": {"decision": "return", "comment": "请补正。"}})
    api.post(f"/tasks/{task['id']}/claim", "qishan.official2")
    api.post("/me/substitutes", "qishan.official2", {"substitute": "qishan.official", "starts_on": "2026-05-11",
                                                     "ends_on": "2026-05-20", "reason": "年休假"}, expect=201)
    holder.goto(f"{live_server}/inbox")
    badge = holder.locator("[data-standing-in]")
    assert badge.count() == 1 and "岐山县经办人二" in badge.inner_text()
    _fits(holder, viewport["width"])
    screenshot(holder, f"desk-inbox-substitute-{size}")
    assert walk.APPLICANT  # the case stays with the county throughout
