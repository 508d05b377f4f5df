"""The administrators' working-day calendar in the real browser, on 2026-12-04 with 2027 still unknown:
the national administrator follows the reminder banner, previews the State Council's notice as twelve
month grids, saves it (the banner goes), then in English types a bad line that is refused with its line
number and saves nothing. Saves screenshots of the preview, the saved year and the refusal under
tests/artifacts/."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from tests.browser.conftest import screenshot
from tests.browser.test_walk import close, sign_in
from tests.workdays import years
from webapp import clock
from webapp.db import session
from webapp.workdays.models import WorkdayRevision

DECEMBER = datetime(2026, 12, 4, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
NOTICE_2027 = """一、元旦：1月1日（周五）至3日（周日）放假，共3天。
二、春节：2月6日（周六）至14日（周日）放假调休，共9天。2月20日（周六）上班。
三、劳动节：5月1日至5日放假调休，共5天。5月8日（周六）上班。"""
BAD_LINE = "元旦：2月30日放假"


def _revisions_of_2027() -> int:
    try:
        return session.scalar(select(func.count()).select_from(WorkdayRevision)
                              .where(WorkdayRevision.year == 2027)) or 0
    finally:
        session.remove()


def _path(page) -> str:
    """The page's address without its fragment: a form posted from /admin/calendar#enter (the banner's
    link) keeps the #enter across the redirect, as browsers do."""
    return page.url.split("#")[0]


def _submit(page, label: str) -> None:
    page.click(f"#enter button[name=action]:has-text('{label}')")
    page.wait_for_load_state("networkidle")


def test_the_national_administrator_enters_next_years_holidays_from_the_notice(app, live_server, browser):
    years.forget(2027)
    clock.set_now(DECEMBER)

    official = sign_in(browser, live_server, "qishan.official")  # no banner, no page for a county official
    assert official.locator("#calendar-reminder").count() == 0
    assert official.goto(f"{live_server}/admin/calendar").status == 403
    close(official)

    page = sign_in(browser, live_server, "admin")
    banner = page.locator("#calendar-reminder")
    assert banner.is_visible() and "2027" in banner.inner_text()
    banner.locator("a").click()
    page.wait_for_load_state("networkidle")
    assert _path(page) == f"{live_server}/admin/calendar"
    assert page.locator("#enter").is_visible()

    page.select_option("select#year", "2027")
    page.fill("#text", NOTICE_2027)
    _submit(page, "预览")
    preview = page.locator("#preview")
    assert preview.is_visible() and "2027" in preview.locator("h2").inner_text()
    assert preview.locator(".year-grid table.month").count() == 12
    assert "day-holiday" in preview.locator('td[data-day="2027-02-08"]').get_attribute("class").split()
    assert "day-makeup" in preview.locator('td[data-day="2027-02-20"]').get_attribute("class").split()
    assert "春节" in preview.locator("table.ranges").inner_text()
    assert page.input_value("#text") == NOTICE_2027  # the text stays in the field for saving
    assert _revisions_of_2027() == 0  # a preview saves nothing
    screenshot(page, "calendar-preview-zh")

    _submit(page, "保存")
    assert _path(page) == f"{live_server}/admin/calendar/2027"
    assert "2027" in page.inner_text(".notice-success")
    assert "春节" in page.inner_text("table.ranges")
    assert page.locator("#calendar-reminder").count() == 0
    assert "day-makeup" in page.locator('td[data-day="2027-05-08"]').get_attribute("class").split()
    assert _revisions_of_2027() == 1
    screenshot(page, "calendar-2027-zh")

    page.click("nav.lang a:has-text('English')")
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "en"
    page.goto(f"{live_server}/admin/calendar")
    page.select_option("select#year", "2027")
    page.fill("#text", BAD_LINE)
    _submit(page, "Preview")
    error = page.locator(".field.has-error:has(#text) .field-error")
    assert error.count() >= 1 and "Line 1" in error.first.inner_text(), page.inner_text("main")
    assert page.locator("#preview").count() == 0
    screenshot(page, "calendar-error-en")
    _submit(page, "Save")  # saving the same text is refused as well
    assert _path(page) == f"{live_server}/admin/calendar"
    assert "Line 1" in page.locator(".field.has-error:has(#text) .field-error").first.inner_text()
    assert _revisions_of_2027() == 1

    page.goto(f"{live_server}/admin/calendar/2027")
    page.wait_for_load_state("networkidle")
    ranges = page.inner_text("table.ranges")
    assert "春节" in ranges and "2027-02-06 – 2027-02-14" in ranges and "2027-03-02" not in ranges
    assert "day-holiday" in page.locator('td[data-day="2027-02-08"]').get_attribute("class").split()
    assert "Working days of 2027" in page.inner_text("h1")
    screenshot(page, "calendar-2027-en")
    close(page)
