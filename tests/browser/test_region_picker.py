"""The region picker in Chromium: a long list becomes one short list per level (the nation's administrator
picks 陕西省, then 宝鸡市, then 岐山县), the form posts the chosen region, rows of roles are added and
removed, and the page fits a phone (390 px) without scrolling sideways or a console error."""

from __future__ import annotations

from sqlalchemy import select

from tests.browser.conftest import screenshot
from tests.browser.test_walk import sign_in
from webapp.auth.models import User
from webapp.db import session


def test_the_nations_administrator_cascades_to_a_county_and_adds_a_role_row_on_a_phone(live_server, browser):
    page = sign_in(browser, live_server, "admin")
    page.set_viewport_size({"width": 390, "height": 844})
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(f"{live_server}/admin/users/new")
    page.fill("#username", "qishan.clerk2")
    page.fill("#display_name", "岐山县文员")
    page.fill("#password", "a-long-password-2")
    page.select_option("#role-0", "official")
    cascade = "#role-rows .role-row:first-child .region-cascade select"
    page.select_option("#region-0", label="中华人民共和国")  # the first list: the top of the jurisdiction
    page.select_option(f"{cascade} >> nth=1", label="陕西省")
    page.select_option(f"{cascade} >> nth=2", label="宝鸡市")
    page.select_option(f"{cascade} >> nth=3", label="岐山县")
    assert page.input_value("#region-0-value") == "610323"
    assert page.locator(f"{cascade} >> nth=4").count() == 1  # 岐山县's townships, not chosen: 岐山县 itself
    page.click("[data-add-row][data-rows=role-rows]")
    assert page.locator("#role-rows .role-row").count() == 2
    assert page.locator("#role-rows .role-row >> nth=1 >> .region-cascade select").count() == 1  # enhanced too
    page.locator("#role-rows .role-row >> nth=1 >> [data-remove-row]").click()
    assert page.locator("#role-rows .role-row").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "region-picker-phone")
    page.click("main form button.primary[type=submit]")
    page.wait_for_selector(".notice-success")
    session.remove()
    user = session.scalars(select(User).where(User.username == "qishan.clerk2")).one()
    assert user.role_pairs == [("official", "610323")]
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(f"{live_server}/admin/users/{user.id}")  # the saved role comes back, cascaded to 岐山县
    assert page.locator("#role-rows .role-row:first-child .region-cascade select >> nth=3").input_value() == "610323"
    screenshot(page, "region-picker-desktop")
    assert errors == []
