"""The trail speaks the reader's language: the audit table, its decision filter, the CSV export, the
timeline, the diagram's lanes and the administration trail show decisions as the forms word them,
levels, roles, regions and processes by name, never the keys and codes the trail stores."""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime

import pytest
from sqlalchemy import select

from tests import walk
from tests.api_client import Api
from tests.browser.tour_rules import KIND_ID
from tests.web.browser_client import Browser
from tests.web.shown_text import problems, shown_text
from webapp import clock
from webapp.applications.models import CreationUnit
from webapp.audit.admin_trail import operator
from webapp.audit.models import AdminAction, AdminEvent
from webapp.auth.models import User
from webapp.db import session
from webapp.demo.data import PASSWORD
from webapp.history import admin_subjects
from webapp.history.names import Names
from webapp.people.services import create_user
from webapp.spotcheck.services import schedule_campaign, start_campaign
from webapp.workdays.calendar import CHINA

AUDITOR = "shaanxi.auditor"
DECISION_CELLS = re.compile(r'<td data-label="(?:决定|Decision)">([^<]*)</td>')


def _endorsed_once_returned_once(client) -> dict:
    """The village forwards one application and returns another (the same day, China time)."""
    api = Api(client)
    with clock.travel(datetime(2026, 3, 3, 9, 0, tzinfo=CHINA)):
        forwarded = walk.submit(api)
        walk.endorse(api)
        returned = walk.submit(api, brand_name="岐山擀面皮匠")
        walk.endorse(api, decision="return", comment="请核实从业人数。")
    return {"forwarded": forwarded, "returned": returned}


def _reader(app, *, english: bool = False) -> Browser:
    browser = Browser(app)
    browser.login(AUDITOR)
    if english:
        browser.client.set_cookie("lang", "en")
    return browser


def test_the_audit_table_and_its_filter_name_decisions_as_the_forms_do(app, client):
    _endorsed_once_returned_once(client)
    page = _reader(app).get("/audit").get_data(as_text=True)
    decisions = DECISION_CELLS.findall(page)
    assert "同意推荐" in decisions and "退回修改" in decisions
    assert not {"forward", "return"} & set(decisions)
    # a select of the forms' words whose values are the stored keys; `return` is worded by several forms
    choice = re.search(r'<option value="return"\s*>([^<]+)</option>', page)
    assert choice and "退回修改" in choice.group(1) and "退回补正" in choice.group(1)
    assert re.search(r'<option value="recognized"\s*>已认定</option>', page)  # a case's outcome
    assert 'placeholder="recognize' not in page

    narrowed = _reader(app).get("/audit?outcome=return").get_data(as_text=True)
    assert DECISION_CELLS.findall(narrowed) == ["退回修改"]
    assert re.search(r'<option value="return"\s+selected>', narrowed)

    english = _reader(app, english=True).get("/audit").get_data(as_text=True)
    assert {"Endorse and forward", "Return for revision"} <= set(DECISION_CELLS.findall(english))


def test_the_csv_export_is_worded_like_the_library_export(app, client):
    _endorsed_once_returned_once(client)
    body = _reader(app).client.get("/audit/events.csv").get_data().decode("utf-8")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    header, data = rows[0], rows[1:]
    assert header[:4] == ["时间（北京时间）", "事件编号", "案件编号", "流程"] and "决定" in header and "详情" in header
    column = {name: index for index, name in enumerate(header)}
    returned = next(row for row in data if row[column["决定"]] == "退回修改")
    assert returned[column["层级"]] == "村（社区）" and returned[column["角色"]] == "经办人员"
    assert returned[column["地区"]].startswith("陕西省 · 宝鸡市 · 岐山县")
    assert returned[column["流程"]] == "劳务品牌逐级推荐认定" and returned[column["操作"]] == "办理任务"
    assert returned[column["详情"]].startswith("请核实从业人数。")
    started = next(row for row in data if row[column["操作"]] == "流程发起")
    assert "品牌名称：" in started[column["详情"]]
    text = "\n".join(",".join(row) for row in data)
    for stored in ("{", "forward", "return", "official", "village", "610323", "task_completed"):
        assert stored not in text, stored

    english = _reader(app, english=True).client.get("/audit/events.csv").get_data().decode("utf-8")
    rows = list(csv.reader(io.StringIO(english.lstrip("\ufeff"))))
    assert rows[0][:4] == ["Time (China)", "Event number", "Case number", "Process"]
    assert any(row[12] == "Return for revision" and row[8] == "Village" and row[11] == "Official" for row in rows[1:])
    assert {row[3] for row in rows[1:]} == {"Recommendation by level"}


def test_the_timeline_names_processes_and_the_diagram_names_lanes(app, client):
    cases = _endorsed_once_returned_once(client)
    api = Api(client)
    brand_id = api.get(f"/applications/{cases['forwarded']['id']}", walk.APPLICANT)["brand_id"]
    reader = _reader(app)
    history = reader.get(f"/brands/{brand_id}/history").get_data(as_text=True)
    assert "劳务品牌逐级推荐认定 第1版" in history and "第1条记录" in history
    assert "recommendation v1" not in history and " v1" not in history

    path = reader.get(f"/cases/{cases['forwarded']['instance_id']}/path.json").get_json()
    assert path["lanes"]["village"] == "村（社区）" and path["lanes"]["applicant"] == "申报单位"
    assert path["lanes"]["county"] == "县级"
    english = _reader(app, english=True).get(f"/cases/{cases['forwarded']['instance_id']}/path.json").get_json()
    assert english["lanes"]["village"] == "Village"
    diagram = reader.get(f"/cases/{cases['forwarded']['instance_id']}/diagram").get_data(as_text=True)
    assert "劳务品牌逐级推荐认定 第1版" in diagram and "js/lane-labels.js" in diagram


def test_the_administration_trail_names_what_its_events_hold(app):
    unit = session.scalars(select(CreationUnit).where(CreationUnit.name == "岐山县西岐名吃产业协会")).one()
    create_user("xiqi.clerk", PASSWORD, "西岐协会文员", roles=[("applicant", "610323"), ("official", "610323")],
                creation_unit_id=unit.id)
    page = _reader(app).get("/audit/administration?action=user_created").get_data(as_text=True)
    row = re.search(r'<td data-label="详情" class="details">(.*?)</td>', page, re.S).group(1)
    assert "角色" in row and "经办人员 · 陕西省 · 宝鸡市 · 岐山县" in row
    assert "培育创建单位 · 陕西省 · 宝鸡市 · 岐山县" in row and "岐山县西岐名吃产业协会" in row
    assert "@" not in row and "roles" not in row and "610323" not in row and f">{unit.id}<" not in row


def _case_numbers_and_long_hashes(html: str) -> list[str]:
    """What the tour counts as a case or event number, and check codes longer than their short form."""
    shown = " ".join(shown_text(html))
    return [hit.token for hit in problems(html) if hit.kind == KIND_ID] + re.findall(r"[0-9a-f]{13,}", shown)


def test_cases_are_told_apart_by_their_kind_and_start_day_not_by_number(app, client):
    cases = _endorsed_once_returned_once(client)
    brand_id = Api(client).get(f"/applications/{cases['forwarded']['id']}", walk.APPLICANT)["brand_id"]
    reader = _reader(app)
    for url in ("/audit", "/audit?kind=cases", f"/brands/{brand_id}/history",
                f"/cases/{cases['forwarded']['instance_id']}/diagram"):
        page = reader.get(url).get_data(as_text=True)
        assert _case_numbers_and_long_hashes(page) == [], url
        assert "推荐认定（2026-03-03 起）" in page or url == "/audit?kind=cases", url
    assert "流程路径图" in reader.get("/audit?kind=cases").get_data(as_text=True)
    english = _reader(app, english=True).get(f"/brands/{brand_id}/history").get_data(as_text=True)
    assert "Recommendation (started 2026-03-03)" in english and _case_numbers_and_long_hashes(english) == []


def test_the_administration_trail_says_in_words_what_each_event_concerns(app):
    create_user("qishan.clerk", PASSWORD, "岐山文员", roles=[("applicant", "610323")])  # by the operator
    schedule = schedule_campaign("610300", month=5, day=1, rate=0.1, actor=None)
    start_campaign("610300", rate=0.1, seed="demo", actor=None, schedule_id=schedule.id)
    year = clock.now_utc().astimezone(CHINA).year
    page = _reader(app).get("/audit/administration").get_data(as_text=True)
    events = page[page.index("<thead>", page.index('id="administration-events"')):]
    assert problems(events) == [] and _case_numbers_and_long_hashes(events) == []
    shown = " ".join(shown_text(events))
    assert "用户 岐山文员（" in shown and "第1条记录" in shown
    assert "流程 劳务品牌逐级推荐认定 第1版" in shown and "判定规则 宝鸡市吸纳就业一次性奖补 第1版" in shown
    assert "表单 复核决定 第1版、劳务品牌申报表 第1版" in shown
    assert "开发用签名密钥" in shown and '命令行（操作系统用户 <bdi translate="no" title="command line (' in events
    assert f"{year}年度抽查批次" in shown and "每年5月1日的抽查" in shown and "每年定期抽查计划" in shown
    assert "抽取比例 10%" in shown and '<code translate="no">demo</code>' in events
    assert "陕西省人力资源和社会保障厅、宝鸡市人力资源和社会保障局" in shown and "610000" not in events
    assert re.search(r'<code translate="no" title="[0-9a-f]{64}">[0-9a-f]{12}</code>', events)

    english = _reader(app, english=True).get("/audit/administration").get_data(as_text=True)
    events = english[english.index("<thead>", english.index('id="administration-events"')):]
    assert problems(events, chinese=False) == []
    assert "process Recommendation by level, version 1" in events and "spot check campaign of" in events


STORED_SUBJECTS = [
    (AdminAction.CERTIFICATE_REVOKED, "certificate LB-610323-2026-00001", "610323",
     {"reason": "品牌已注销", "level": "county"}, "证书"),
    (AdminAction.REISSUE_STARTED, "batch 3", "610300", {"reason": "换用新密钥", "certificates": 4},
     "宝鸡市签发的证书"),
    (AdminAction.SIGNING_KEY_IMPORTED, "signing key of 宝鸡市人力资源和社会保障局", "610300", {"sha256": "ab" * 32},
     "宝鸡市人力资源和社会保障局的签名密钥"),
    (AdminAction.SCHEMA_UPGRADED, "schema 0016", None, {"from": "0015", "to": "0016"}, "数据库结构"),
    (AdminAction.CALENDAR_ENTERED, "calendar 2027", None, {"holidays": 7, "workdays": 3, "text_sha256": "cd" * 32},
     "2027年节假日安排"),
    (AdminAction.DELIVERY_RETRIED, "delivery 9", "610323", {"channel": "email", "recipient": "qishan.official"},
     "的消息"),
    (AdminAction.CASES_MIGRATED, "recommendation v1", None, {"moved": [], "stayed": [], "steps": {}},
     "流程 劳务品牌逐级推荐认定 第1版"),
    (AdminAction.SCENARIO_SAVED, "recommendation: 县级退回", "610323", {"choices": {"county_review": ["return"]}},
     "劳务品牌逐级推荐认定的演练场景"),
    (AdminAction.TASKS_RELEASED, "user {official} qishan.official", "610323", {"why": "deactivated", "tasks": [
        {"task_id": 7, "instance_id": 2, "brand": "西岐名吃", "task": "县级审核"}]}, "待办 西岐名吃：县级审核"),
    (AdminAction.SUBSTITUTE_SET, "user {official} qishan.official", "610323", {
        "substitution_id": 1, "substitute": "qishan.official", "starts_on": "2026-05-11", "ends_on": "2026-05-20",
        "reason": "休假"}, "用户 "),
]
"""Events the test world has none of, as their writers store them: each reads in words."""


@pytest.mark.parametrize("action, stored, region, data, expected", STORED_SUBJECTS)
def test_each_kind_of_event_reads_in_words_in_both_languages(app, action, stored, region, data, expected):
    official = session.scalars(select(User).where(User.username == "qishan.official")).one()
    event = AdminEvent(action=action, subject=stored.format(official=official.id), region_code=region, data=data,
                       actor_id=None, actor_name="command line (root@vm)")
    for locale in ("zh", "en"):
        with app.test_request_context("/", headers={"Cookie": f"lang={locale}"}):
            shown = admin_subjects.words(event, Names(locale))
            html = f"<p>{shown.subject}</p><p>{shown.actor}</p>" + "".join(
                f"<p>{label} {text}</p>" for label, text in shown.details)
        assert problems(html, chinese=locale == "zh") == [], (locale, html)
        assert _case_numbers_and_long_hashes(html) == [], html
        if locale == "zh":
            assert expected in " ".join(shown_text(html)) + html, html


def test_a_subject_no_pattern_reads_is_shown_as_stored_and_marked_as_data(app):
    event = AdminEvent(action=AdminAction.USER_CREATED, subject="someone else", data=None, actor_id=None,
                       actor_name="someone")
    gone = AdminEvent(action=AdminAction.PASSWORD_RESET, subject="user 99999 ghost", data=None, actor_id=None,
                      actor_name="someone")
    with app.test_request_context("/"):
        assert str(admin_subjects.subject(event, Names("zh"))) == '<bdi translate="no">someone else</bdi>'
        assert str(admin_subjects.subject(gone, Names("zh"))) == '用户 <bdi translate="no">ghost</bdi>'
        assert str(admin_subjects.actor(event)) == "<bdi>someone</bdi>"


@pytest.mark.parametrize("pattern, stored, parts", [
    (admin_subjects.USER, "user 5 qishan.clerk", {"id": "5", "username": "qishan.clerk"}),
    (admin_subjects.VERSION, "award_baoji_absorption v12", {"key": "award_baoji_absorption", "version": "12"}),
    (admin_subjects.CERTIFICATE, "certificate LB-610323-2026-00001", {"number": "LB-610323-2026-00001"}),
    (admin_subjects.SIGNING_KEY, "signing key of 宝鸡市人社局", {"authority": "宝鸡市人社局"}),
    (admin_subjects.SCHEMA, "schema 0016", {"revision": "0016"}),
    (admin_subjects.CALENDAR, "calendar 2027", {"year": "2027"}),
    (admin_subjects.SCENARIO, "recommendation: 县级: 退回", {"key": "recommendation", "name": "县级: 退回"}),
    (admin_subjects.OPERATOR, "command line (root@vm)", {"account": "root", "host": "vm"}),
    (admin_subjects.SCHEDULE, "schedule 2", {}),
])
def test_each_stored_subject_is_read_by_the_pattern_its_writer_follows(pattern, stored, parts):
    assert admin_subjects.parsed(pattern, stored) == parts


@pytest.mark.parametrize("pattern, stored", [
    (admin_subjects.USER, "user qishan.clerk"), (admin_subjects.VERSION, "recommendation"),
    (admin_subjects.OPERATOR, "root@vm"), (admin_subjects.CALENDAR, "calendar next year"),
    (admin_subjects.SCHEDULE, "schedule"), (admin_subjects.CERTIFICATE, "certificates"),
])
def test_a_string_its_pattern_does_not_read_is_left_alone(pattern, stored):
    assert admin_subjects.parsed(pattern, stored) is None


def test_the_operator_is_stored_as_the_pattern_reads_it():
    assert admin_subjects.parsed(admin_subjects.OPERATOR, operator()) is not None
