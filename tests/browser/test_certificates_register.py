"""The certificates register and my exports on a phone (390×844): a province's administrator finds a
certificate, revokes it with a reason through its form, and the verification page shows it revoked; a city
official finds her export under 我的导出. No page scrolls sideways. Screenshots go to tests/artifacts/."""

from __future__ import annotations

from typing import Any

from tests.browser.conftest import screenshot
from tests.browser.test_library import _in_thread, _with_context
from tests.browser.test_walk import close, sign_in
from tests.factories import make_admin
from tests.library import world
from webapp.worker import run_once

PHONE = {"width": 390, "height": 844}


def _fits(page: Any) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), page.url


def test_an_administrator_revokes_a_certificate_on_a_phone(app, client, live_server, browser):
    _in_thread(lambda: world.build(client))
    make_admin("shaanxi.admin", "610000", "陕西省系统管理员")
    page = sign_in(browser, live_server, "shaanxi.admin")
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server}/certificates")
    rows = page.locator("#certificate-rows tbody tr")
    assert rows.count() == 2
    assert page.locator("#certificate-rows tr[data-status=revoked]").count() == 1  # the brand that left
    _fits(page)
    screenshot(page, "certificates-register-phone")
    page.fill("#f-q", world.KEPT)
    page.click("#certificate-filters button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert rows.count() == 1
    page.click("#certificate-rows a[data-revoke]")
    page.wait_for_load_state("networkidle")
    _fits(page)
    page.fill("#reason", "证书所载信息有误，撤销后重新认定。")
    screenshot(page, "certificates-revoke-phone")
    page.click("#revoke-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.locator("#certificate-rows tr[data-status=revoked]").count() == 1
    assert page.locator("#certificate-rows a[data-revoke]").count() == 0
    page.click("#certificate-rows a[data-verify]")
    page.wait_for_load_state("networkidle")
    assert page.locator(".verdict").get_attribute("data-status") == "revoked"
    assert "证书所载信息有误" in page.inner_text("main")
    _fits(page)
    close(page)


def test_my_exports_on_a_phone(app, client, live_server, browser):
    page = sign_in(browser, live_server, "baoji.official")
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server}/library")
    page.click("#library-export button[data-format=csv]")
    page.wait_for_load_state("networkidle")
    _in_thread(lambda: _with_context(app, run_once))
    page.goto(f"{live_server}/library")
    page.click("a[href='/exports']")
    page.wait_for_load_state("networkidle")
    assert page.locator("#my-exports tr[data-status=done]").count() == 1
    _fits(page)
    screenshot(page, "my-exports-phone")
    with page.expect_download() as download:
        page.click("#my-exports a[data-download]")
    assert download.value.suggested_filename.endswith(".csv")
    close(page)
