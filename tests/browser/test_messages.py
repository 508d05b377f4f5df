"""The message centre in the real browser, at desktop and phone widths: the village official sees the
bell count a new task, opens the list, opens the message (it goes to the task and the count drops),
then saves notification settings, a bad e-mail address first, refused next to its field. Saves
screenshots of the list and the refused settings under tests/artifacts/."""

from __future__ import annotations

from typing import Any

import pytest

from tests import walk
from tests.api_client import Api
from tests.browser.conftest import screenshot
from tests.browser.test_walk import close, sign_in

WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}



def _fits(page: Any, width: int) -> None:
    """Nothing sticks out sideways, and the bell is on screen."""
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    box = page.locator("#bell").bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width


@pytest.mark.parametrize("size", sorted(WIDTHS))
def test_the_bell_the_list_and_the_settings(app, client, live_server, browser, size):
    walk.submit(Api(client))
    task_id = Api(client).only_task(walk.VILLAGE)["id"]
    viewport = WIDTHS[size]
    page = sign_in(browser, live_server, walk.VILLAGE, viewport)

    bell = page.locator("#bell")
    assert bell.get_attribute("data-unread") == "1" and page.inner_text("#bell .bell-count") == "1"
    assert "1" in bell.get_attribute("aria-label")
    _fits(page, viewport["width"])

    bell.click()
    page.wait_for_load_state("networkidle")
    assert page.url == f"{live_server}/messages"
    row = page.locator("table#messages tbody tr")
    assert row.count() == 1 and row.first.get_attribute("class") == "unread"
    assert "村级推荐意见" in row.first.inner_text()
    _fits(page, viewport["width"])
    screenshot(page, f"messages-{size}")

    row.first.locator("button[data-open]").click()
    page.wait_for_load_state("networkidle")
    assert page.url == f"{live_server}/tasks/{task_id}"
    assert bell.get_attribute("data-unread") == "0" and page.locator("#bell .bell-count").count() == 0

    page.goto(f"{live_server}/account/notifications")
    page.fill("#email", "wang@qixing")
    page.check("#email_enabled")
    page.click("#notification-settings button[type=submit]")
    page.wait_for_load_state("networkidle")
    error = page.locator("#email-error")
    assert error.is_visible() and error.inner_text()
    assert page.locator("#email").get_attribute("aria-invalid") == "true"
    assert page.input_value("#email") == "wang@qixing"
    _fits(page, viewport["width"])
    screenshot(page, f"notification-settings-refused-{size}")

    page.fill("#email", "wang@qixing.gov.cn")
    page.click("#notification-settings button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.locator(".notice-success").is_visible() and page.locator("#email-error").count() == 0
    assert page.input_value("#email") == "wang@qixing.gov.cn" and page.is_checked("#email_enabled")
    close(page)


@pytest.mark.parametrize("size", sorted(WIDTHS))
def test_the_unit_urges_its_waiting_case_and_the_county_is_told(app, client, live_server, browser, size):
    application = walk.submit(Api(client))
    walk.endorse(Api(client))  # now it waits for the county's intake
    viewport = WIDTHS[size]
    unit = sign_in(browser, live_server, walk.APPLICANT, viewport)
    unit.goto(f"{live_server}/applications/{application['id']}")
    button = unit.locator(f"button[data-urge='{application['instance_id']}']")
    assert button.is_enabled()
    _fits(unit, viewport["width"])
    button.click()
    unit.wait_for_load_state("networkidle")
    assert unit.locator(".notice-success").is_visible()
    assert unit.locator("[data-urged-for]").count() == 1 and unit.locator(
        f"button[data-urge='{application['instance_id']}']").is_disabled()  # once a working day
    screenshot(unit, f"urged-{size}")
    close(unit)

    county = sign_in(browser, live_server, "qishan.official", viewport)
    assert county.locator("#bell").get_attribute("data-unread") == "2"  # the new task, then the urge
    county.locator("#bell").click()
    county.wait_for_load_state("networkidle")
    newest = county.locator("table#messages tbody tr").first
    assert "催办" in newest.inner_text() and "岐山臊子面师" in newest.inner_text()
    close(county)
