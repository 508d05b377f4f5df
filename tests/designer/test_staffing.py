"""The staffing check and stranded tasks: a township version shows the townships where nobody holds
the township's role, its deploy is refused until confirmed with a reason (kept in the administration
trail), in the editor's JSON and on the command line; a task waiting where nobody may act shows in
`brandcert check`, on the administrators' page and in `/healthz`, until the official is created."""

from __future__ import annotations

import html
import re

from sqlalchemy import select, update

from tests import walk
from tests.api.test_levels_from_diagram import with_township_review
from tests.api_client import Api
from tests.designer.test_pages import RECOMMENDATION, designer, post_xml  # noqa: F401  (fixture)
from tests.web.browser_client import Browser
from tests.web.pager import walk_list
from webapp import engine
from webapp.applications.models import CreationUnit
from webapp.audit.models import AdminAction, AdminEvent
from webapp.auth.models import User
from webapp.auth.queries import may_act_on
from webapp.cli import cli
from webapp.db import session, transaction
from webapp.designer import services, stranded
from webapp.designer.staffing import staffing

TOWNSHIP = with_township_review(RECOMMENDATION.encode()).decode()
REASON = "蔡家坡镇先行试点，寨沙镇经办人下周到岗"


def township_rows(xml: str = TOWNSHIP) -> dict[str | None, tuple[str, int, int]]:
    report = staffing(services.check_files({"recommendation.bpmn": xml.encode()}))
    return {row.region_code: (row.region_name, row.people, row.cases) for row in report.rows
            if row.lane == "township"}


def set_active(username: str, active: bool) -> None:
    with transaction():
        session.execute(update(User).where(User.username == username).values(active=active))


def deployed_events() -> list[AdminEvent]:
    session.expire_all()
    return list(session.scalars(select(AdminEvent).where(AdminEvent.action == AdminAction.PROCESS_DEPLOYED)
                                .order_by(AdminEvent.seq)))


def test_the_township_version_shows_the_townships_where_nobody_acts(app, client):
    with app.app_context():
        bundled = staffing(services.check_files({"recommendation.bpmn": RECOMMENDATION.encode()}))
        assert bundled.gaps == 0 and {row.lane for row in bundled.rows} == {"village", "county", "city", "province",
                                                                            "nation"}
        [county] = [row for row in bundled.rows if (row.lane, row.role, row.region_code) == ("county", "expert",
                                                                                             "610323")]
        assert county.people == 3 and "专家评审打分 (Task_expert_review)" in county.tasks

    walk.submit(Api(client))  # a running case based at 岐星村, under 蔡家坡镇
    with app.app_context():
        rows = township_rows()
        assert rows == {"610323101": ("蔡家坡镇", 1, 1), "513322101": ("冷碛镇", 1, 0), "450223103": ("寨沙镇", 0, 0)}
        report = staffing(services.check_files({"recommendation.bpmn": TOWNSHIP.encode()}))
        assert (report.gaps, report.gap_lanes) == (1, ["township"])
        assert report.as_json()["gaps"] == 1 and report.as_json()["rows"][0]["process"] == "recommendation"

    set_active("caijiapo.official", False)
    with app.app_context():
        assert township_rows()["610323101"] == ("蔡家坡镇", 0, 1)
    set_active("caijiapo.official", True)

    with transaction():  # a unit in 眉县, where the region tree has no township: its cases would find none
        session.add(CreationUnit(name="眉县猕猴桃协会", unit_type="行业协会", region_code="610326"))
    with app.app_context():
        nowhere = township_rows()[None]
        assert "眉县" in nowhere[0] and nowhere[1] == 0


def test_the_editor_refuses_the_deploy_until_it_is_confirmed_with_a_reason(designer):  # noqa: F811
    status, answer = post_xml(designer, "recommendation.bpmn", "validate", TOWNSHIP)
    assert status == 200 and answer["processes"] == {"recommendation": "v2"}
    assert answer["staffing"]["gaps"] == 1 and answer["staffing"]["gap_lanes"] == ["township"]
    gap = next(row for row in answer["staffing"]["rows"] if row["gap"])
    assert (gap["region_code"], gap["region_name"], gap["role"], gap["level_name"]) == \
        ("450223103", "寨沙镇", "official", "乡镇（街道）")

    status, answer = post_xml(designer, "recommendation.bpmn", "deploy", TOWNSHIP)
    assert status == 409 and answer["error"] == "staffing_gaps" and answer["staffing"]["gap_lanes"] == ["township"]
    assert engine.latest("recommendation").version == 1

    def deploy(body: dict) -> tuple[int, dict]:
        response = designer.client.post("/admin/files/recommendation.bpmn/deploy", json={"xml": TOWNSHIP, **body},
                                        headers={"X-CSRFToken": designer.token})
        return response.status_code, response.get_json()

    assert deploy({"confirm_gaps": True, "reason": " x "})[0] == 422
    assert deploy({"reason": REASON})[0] == 409  # a reason alone does not confirm
    assert engine.latest("recommendation").version == 1
    status, answer = deploy({"confirm_gaps": True, "reason": REASON})
    assert status == 200 and [(d["key"], d["version"]) for d in answer["deployed"]] == [("recommendation", 2)]
    event = deployed_events()[-1]
    assert event.subject == "recommendation v2" and event.data["gaps_reason"] == REASON
    assert event.data["staffing_gaps"] == 1 and event.actor_name == "系统管理员"
    assert REASON in Browser.text(designer.get("/audit/administration"))


def test_the_command_line_prints_the_gaps_and_deploys_only_with_a_reason(runner, tmp_path):
    changed = tmp_path / "recommendation.bpmn"
    changed.write_text(TOWNSHIP, encoding="utf-8")

    def run(*args: str, expect: int = 0) -> str:
        result = runner.invoke(cli, ["workflows", *args], catch_exceptions=False)
        assert result.exit_code == expect, result.output
        return result.output

    validated = run("validate", str(changed))
    assert "valid: recommendation (would deploy v2)" in validated
    assert "1 with nobody to act" in validated and "寨沙镇 450223103" in validated and "乡镇审核" in validated
    refused = run("deploy", str(changed), expect=1)
    assert "寨沙镇" in refused and "--accept-gaps" in refused
    assert engine.latest("recommendation").version == 1
    assert "deployed: recommendation v2" in run("deploy", str(changed), "--accept-gaps", REASON)
    assert deployed_events()[-1].data["gaps_reason"] == REASON


def test_a_stranded_task_shows_everywhere_until_an_official_is_created(app, client, designer, runner):  # noqa: F811
    status, _answer = post_xml(designer, "recommendation.bpmn", "deploy", TOWNSHIP)
    assert status == 409
    services.deploy_files({"recommendation.bpmn": TOWNSHIP.encode()}, actor=None, accept_gaps=REASON)
    api = Api(client)
    case = walk.submit(api, brand_name="岐山面花匠")
    walk.endorse(api)
    assert api.only_task("caijiapo.official")["level"] == "township"
    assert client.get("/healthz").get_json()["status"] == "ok"
    assert stranded.count() == 0

    set_active("caijiapo.official", False)  # the township's only official leaves
    assert stranded.count() == 1
    [task] = stranded.stranded_tasks()
    assert (task.instance_id, task.bpmn_id, task.region_code, task.region_name, task.version) == \
        (case["instance_id"], "Task_township_review", "610323101", "蔡家坡镇", 2)
    assert stranded.move_target(task) == 1 and task.missing_role == "official@610323101"
    assert task.why == stranded.WHY["no_holder"]

    health = client.get("/healthz").get_json()
    assert (health["status"], health["stranded_tasks"]) == ("degraded", 1)
    checked = runner.invoke(cli, ["check"], catch_exceptions=False)
    assert checked.exit_code == 0, checked.output  # consistent: the state needs no repair
    assert "waiting with nobody to act: 1 task(s)" in checked.output
    assert f"case {case['instance_id']} 岐山面花匠: 乡镇审核 (Task_township_review)" in checked.output
    assert "蔡家坡镇 610323101" in checked.output

    page = html.unescape(Browser.text(designer.get("/admin/processes/stranded")))
    assert "岐山面花匠" in page and "乡镇审核" in page and "蔡家坡镇" in page
    assert "/admin/processes/recommendation/migrate?to=1" in page
    assert "/admin/processes/stranded" in Browser.text(designer.get("/admin/processes"))
    new_user = re.search(r'href="(/admin/users/new\?roles=[^"]+)"', page).group(1)
    form = Browser.text(designer.get(new_user))  # its first role row is the missing one, chosen by name
    assert re.search(r'<option value="official" selected>', form)
    assert re.search(r'<option value="610323101"[^>]*selected>陕西省 › 宝鸡市 › 岐山县 › 蔡家坡镇</option>', form)
    created = designer.post("/admin/users/new", {"username": "caijiapo.clerk", "display_name": "蔡家坡镇经办人",
                                                 "password": "a-long-password", "role": "official",
                                                 "region": "610323101"})
    assert created.status_code == 302

    assert stranded.count() == 0 and stranded.stranded_tasks() == []
    assert client.get("/healthz").get_json()["status"] == "ok"
    assert "waiting with nobody to act" not in runner.invoke(cli, ["check"]).output
    assert "岐山面花匠" not in Browser.text(designer.get("/admin/processes/stranded"))


def test_the_count_agrees_with_the_inboxes_rule(app, client):
    """Waiting tasks of every kind: a group's, the applicant's, an expert the process named. The SQL
    count and `may_act_on` agree on each as people leave."""
    api = Api(client)
    walk.submit(api)
    walk.endorse(api)
    walk.intake(api, "county")  # two experts named by the process
    returned = walk.submit(api, brand_name="岐山擀面皮匠")
    task = next(t for t in api.get("/tasks", walk.VILLAGE)["items"] if t["title"] == "岐山擀面皮匠")
    api.complete(walk.VILLAGE, task["id"], {"decision": "return", "comment": "请补充材料。"})
    assert returned
    for leaving in ("qishan.expert1", walk.APPLICANT, "qishan.official", "qixing.official"):
        set_active(leaving, False)
        session.expire_all()
        ready = session.scalars(select(engine.HumanTask).where(engine.HumanTask.status == engine.TaskStatus.READY))
        nobody = [t.id for t in ready if not may_act_on(t.candidate_group, t.region_code, t.owner_key, t.assignee_id,
                                                         named_by_process=t.assigned_by_process)]
        assert stranded.count() == len(nobody) and [t.task_id for t in stranded.stranded_tasks()] == sorted(nobody)
    whys = {t.title: t.why for t in stranded.stranded_tasks()}
    assert whys["岐山擀面皮匠"] == stranded.WHY["unit"] and stranded.WHY["assignee"] in whys.values()
    app.config["PAGE_SIZE"] = 1  # the administrators' page reaches every one of them through its pager
    admin = Browser(app)
    admin.login("admin")
    listed = walk_list(admin, "/admin/processes/stranded")
    assert listed.total == len(listed.rows) == stranded.count() > 1
