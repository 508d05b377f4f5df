"""Administrative actions join the trail: users and their roles, deployments, holidays, keys,
revocations and spot check campaigns are recorded with who did them, in one hash chain that the
checkpoints sign; `brandcert audit verify` finds it edited or cut short."""

from __future__ import annotations

import re

from sqlalchemy import delete, select, update

from tests import walk
from tests.api_client import Api
from tests.audit.test_chain import checkpoint, verify
from tests.conftest import PROJECT_ROOT
from tests.factories import make_admin
from tests.spotcheck import steps
from tests.web.browser_client import Browser
from tests.web.pager import walk_list
from webapp.audit.models import AdminAction, AdminEvent, AuditAction, AuditEvent
from webapp.auth.models import User
from webapp.db import session, transaction
from webapp.designer.services import deploy_files
from webapp.spotcheck.models import SpotCheck
from webapp.spotcheck.services import start_planned

QISHAN = "610323"


def trail(*actions: AdminAction) -> list[AdminEvent]:
    session.expire_all()
    query = select(AdminEvent).order_by(AdminEvent.seq)
    if actions:
        query = query.where(AdminEvent.action.in_([str(action) for action in actions]))
    return list(session.scalars(query))


def test_the_set_up_is_on_the_trail_in_the_operators_name(app):
    deployed = trail(AdminAction.PROCESS_DEPLOYED)
    assert {event.subject for event in deployed} >= {"recommendation v1", "spot_check v1"}
    assert all(event.actor_id is None and event.actor_name.startswith("command line (") for event in deployed)
    assert trail(AdminAction.SIGNING_KEYS_CREATED) and trail(AdminAction.FORMS_DEPLOYED)


def test_the_pager_reaches_every_event_of_the_readers_regions_and_the_whole_installation(app):
    app.config["PAGE_SIZE"] = 4
    with app.app_context():
        shaanxi_or_all = [event.id for event in trail() if event.region_code is None or
                          event.region_code.startswith("61")]
    auditor = Browser(app)
    auditor.login("shaanxi.auditor")
    listed = walk_list(auditor, "/audit/administration")
    assert listed.total == len(listed.rows) == len(shaanxi_or_all) > 5
    deployed = walk_list(auditor, "/audit/administration?action=process_deployed")  # the filter rides along
    assert deployed.total == len(deployed.rows) == len(trail(AdminAction.PROCESS_DEPLOYED))


def test_administering_a_user_records_each_change_with_its_administrator(app):
    make_admin("qishan.admin", QISHAN, "岐山县管理员")
    admin = Browser(app)
    admin.login("qishan.admin")
    admin.get("/admin/users/new")
    created = admin.post("/admin/users/new", {"username": "qishan.clerk", "password": "a-long-password",
                                              "role": "applicant", "region": QISHAN})
    assert created.status_code == 302
    url = re.search(r'href="(/admin/users/\d+)"', Browser.text(admin.get("/admin/users?q=qishan.clerk"))).group(1)
    admin.get(url)
    changed = admin.post(url, {"display_name": "岐山文员", "role": "official", "region": f"{QISHAN}101900",
                               "password": "another-long-password"})
    assert changed.status_code == 302
    assert admin.post(f"{url}/status", {"active": "0"}).status_code == 302  # 停用

    events = trail()[-6:]
    assert [str(event.action) for event in events] == [
        "user_created", "user_created", "roles_granted", "roles_revoked", "password_reset", "user_deactivated"]
    assert events[0].actor_name.startswith("command line (") and events[0].actor_id is None
    assert {event.actor_name for event in events[1:]} == {"岐山县管理员"}
    assert events[2].data == {"roles": [f"official@{QISHAN}101900"]} and events[2].region_code == f"{QISHAN}101900"
    assert events[3].data == {"roles": [f"applicant@{QISHAN}"]} and events[3].region_code == QISHAN
    assert all(event.subject.endswith("qishan.clerk") for event in events[1:])

    # The province's auditor reads them; another province's auditor does not see Qishan's people.
    shaanxi, sichuan = Browser(app), Browser(app)
    for reader, name in ((shaanxi, "shaanxi.auditor"), (sichuan, "sichuan.auditor")):
        reader.client.set_cookie("lang", "en")
        reader.login(name)
    page = Browser.text(shaanxi.get("/audit/administration"))
    assert "Password reset" in page and "岐山县管理员" in page
    assert 'user 岐山文员 (<bdi translate="no">qishan.clerk</bdi>)' in page  # the account by name, then its username
    assert "process Recommendation by level, version 1" in page  # the whole installation's actions show to all
    elsewhere = Browser.text(sichuan.get("/audit/administration"))
    assert "qishan.clerk" not in elsewhere and "process Recommendation by level, version 1" in elsewhere
    only = Browser.text(shaanxi.get("/audit/administration?action=roles_revoked"))
    assert "Roles revoked" in only and "Password reset" not in only.split('id="administration-events"')[1]
    assert shaanxi.get("/audit/administration?action=nonsense").status_code == 422
    assert shaanxi.get("/audit/administration?page=0").status_code == 422


def test_a_redeployment_and_a_campaign_are_recorded_and_the_checks_start_in_the_starters_name(app, client):
    admin = session.scalars(select(User).where(User.username == "admin")).one()
    edited = (PROJECT_ROOT / "workflows" / "recommendation.bpmn").read_bytes() + b"<!-- a comment -->\n"
    assert [d.version for d in deploy_files({"recommendation.bpmn": edited}, actor=admin)] == [2]
    assert trail(AdminAction.PROCESS_DEPLOYED)[-1].subject == "recommendation v2"
    assert trail(AdminAction.PROCESS_DEPLOYED)[-1].actor_name == admin.display_name

    api = Api(client)
    steps.recognized_at_county(api, "岐山臊子面师")
    campaign = api.post("/campaigns", steps.CITY, {"region": "610300", "rate": 1.0, "seed": "test"}, expect=201)
    start_planned()
    started = trail(AdminAction.CAMPAIGN_STARTED)[-1]
    city = session.scalars(select(User).where(User.username == steps.CITY)).one()
    assert (started.subject, started.actor_name, started.region_code) == (
        f"campaign {campaign['id']}", city.display_name, "610300")
    instance_ids = list(session.scalars(select(SpotCheck.instance_id).where(
        SpotCheck.campaign_id == campaign["id"])))
    first = session.scalars(select(AuditEvent).where(AuditEvent.instance_id.in_(instance_ids),
                                                     AuditEvent.action == AuditAction.INSTANCE_STARTED)).all()
    assert first and {(event.actor_id, event.actor_name) for event in first} == {(city.id, city.display_name)}


def test_an_edited_administrative_event_fails_verification(app, runner):
    make_admin("qishan.admin", QISHAN, "岐山县管理员")
    assert "intact" in verify(runner, expect=0)
    edited = trail(AdminAction.USER_CREATED)[-1]
    with transaction():
        session.execute(update(AdminEvent).where(AdminEvent.id == edited.id).values(data={"roles": ["admin@100000"]}))
    output = verify(runner, expect=1)
    assert f"BROKEN at administration trail event {edited.id}" in output and "管理操作记录，第" in output
    assert "与其校验码不符" in output


def test_deleting_the_newest_administrative_event_is_found_by_the_checkpoint(app, runner):
    walk.submit(Api(app.test_client()))
    make_admin("qishan.admin", QISHAN, "岐山县管理员")
    assert "checkpoint #1" in checkpoint(runner)
    newest = trail()[-1]
    with transaction():
        session.execute(delete(AdminEvent).where(AdminEvent.id == newest.id))
    output = verify(runner, expect=1)
    assert "BROKEN at administration trail:" in output and "管理操作记录：记录止于" in output
    assert f"已有第 {newest.seq} 条：最新的记录被删除" in output
