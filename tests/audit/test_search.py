"""Searching the trail: each filter, date ranges in China time, pages, jurisdiction, bad input,
the CSV export; and the chain status the auditors' page shows after a requested verification."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

from sqlalchemy import func, select, update

from tests import walk
from tests.api_client import Api
from tests.audit import steps
from tests.web.browser_client import Browser
from tests.web.pager import walk_list
from tests.worlds import starting_at
from webapp import clock
from webapp.audit.models import AdminEvent, AuditEvent
from webapp.db import session, transaction
from webapp.worker import keep_audit_trail

ROW = re.compile(r'<tr[^>]*>\s*<td data-label="[^"]+">(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)</td>')


def _times(html: str) -> list[str]:
    return ROW.findall(html)


@starting_at(steps.three_brands)
def test_each_filter_narrows_the_events(app, client):
    auditor = Browser(app)
    auditor.login("shaanxi.auditor")

    every = _times(auditor.get("/audit").get_data(as_text=True))
    assert len(every) == 4 and every == sorted(every, reverse=True)  # the Guangxi filing is not here
    assert len(_times(auditor.get("/audit?brand=擀面皮").get_data(as_text=True))) == 2
    assert len(_times(auditor.get("/audit?unit=鹿寨").get_data(as_text=True))) == 0
    assert len(_times(auditor.get("/audit?unit=岐山县西岐").get_data(as_text=True))) == 4
    assert len(_times(auditor.get("/audit?actor=岐星村").get_data(as_text=True))) == 2
    assert len(_times(auditor.get("/audit?level=village&action=task_completed").get_data(as_text=True))) == 2
    assert len(_times(auditor.get("/audit?outcome=return").get_data(as_text=True))) == 1
    assert len(_times(auditor.get("/audit?region=610323").get_data(as_text=True))) == 4
    march_3 = _times(auditor.get("/audit?date_from=2026-03-03&date_to=2026-03-03").get_data(as_text=True))
    # to the minute: on a busy machine a request may take a second
    assert [moment[:16] for moment in march_3] == ["2026-03-03 09:00", "2026-03-03 09:00"]
    assert len(_times(auditor.get("/audit?date_from=2026-03-04").get_data(as_text=True))) == 2

    cases = auditor.get("/audit?kind=cases&actor=岐星村").get_data(as_text=True)
    assert cases.count("/diagram") == 2 and "岐山擀面皮匠" in cases

    guangxi = Browser(app)
    guangxi.login("guangxi.auditor")
    theirs = guangxi.get("/audit").get_data(as_text=True)
    assert len(_times(theirs)) == 1 and "鹿寨螺蛳粉匠" in theirs and "岐山" not in theirs


@starting_at(steps.three_brands)
def test_bad_searches_are_refused_clearly(app, client):
    auditor = Browser(app)
    auditor.login("shaanxi.auditor")
    bad = auditor.get("/audit?date_from=2026-13-01&date_to=x&page=0&action=drop&level=moon")
    assert bad.status_code == 422
    html = bad.get_data(as_text=True)
    for message in ("请按“年-月-日”填写日期，例如 2026-03-05。", "页码从 1 开始。", "未知的操作类型。"):
        assert message in html
    assert auditor.get("/audit?date_from=2026-03-05&date_to=2026-03-01").status_code == 422
    assert auditor.get("/audit?region=450223").status_code == 403
    assert auditor.get("/audit?region=999999").status_code == 422
    assert auditor.get("/audit/events.csv?date_from=yesterday").status_code == 422

    applicant = Browser(app)
    applicant.login(walk.APPLICANT)
    assert applicant.get("/audit").status_code == 403


def test_the_pager_reaches_every_event_and_every_case(app, client):
    app.config["PAGE_SIZE"] = 4
    api = Api(client)
    walk.submit(api)
    task = api.only_task(walk.VILLAGE)
    for _ in range(5):  # 10 claims and releases, one event each
        api.post(f"/tasks/{task['id']}/claim", walk.VILLAGE)
        api.post(f"/tasks/{task['id']}/unclaim", walk.VILLAGE)
    walk.submit(api, brand_name="岐山擀面皮匠")
    with app.app_context():
        recorded = session.scalar(select(func.count()).select_from(AuditEvent))
    auditor = Browser(app)
    auditor.login("shaanxi.auditor")
    events = walk_list(auditor, "/audit")
    assert events.total == len(events.rows) == recorded > 10 and len(events.summaries) == -(-recorded // 4)
    by_brand = walk_list(auditor, "/audit?brand=擀面皮")  # the filters ride along the pages
    assert by_brand.total == len(by_brand.rows) and all("岐山擀面皮匠" in row for row in by_brand.rows)
    cases = walk_list(auditor, "/audit?kind=cases")
    assert cases.total == len(cases.rows) == 2
    first = auditor.get("/audit").get_data(as_text=True)
    assert 'rel="next" href="/audit?kind=events&amp;page=2"' in first and 'rel="prev"' not in first
    assert auditor.get("/audit?page=99").status_code == 200  # past the end: the last page


@starting_at(steps.three_brands)
def test_csv_export_holds_every_matching_event(app, client):
    auditor = Browser(app)
    auditor.login("shaanxi.auditor")
    response = auditor.client.get("/audit/events.csv?brand=岐山")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    body = response.get_data().decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert rows[0][0] == "时间（北京时间）" and len(rows) == 1 + 4
    assert {row[5] for row in rows[1:]} == {"岐山臊子面师", "岐山擀面皮匠"}
    returned = next(row for row in rows[1:] if row[12] == "退回修改")
    assert "请核实从业人数。" in returned[13] and returned[0].startswith("2026-03-03 09:00:")


@starting_at(steps.three_brands)
def test_requested_verification_and_the_worker_checkpoint(world, app, client):
    ids = world.facts
    auditor = Browser(app)
    auditor.login("shaanxi.auditor")
    assert "尚未进行全面核对" in auditor.get("/audit").get_data(as_text=True)
    auditor.post("/audit/verification", {})
    assert "全面核对正在进行" in auditor.get("/audit").get_data(as_text=True)

    with app.app_context():
        keep_audit_trail()  # the worker: first checkpoint, then the requested verification
    page = auditor.get("/audit").get_data(as_text=True)
    administration = session.scalar(select(func.count()).select_from(AdminEvent))
    assert "最近一次全面核对" in page and f"4 组共 {5 + administration} 条记录，1 次签名封存" in page

    with transaction():
        session.execute(update(AuditEvent).where(AuditEvent.instance_id == ids["first"], AuditEvent.seq == 2)
                        .values(actor_name="某人"))
    auditor.post("/audit/verification", {})
    clock.advance(timedelta(hours=2))
    with app.app_context():
        keep_audit_trail()  # no new checkpoint over a broken chain; the verification reports it
    page = auditor.get("/audit").get_data(as_text=True)
    assert "chain-broken" in page and f"案件 {ids['first']}，第 2 条" in page
