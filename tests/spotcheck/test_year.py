"""A whole year of supervision with a movable clock: the yearly campaign starts on its date, draws a
reproducible sample, and four brands end as passed; rectified; exited after a rejected appeal
(library entries ended, certificates revoked); kept after an upheld appeal."""

from __future__ import annotations

from sqlalchemy import select

from tests import walk
from tests.api_client import Api
from tests.spotcheck import steps
from webapp.auth.models import User
from webapp.db import session
from webapp.notifications.models import Message, MessageKind
from webapp.spotcheck.models import Campaign
from webapp.spotcheck.services import schedule_campaign

BRANDS = {"pass": "岐山面匠", "rectify": "岐山面塑师", "exit": "岐山臊子面师", "kept": "岐山擀面皮师"}


def test_a_year_of_spot_checks(client):
    api = Api(client)
    steps.at(2026, 1, 5)
    ids = {key: steps.recognized_at_county(api, name) for key, name in BRANDS.items()}
    assert steps.work(api)[1] == 4  # one county certificate each
    official = session.scalars(select(User).where(User.username == steps.CITY)).one()
    schedule_campaign("610300", month=3, day=2, rate=1.0, actor=official)

    steps.at(2026, 3, 1)
    steps.work(api)
    assert session.scalars(select(Campaign)).all() == []
    steps.at(2026, 3, 2, 9)
    steps.work(api)
    steps.work(api)
    (campaign,) = session.scalars(select(Campaign)).all()
    assert (campaign.year, campaign.seed, campaign.active_brands) == (2026, f"2026-schedule-{campaign.schedule_id}", 4)
    session.remove()
    report = api.get(f"/campaigns/{campaign.id}", steps.CITY)
    assert sorted(row["brand"] for row in report["sample"]) == sorted(BRANDS.values())
    assert report["status"] == {"running": 4}
    assert len(api.get("/tasks?task=Task_assign", steps.COUNTY)["items"]) == 4

    steps.at(2026, 3, 10)
    for name in BRANDS.values():
        steps.assign(api, name)
    steps.at(2026, 4, 8)
    assert steps.record(api, BRANDS["pass"])["finished"] is True
    steps.record(api, BRANDS["rectify"], training_quality="poor")
    steps.record(api, BRANDS["exit"], workers_now=240)  # 52% fewer than at recognition
    steps.record(api, BRANDS["kept"], integrity_breach=True)

    rectification = steps.task(api, walk.APPLICANT, BRANDS["rectify"])
    assert rectification["form_key"] == "rectification_report"
    steps.at(2026, 4, 28)
    api.complete(walk.APPLICANT, rectification["id"], {"measures": "聘请专职培训师，修订培训大纲，增加实操课时。"})
    steps.decide(api, steps.COUNTY, BRANDS["rectify"], "pass")

    for key in ("exit", "kept"):
        evaluation = steps.task(api, steps.CITY, BRANDS[key])
        assert (evaluation["form_key"], evaluation["level"]) == ("exit_evaluation", "city")
        steps.decide(api, steps.CITY, BRANDS[key], "propose_exit", "抽查未通过，拟退出县级劳务品牌资源库。")
        steps.appeal(api, BRANDS[key])
    steps.at(2026, 5, 12)
    steps.decide(api, steps.PROVINCE, BRANDS["exit"], "reject", "复核理由不成立，维持退出。")
    steps.decide(api, steps.PROVINCE, BRANDS["kept"], "uphold", "失信记录已依法修复，撤销退出。")

    steps.at(2026, 12, 31)
    steps.work(api)
    outcomes = {row["brand"]: row["outcome"] for row in api.get(f"/campaigns/{campaign.id}", steps.CITY)["sample"]}
    assert outcomes == {BRANDS["pass"]: "passed", BRANDS["rectify"]: "rectified", BRANDS["exit"]: "exit_proposed",
                        BRANDS["kept"]: "exit_proposed"}

    exited = api.get(f"/brands/{ids['exit']}", walk.APPLICANT)
    (entry,) = exited["library_entries"]
    assert entry["status"] == "exited" and entry["exited_at"].startswith("2026-05-12")
    assert "带动就业人数明显减少" in entry["exit_reason"]
    assert [c["status"] for c in exited["certificates"]] == ["revoked"]
    for key in ("pass", "rectify", "kept"):
        brand = api.get(f"/brands/{ids[key]}", walk.APPLICANT)
        assert [e["status"] for e in brand["library_entries"]] == ["active"], key
        assert [c["status"] for c in brand["certificates"]] == ["issued"], key

    notices = [n.message for n in session.scalars(select(Message).where(Message.kind == MessageKind.EXIT_DECIDED)
                                                  .order_by(Message.id))]
    assert any("left the labor brand resource library" in n for n in notices)
    assert any("stays in the labor brand resource library" in n for n in notices)
    events = api.get(f"/instances/{exited['applications'][0]['instance_id']}/events", "shaanxi.auditor")["items"]
    assert events  # the recommendation history stays intact after the exit
