"""A brand's history after a full recommendation with one revision loop: every step with its actor,
the data diff of the resubmission, the certificates; and what an auditor may and may not do."""

from __future__ import annotations

import re
import subprocess

from sqlalchemy import select

from tests import walk
from tests.api_client import Api
from tests.desk import steps as desk
from tests.history import steps
from tests.web.browser_client import Browser
from tests.worlds import starting_at
from webapp.audit import queries as audit
from webapp.auth.models import User
from webapp.db import session
from webapp.history import pages

AUDITOR = "shaanxi.auditor"


def _display_names(usernames: set[str]) -> dict[str, str]:
    rows = session.execute(select(User.username, User.display_name).where(User.username.in_(usernames)))
    return dict(rows.all())


@starting_at(steps.recognized_after_one_revision)
def test_the_timeline_lists_every_step_with_its_actor_and_the_resubmission_diff(world, client):
    application = world.facts
    auditor = session.scalars(select(User).where(User.username == AUDITOR)).one()
    with client.application.app_context():  # the page's checkpoint line reads the app's witness
        history = pages.brand_history(application["brand_id"], auditor, locale="zh")

    completed = [(e.task, e.event.actor_name, e.event.lane, e.decision) for e in history.entries
                 if e.event.action == "task_completed"]
    people = {"county": walk.LEVELS["county"], "city": walk.LEVELS["city"], "province": walk.LEVELS["province"]}
    names = _display_names({walk.APPLICANT, walk.VILLAGE, walk.NATION}
                           | {u for official, experts in people.values() for u in (official, *experts)})
    expected = [("村级推荐意见", names[walk.VILLAGE], "village", "同意推荐"),
                ("受理审核", names["qishan.official"], "county", "退回补正"),
                ("修改申报（县级退回）", names[walk.APPLICANT], "applicant", None)]
    for level, (official, experts) in people.items():
        expected += [("受理审核", names[official], level, "受理，组织专家评审")]
        expected += [("专家评审打分", names[expert], level, None) for expert in experts]
        expected += [("认定决定", names[official], level, "拟认定（进入公示）"),
                     ("是否向上推荐", names[official], level, "推荐至上一级")]
    expected += [("国家级终选", names[walk.NATION], "nation", "入选")]
    assert completed == expected

    started = history.entries[0]
    assert (started.event.action, started.event.actor_name) == ("instance_started", names[walk.APPLICANT])
    revision = next(e for e in history.entries if e.task == "修改申报（县级退回）")
    assert [(c.label, c.before, c.after) for c in revision.changes] == [("本年度培训人数（人次）", "410", "900")]
    returned = next(e for e in history.entries if e.decision == "退回补正")
    assert returned.comment == "请补充本年度培训台账。" and returned.changes is None

    actions = [e.event.action for e in history.entries]
    assert actions.count("timer_fired") == 3 and actions.count("level_recognized") == 4
    assert actions.count("certificate_issued") == 4 and actions[-1] == "certificate_issued"
    assert "instance_finished" in actions
    issued = [e.certificate for e in history.entries if e.event.action == "certificate_issued"]
    assert sorted(issued) == sorted(c.number for c in history.certificates)
    assert history.chain.intact and history.chain.events == len(history.entries)
    assert {case.definition.key for case in history.cases} == {"recommendation"}


@starting_at(steps.recognized_after_one_revision)
def test_the_history_page_and_its_pdf_report(world, app, client, tmp_path):
    application = world.facts
    browser = Browser(app)
    browser.login(AUDITOR)
    page = browser.get(f"/brands/{application['brand_id']}/history")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "修改申报（县级退回）" in html and "<del>410</del>" in html and "<ins>900</ins>" in html
    assert "请补充本年度培训台账。" in html and 'id="chain-status"' in html and "chain-ok" in html
    events = audit.events_of(application["instance_id"])
    assert len(re.findall(r'class="tl-entry', html)) == len(events) == 32

    report = browser.client.get(f"/brands/{application['brand_id']}/history.pdf")
    assert report.status_code == 200 and report.data.startswith(b"%PDF")
    assert report.headers["Content-Disposition"].startswith("attachment")
    (tmp_path / "report.pdf").write_bytes(report.data)
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "report.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "岐山臊子面师" in text and "修改申报（县级退回）" in text and events[-1].hash in text
    # words, not keys: the certificates' status, the process and its version, submitted data by field title
    assert "有效" in text and "issued" not in text and "劳务品牌逐级推荐认定 第1版" in text
    assert re.search(r"字段\s+内容", text) and re.search(r"代表人物 1 › 姓名\s+张秀英", text)
    assert "recommendation" not in text and "recommendation v1" not in html
    for certificate in audit.events_of(application["instance_id"]):
        if certificate.action == "certificate_issued":
            assert certificate.data["number"] in text


@starting_at(desk.at_village)
def test_an_auditor_reads_but_cannot_act_and_sees_only_its_province(world, app, client):
    api = Api(client)
    application = world.facts
    task = api.only_task(walk.VILLAGE)
    brand_id = api.get(f"/applications/{application['id']}", walk.APPLICANT)["brand_id"]

    assert api.get(f"/brands/{brand_id}", AUDITOR)["name"] == "岐山臊子面师"
    refused = api.post(f"/tasks/{task['id']}/complete", AUDITOR, {"data": {"decision": "forward"}}, expect=403)
    assert "jurisdiction or role" in refused["message"]
    api.post(f"/tasks/{task['id']}/claim", AUDITOR, expect=403)

    browser = Browser(app)
    browser.login(AUDITOR)
    task_page = browser.get(f"/tasks/{task['id']}")
    assert task_page.status_code == 200 and 'name="decision"' not in task_page.get_data(as_text=True)
    posted = browser.post(f"/tasks/{task['id']}", {"decision": "forward", "comment": "x", "action": "complete"})
    assert posted.status_code == 403
    assert api.only_task(walk.VILLAGE)["id"] == task["id"]  # still open: nothing changed

    owner = Browser(app)
    owner.login(walk.APPLICANT)
    assert owner.get(f"/brands/{brand_id}").status_code == 200
    assert owner.get(f"/brands/{brand_id}/history").status_code == 403  # it names experts and their scores

    other = Browser(app)
    other.login("guangxi.auditor")
    assert other.get(f"/brands/{brand_id}/history").status_code == 403
    assert other.get(f"/brands/{brand_id}").status_code == 403
    assert other.get(f"/cases/{application['instance_id']}/diagram").status_code == 403
    assert other.get(f"/brands/{brand_id}/history.pdf").status_code == 403
    found = other.get("/audit?brand=岐山").get_data(as_text=True)
    assert "岐山臊子面师" not in found and 'class="muted no-results"' in found
    assert other.get("/audit?region=610323").status_code == 403
    assert "岐山臊子面师" in browser.get("/audit?brand=岐山").get_data(as_text=True)
