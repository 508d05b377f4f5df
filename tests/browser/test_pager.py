"""The pager on a phone: a list of many pages shows where one is and its neighbours without a
horizontal scroll at 390 px, and its links lead through the list."""

from __future__ import annotations

from tests.browser.conftest import screenshot
from webapp.demo.data import PASSWORD


def test_the_pager_of_a_long_list_fits_a_phone(app, live_server, browser):
    app.config["PAGE_SIZE"] = 2
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{live_server}/login")
    page.fill("#username", "admin")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    page.goto(f"{live_server}/admin/users?page=5")
    pager = page.locator("nav.pager")
    summary = pager.locator(".pager-summary").inner_text()
    assert summary.startswith("第 5 / ") and "共" in summary
    assert pager.locator("[aria-current=page]").inner_text() == "5"
    assert pager.locator(".gap").count() == 2  # the pages far away are left out
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    box = pager.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    screenshot(page, "pager-390")
    pager.locator("a[rel=next]").click()
    page.wait_for_load_state("domcontentloaded")
    assert page.url.endswith("/admin/users?page=6")
    page.set_viewport_size({"width": 1440, "height": 900})
    screenshot(page, "pager-1440")
    context.close()
