"""The 公示 notice period lasts 5 Chinese working days, across a public holiday."""

from __future__ import annotations

from datetime import datetime

from tests import walk
from tests.api_client import Api
from tests.workdays import years
from webapp import clock
from webapp.workdays.calendar import CHINA
from webapp.worker import fire_due_timers


def test_the_notice_period_ends_after_five_working_days_across_national_day(client):
    api = Api(client)
    clock.set_now(datetime(2026, 9, 28, 9, 0, tzinfo=CHINA))
    application = walk.submit(api)
    instance_id = application["instance_id"]
    walk.endorse(api)
    walk.intake(api, "county")
    walk.score(api, "county")
    clock.set_now(datetime(2026, 9, 30, 10, 0, tzinfo=CHINA))
    walk.decide(api, "county")

    instance = api.get(f"/instances/{instance_id}", "qishan.official")
    assert datetime.fromisoformat(instance["next_timer_at"]) == datetime(2026, 10, 14, 0, 0, tzinfo=CHINA)
    notice = api.only_task("qishan.official")
    assert datetime.fromisoformat(notice["due_at"]) == datetime(2026, 10, 14, 0, 0, tzinfo=CHINA)

    clock.set_now(datetime(2026, 10, 13, 23, 59, tzinfo=CHINA))
    with client.application.app_context():
        assert fire_due_timers() == 0
    assert api.only_task("qishan.official")["id"] == notice["id"]
    assert api.get(f"/applications/{application['id']}", walk.APPLICANT)["recognized_levels"] == []

    clock.set_now(datetime(2026, 10, 14, 0, 1, tzinfo=CHINA))
    with client.application.app_context():
        assert fire_due_timers() == 1
        assert fire_due_timers() == 0
    after = api.get(f"/applications/{application['id']}", walk.APPLICANT)
    assert after["recognized_levels"] == ["county"]
    assert api.only_task("qishan.official")["form_key"] == "recommend_upward"
    events = api.get(f"/instances/{instance_id}/events", "shaanxi.auditor")["items"]
    fired = [e for e in events if e["action"] == "timer_fired"]
    assert len(fired) == 1 and fired[0]["at"].startswith("2026-10-13T16:01")


def test_a_notice_running_into_an_unknown_year_is_counted_monday_to_friday_with_a_warning(client):
    years.forget(2027)
    api = Api(client)
    application = walk.submit(api)
    walk.endorse(api)
    walk.intake(api, "county")
    walk.score(api, "county")
    clock.set_now(datetime(2026, 12, 30, 10, 0, tzinfo=CHINA))
    walk.decide(api, "county")
    instance = api.get(f"/instances/{application['instance_id']}", "qishan.official")
    assert datetime.fromisoformat(instance["next_timer_at"]) == datetime(2027, 1, 7, tzinfo=CHINA)
    events = api.get(f"/instances/{application['instance_id']}/events", "shaanxi.auditor")["items"]
    warnings = [e["data"] for e in events if e["action"] == "warning"]
    assert any("Monday-Friday" in w["message"] and w["params"] == {"years": "2027"} for w in warnings)
