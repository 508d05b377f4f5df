"""The walk from the applicant to the nation, with every message each person got, in order: each task
tells everyone who may act on it, a return tells the unit with the reviewer's comment, and the unit hears
of each recognition and each certificate."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select

from tests import walk
from tests.api_client import Api
from tests.desk import steps
from tests.worlds import starting_at
from webapp.auth.models import User
from webapp.db import session
from webapp.notifications.models import Message
from webapp.notifications.queries import text_of
from webapp.worker import issue_pending_certificates

REVIEW = ["受理审核", "认定决定", "公示期异议登记", "是否向上推荐"]
"""What a level's official is told of, in order: intake, decision, the notice, recommending upward."""
SCORING = ["专家评审打分"]


def test_every_person_is_told_of_each_step_in_order(client):
    api = Api(client)
    application = walk.submit(api)
    walk.endorse(api, decision="return", comment="请补充从业人数证明。")
    revision = api.only_task(walk.APPLICANT)
    data = api.get(f"/applications/{application['id']}", walk.APPLICANT)["data"]
    api.complete(walk.APPLICANT, revision["id"], data)
    walk.endorse(api)
    for level in ("county", "city", "province"):
        walk.recognize_at(api, level, application["instance_id"])
    walk.select_nationally(api)
    with client.application.app_context():
        issue_pending_certificates()
    session.remove()

    told: dict[str, list[tuple[str, str]]] = defaultdict(list)
    texts: dict[str, list[str]] = defaultdict(list)
    for message, username in session.execute(select(Message, User.username).join(
            User, User.id == Message.recipient_id).order_by(Message.id)):
        told[username].append((str(message.kind), message.params.get("task") or message.params.get("level", "")))
        texts[username].append(text_of(message, "zh"))

    assert told["qixing.official"] == [("task_arrived", "村级推荐意见")] * 2  # before and after the return
    for official, experts in ((walk.LEVELS["county"]), (walk.LEVELS["city"]), (walk.LEVELS["province"])):
        assert told[official] == [("task_arrived", task) for task in REVIEW], official
        for expert in experts:
            assert told[expert] == [("task_arrived", task) for task in SCORING], expert
    assert told[walk.NATION] == [("task_arrived", "国家级终选")]
    assert told[walk.APPLICANT] == [
        ("returned", "修改申报（村级退回）"),
        ("recognized", "县级"), ("recognized", "市级"), ("recognized", "省级"), ("recognized", "国家级"),
        ("certificate_issued", "县级"), ("certificate_issued", "市级"), ("certificate_issued", "省级"),
        ("certificate_issued", "国家级")]
    assert "请补充从业人数证明。" in texts[walk.APPLICANT][0]
    assert "LB-610323-2026-00001" in texts[walk.APPLICANT][5]
    # Nobody outside the case's path heard anything; each message links into the app.
    assert not told["meixian.official"] and not told["sichuan.auditor"]
    assert all(m.link and m.link.startswith("/") for m in session.scalars(select(Message)))


@starting_at(steps.at_village)
def test_a_message_reads_in_the_recipients_language(app):
    session.remove()
    message = session.scalars(select(Message)).one()
    assert "村级推荐意见" in text_of(message, "zh") and "岐山臊子面师" in text_of(message, "zh")
    assert text_of(message, "en") == "New task: Village endorsement for 岐山臊子面师 (due 2026-05-25)."
