"""The administration trail on a phone (390×844): its details (authorities, forms with their check
codes) wrap inside the page, which never scrolls sideways. Saves tests/artifacts/administration-390.png."""

from __future__ import annotations

from tests.browser.conftest import screenshot
from tests.browser.test_walk import close, sign_in


def test_the_administration_trail_fits_a_phone(live_server, browser):
    page = sign_in(browser, live_server, "shaanxi.auditor")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server}/audit/administration")
    assert page.locator("td.details code[translate=no]").count() > 1  # check codes, shortened
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    screenshot(page, "administration-390")
    close(page)
