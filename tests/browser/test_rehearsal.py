"""Try this version in the browser: the administrator picks where the case is based level by level,
tries, is asked for the village's decision, chooses the decisions, sees the steps listed and the path
marked on the diagram, and keeps it as a scenario. Saves tests/artifacts/editor-rehearsal.png and
editor-rehearsal-phone.png."""

from __future__ import annotations

from typing import Any

from tests.browser.conftest import screenshot
from tests.browser.test_walk import close, sign_in

PATH = ["610000", "610300", "610323", "610323101", "610323101900"]  # down to 岐星村
CHOICES = {"Task_village_endorse": "forward", "county:Task_intake": "accept",
           "county:Task_decision": "recognize", "county:Task_recommend": "keep"}


def _choose_region(page: Any) -> None:
    for depth, code in enumerate(PATH):
        select = f"#rehearsal-regions select[data-depth='{depth}']"
        page.wait_for_selector(f"{select} option[value='{code}']", state="attached")
        page.select_option(select, code)


def test_a_rehearsal_in_the_editor(live_server, browser):
    page = sign_in(browser, live_server, "admin")
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(f"{live_server}/admin/editor/recommendation.bpmn")
    page.wait_for_selector("#editor[data-loaded='true']")
    assert page.locator("#editor-bar button:has-text('Try this version'), #editor-bar button:has-text('试')").count()

    _choose_region(page)
    page.click("#rehearsal-form button[type=submit]")
    page.wait_for_selector("#rehearsal-decisions select[name='Task_village_endorse']")
    assert "Task_village_endorse" in page.inner_text("#rehearsal-result")
    assert page.locator(".rehearsal-decision.waiting select[name='Task_village_endorse']").count() == 1

    page.select_option("#rehearsal-decisions select[name='Task_village_endorse']", CHOICES["Task_village_endorse"])
    page.click("#rehearsal-form button[type=submit]")
    for key, value in CHOICES.items():
        page.wait_for_selector(f"#rehearsal-decisions select[name='{key}']")
        page.select_option(f"#rehearsal-decisions select[name='{key}']", value)
    page.click("#rehearsal-form button[type=submit]")
    page.wait_for_selector("#rehearsal-result .notice-success")
    rows = page.locator("#rehearsal-result table.rehearsal-steps tbody tr")
    assert rows.count() == 6
    assert "村级推荐意见" in rows.nth(0).inner_text() and "是否向上推荐" in rows.nth(5).inner_text()
    marked = page.evaluate("""() => {
      const m = window.brandcertEditor.modeler, canvas = m.get('canvas');
      return ['Task_village_endorse', 'Flow_to_county', 'CallActivity_county', 'EndEvent_county_kept',
              'CallActivity_city'].map(id => canvas.hasMarker(id, 'bc-rehearsed'));
    }""")
    assert marked == [True, True, True, True, False]
    page.locator("#rehearsal").scroll_into_view_if_needed()
    screenshot(page, "editor-rehearsal")

    page.fill("#rehearsal-name", "县级认定不上报")
    page.click("#rehearsal-save")
    page.wait_for_selector("#rehearsal-scenarios li:has-text('县级认定不上报')")

    page.set_viewport_size({"width": 390, "height": 844})
    page.locator("#rehearsal-result").scroll_into_view_if_needed()
    screenshot(page, "editor-rehearsal-phone")
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 400, width  # nothing wider than the phone
    assert problems == []
    close(page)
