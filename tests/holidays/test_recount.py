"""Entering next year's holidays moves the deadlines that were counted Monday-Friday, and each case's
history says why."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from tests import walk
from tests.api_client import Api
from tests.web.browser_client import Browser
from tests.workdays import years
from webapp import clock
from webapp.audit.models import AuditAction, AuditEvent
from webapp.db import session
from webapp.holidays.services import enter_year
from webapp.workdays.calendar import CHINA

ARRANGEMENT_2027 = """国务院办公厅关于2027年部分节假日安排的通知（测试用，虚构）
一、元旦：1月1日（周五）至3日（周日）放假，共3天。
二、春节：2月6日（周六）至14日（周日）放假调休，共9天。2月20日（周六）上班。
三、清明节：4月3日至5日放假，共3天。
四、劳动节：5月1日至5日放假调休，共5天。5月8日（周六）上班。
五、端午节：6月9日放假，共1天。
六、中秋节、国庆节：10月1日至8日放假调休，共8天。9月26日（周日）、10月9日（周六）上班。
"""


def _due(task: dict) -> datetime:
    return datetime.fromisoformat(task["due_at"])


def _task(api: Api, user: str, task_id: int) -> dict:
    return next(t for t in api.get("/tasks", user)["items"] if t["id"] == task_id)


def test_deadlines_counted_monday_to_friday_move_when_the_year_is_entered(app, client):
    years.forget(2027)
    api = Api(client)
    # Friday 2026-12-04: the village returns an application; its revision has 20 working days, and
    # the 20th is 2027-01-01 (元旦) while 2027 counts Monday-Friday.
    clock.set_now(datetime(2026, 12, 4, 10, 0, tzinfo=CHINA))
    returned = walk.submit(api)
    walk.endorse(api, decision="return", comment="请补充带动就业证明。")
    revision = api.only_task(walk.APPLICANT)
    assert _due(revision) == datetime(2027, 1, 2, tzinfo=CHINA)
    assert revision["due_counted_monday_to_friday"] == [2027]
    # Another reaches the county's notice (公示) on Monday 2026-12-28: 29, 30, 31 Dec, 1 and 4 Jan.
    noticed = walk.submit(api, brand_name="岐山臊子面")
    walk.endorse(api)
    walk.intake(api, "county")
    walk.score(api, "county")
    clock.set_now(datetime(2026, 12, 28, 10, 0, tzinfo=CHINA))
    walk.decide(api, "county")
    notice = api.only_task("qishan.official", level="county")
    instance = api.get(f"/instances/{noticed['instance_id']}", "qishan.official")
    assert datetime.fromisoformat(instance["next_timer_at"]) == datetime(2027, 1, 5, tzinfo=CHINA)
    assert _due(notice) == datetime(2027, 1, 5, tzinfo=CHINA)

    entered = enter_year(2027, ARRANGEMENT_2027, actor=None)

    # 元旦 is off from 1 to 3 January: the revision is due at the end of Monday 4 January, the notice
    # ends after 29, 30, 31 Dec, 4 and 5 Jan.
    revision = _task(api, walk.APPLICANT, revision["id"])
    assert _due(revision) == datetime(2027, 1, 5, tzinfo=CHINA)
    assert revision["due_counted_monday_to_friday"] == []
    assert _due(_task(api, "qishan.official", notice["id"])) == datetime(2027, 1, 6, tzinfo=CHINA)
    instance = api.get(f"/instances/{noticed['instance_id']}", "qishan.official")
    assert datetime.fromisoformat(instance["next_timer_at"]) == datetime(2027, 1, 6, tzinfo=CHINA)
    assert sorted((case, change.old.astimezone(CHINA).date().isoformat(),
                   change.new.astimezone(CHINA).date().isoformat()) for case, change in entered.moved) == sorted([
        (returned["instance_id"], "2027-01-02", "2027-01-05"),
        (noticed["instance_id"], "2027-01-05", "2027-01-06"),  # the notice task's due date
        (noticed["instance_id"], "2027-01-05", "2027-01-06"),  # the notice timer
    ])

    # The history of each case says what moved and why, in the trail's hash chain.
    moved = session.scalars(select(AuditEvent).where(AuditEvent.action == AuditAction.DEADLINE_MOVED)
                            .order_by(AuditEvent.instance_id, AuditEvent.seq)).all()
    assert [(e.instance_id, e.data["params"]["old"], e.data["params"]["new"], e.data["params"]["year"])
            for e in moved] == [(returned["instance_id"], "2027-01-01", "2027-01-04", 2027)] + \
        [(noticed["instance_id"], "2027-01-04", "2027-01-05", 2027)] * 2
    session.remove()
    auditor = Browser(app)
    auditor.login("shaanxi.auditor")
    brand_id = api.get(f"/applications/{returned['id']}", walk.APPLICANT)["brand_id"]
    history = auditor.text(auditor.get(f"/brands/{brand_id}/history"))
    assert "期限重新计算" in history
    assert "“修改申报（村级退回）”的办理期限由 2027-01-01 重新计算为 2027-01-04：已录入 2027 年节假日安排。" in history

    # The notice now ends on 6 January: nothing fires on the 5th, the timer fires on the 6th.
    with app.app_context():  # the worker's step reads the app's settings
        clock.set_now(datetime(2027, 1, 5, 12, 0, tzinfo=CHINA))
        assert walk.fire_due_timers() == 0
        clock.set_now(datetime(2027, 1, 6, 0, 1, tzinfo=CHINA))
        assert walk.fire_due_timers() == 1

    # Entering the same text again moves nothing more.
    assert enter_year(2027, ARRANGEMENT_2027, actor=None).moved == []
