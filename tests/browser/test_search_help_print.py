"""The header's search box, the help and the printable pages in the real browser, on a desktop and a phone:
the box searches from any page (on a phone a magnifier opens the search page), nothing sticks out
sideways, the help link lands on the section about the page, and the print button prints. Saves
screenshots under tests/artifacts/."""

from __future__ import annotations

from typing import Any

import pytest

from tests import walk
from tests.api_client import Api
from tests.browser.conftest import screenshot
from tests.browser.test_walk import close, sign_in

WIDTHS = {"desktop": {"width": 1440, "height": 900}, "phone": {"width": 390, "height": 844}}



def _fits(page: Any, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width, page.url


@pytest.mark.parametrize("size", sorted(WIDTHS))
def test_search_help_and_print_from_the_header(app, client, live_server, browser, size):
    application = walk.submit(Api(client))
    viewport = WIDTHS[size]
    errors: list[str] = []
    page = sign_in(browser, live_server, walk.APPLICANT, viewport)
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    if size == "desktop":
        page.fill(".masthead-search input[name=q]", "臊子面")
        page.press(".masthead-search input[name=q]", "Enter")
    else:
        assert not page.locator(".masthead-search").is_visible()
        page.click(".search-icon")
        page.fill("#search-page-q", "臊子面")
        page.click(".search-page button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-hit^='brand:']").count() == 1
    _fits(page, viewport["width"])
    screenshot(page, f"search-{size}")

    page.click("#help-link")
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/help/applicant#search")
    _fits(page, viewport["width"])
    screenshot(page, f"help-applicant-{size}")

    page.goto(f"{live_server}/applications/{application['id']}/receipt")
    page.evaluate("window.print = () => { document.body.dataset.printed = 'yes'; }")
    page.click("[data-print]")
    assert page.locator("body[data-printed=yes]").count() == 1
    _fits(page, viewport["width"])
    screenshot(page, f"receipt-{size}")
    page.emulate_media(media="print")
    assert not page.locator(".masthead").is_visible() and not page.locator(".print-bar").is_visible()
    assert page.locator("#receipt-number").is_visible()
    page.emulate_media(media="screen")

    page.goto(f"{live_server}/applications/{application['id']}/print")
    _fits(page, viewport["width"])
    screenshot(page, f"application-print-{size}")
    assert errors == []
    close(page)
