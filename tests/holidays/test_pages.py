"""The calendar page: who may use it, preview, save with its trail, refusals that change nothing, and
the reminders (banner, /healthz) while next year is unknown."""

from __future__ import annotations

from datetime import datetime
from importlib.metadata import version

from sqlalchemy import func, select

from tests import walk
from tests.api_client import Api
from tests.holidays.test_recount import ARRANGEMENT_2027
from tests.web.browser_client import Browser
from tests.web.shown_text import problems
from tests.workdays import years
from webapp import clock
from webapp.db import session
from webapp.workdays.calendar import CHINA
from webapp.workdays.models import WorkdayOverride, WorkdayRevision, WorkdayYear

DECEMBER = datetime(2026, 12, 4, 10, 0, tzinfo=CHINA)


def _stored_2027() -> tuple[int, int]:
    try:
        return (session.scalar(select(func.count()).select_from(WorkdayRevision)) or 0,
                session.scalar(select(func.count()).select_from(WorkdayOverride)
                               .where(WorkdayOverride.day >= datetime(2027, 1, 1).date())) or 0)
    finally:
        session.remove()


def test_only_the_national_administrator_reaches_the_calendar(app):
    for user, status in (("admin", 200), ("qishan.official", 403), ("shaanxi.auditor", 403)):
        browser = Browser(app)
        browser.login(user)
        assert browser.get("/admin/calendar").status_code == status, user
    anonymous = Browser(app).get("/admin/calendar")
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]


def test_the_year_list_shows_where_each_year_came_from(app):
    browser = Browser(app)
    browser.login("admin")
    page = browser.text(browser.get("/admin/calendar"))
    bundled = f"系统自带节假日数据（{version('chinesecalendar')} 版）"
    assert bundled in page and "2026" in page and problems(page) == [], problems(page)
    year = browser.text(browser.get("/admin/calendar/2026"))
    assert "国庆节" in year and 'data-day="2026-10-01"' in year and "day-holiday" in year
    assert bundled in year and problems(year) == [], problems(year)
    unknown = browser.get("/admin/calendar/1990")
    assert unknown.status_code == 404 and "没有找到这个页面" in browser.text(unknown)
    browser.client.set_cookie("lang", "en")
    english = browser.text(browser.get("/admin/calendar"))
    assert f"Built-in holiday data (version {version('chinesecalendar')})" in english


def test_december_reminds_the_administrator_until_next_year_is_entered(app, client):
    years.forget(2027)
    clock.set_now(DECEMBER)
    browser = Browser(app)
    browser.login("admin")
    assert 'id="calendar-reminder"' in browser.text(browser.get("/inbox"))
    official = Browser(app)
    official.login("qishan.official")
    assert 'id="calendar-reminder"' not in official.text(official.get("/inbox"))
    health = client.get("/healthz").get_json()
    assert (health["status"], health["calendar_missing_year"]) == ("degraded", 2027)

    preview = browser.post("/admin/calendar", {"year": "2027", "text": ARRANGEMENT_2027, "action": "preview"})
    assert preview.status_code == 200
    shown = browser.text(preview)
    assert 'id="preview"' in shown and "春节" in shown
    assert 'data-day="2027-02-08"' in shown and _stored_2027() == (0, 0)  # a preview saves nothing

    saved = browser.post("/admin/calendar", {"year": "2027", "text": ARRANGEMENT_2027, "action": "save"})
    assert saved.status_code == 302 and saved.headers["Location"].endswith("/admin/calendar/2027")
    year_page = browser.text(browser.get("/admin/calendar/2027", follow_redirects=True))
    assert 'id="calendar-reminder"' not in year_page
    row = session.get(WorkdayYear, 2027)
    assert row is not None and row.source == "admin" and row.entered_by
    assert f"由{row.entered_by}录入" in year_page and "2月20日（周六）上班" in year_page  # the text as typed
    session.remove()
    assert client.get("/healthz").get_json()["status"] == "ok"


def test_a_bad_arrangement_names_its_line_and_saves_nothing(app):
    years.forget(2027)
    clock.set_now(DECEMBER)
    browser = Browser(app)
    browser.login("admin")
    browser.get("/admin/calendar")
    for text, expected in (("元旦：1月1日放假。\n春节：2月30日放假。", "第 2 行"),
                           ("元旦：1月1日至3日放假。\n春节：1月3日放假。", "第 2 行"),
                           ("元旦：1月1日放假。1月4日（周一）上班。", "第 1 行"),
                           ("", "")):
        answer = browser.post("/admin/calendar", {"year": "2027", "text": text, "action": "save"})
        assert answer.status_code == 422, text
        assert expected in browser.text(answer)
    far = browser.post("/admin/calendar", {"year": "2031", "text": "元旦：1月1日放假。", "action": "save"})
    assert far.status_code == 422 and "2031" in browser.text(far)
    assert _stored_2027() == (0, 0)
    assert browser.post("/admin/calendar", {"year": "2027", "text": "元旦：1月1日放假。", "action": "save"},
                        csrf=False).status_code == 400
    assert _stored_2027() == (0, 0)


def test_the_inbox_marks_a_due_date_counted_monday_to_friday(app, client):
    years.forget(2027)
    clock.set_now(DECEMBER)
    api = Api(client)
    walk.submit(api)
    walk.endorse(api, decision="return", comment="请补充材料。")
    unit = Browser(app)
    unit.login(walk.APPLICANT)
    inbox = unit.text(unit.get("/inbox"))
    assert 'data-assumed="2027"' in inbox and "按周一至周五计" in inbox
    task = api.only_task(walk.APPLICANT)
    assert 'data-assumed="2027"' in unit.text(unit.get(f"/tasks/{task['id']}"))
