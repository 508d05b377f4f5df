"""Versions and migration (issue 19, part 4): a change of names, documentation or properties never
stops a case from moving; a structural change does, with the reason naming the task; the diff shows
old → new values by name; and a case stranded at a township nobody holds moves back to version 1,
to the county's intake, audited and consistent."""

from __future__ import annotations

from flask_babel import force_locale, gettext
from lxml import etree
from sqlalchemy import select

from tests import walk
from tests.api.test_levels_from_diagram import with_township_review
from tests.api_client import Api, application_form
from tests.web.browser_client import Browser
from webapp import engine, taskforms
from webapp.audit import queries as audit
from webapp.audit.models import AdminEvent
from webapp.auth.models import User
from webapp.cli import cli
from webapp.config import PROJECT_ROOT
from webapp.db import session, transaction
from webapp.designer import moves, queries, services
from webapp.ops.check import check_all

BPMN = "{http://www.omg.org/spec/BPMN/20100524/MODEL}"
CAMUNDA = "{http://camunda.org/schema/1.0/bpmn}"
WORKFLOWS = PROJECT_ROOT / "workflows"


def user(username: str) -> User:
    return session.scalars(select(User).where(User.username == username)).one()


def deploy(**changed: bytes) -> engine.ProcessDefinition:
    files = engine.read_directory(WORKFLOWS)
    files.update({f"{name}.bpmn": content for name, content in changed.items()})
    with transaction():
        deployed = engine.deploy(files, form_exists=taskforms.catalog().exists)
    return next(d for d in deployed if d.key == "recommendation")


def edited(process: str, element: str, **changes: str) -> bytes:
    """`process`.bpmn with the element's name, documentation or Camunda attributes and properties changed."""
    root = etree.fromstring((WORKFLOWS / f"{process}.bpmn").read_bytes())
    node = root.find(f".//*[@id='{element}']")
    for key, value in changes.items():
        if key == "name":
            node.set("name", value)
        elif key == "documentation":
            node.find(f"{BPMN}documentation").text = value
        elif key.startswith("property_"):
            properties = node.find(f"{BPMN}extensionElements/{CAMUNDA}properties")
            found = properties.find(f"{CAMUNDA}property[@name='{key[9:]}']")
            if found is None:
                found = etree.SubElement(properties, f"{CAMUNDA}property", name=key[9:])
            found.set("value", value)
        else:
            node.set(f"{CAMUNDA}{key}", value)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def five_cases(api: Api) -> dict[str, int]:
    """One case at the village; one at the city (the county's review, notice period included, done);
    one at the county's expert scoring; two at the county's intake."""
    cases = {}
    cases["city"] = walk.submit(api, brand_name="岐山擀面皮匠")["instance_id"]
    walk.endorse(api)
    walk.recognize_at(api, "county", cases["city"])
    cases["experts"] = walk.submit(api, brand_name="岐山面花匠")["instance_id"]
    walk.endorse(api)
    walk.intake(api, "county")
    for name in ("岐山空心挂面师", "岐山锅盔匠"):
        cases[name] = walk.submit(api, brand_name=name)["instance_id"]
        walk.endorse(api)
    cases["village"] = walk.submit(api, brand_name="岐山臊子面师")["instance_id"]
    return cases


def test_renamed_labels_documentation_and_properties_let_every_case_move(app, client):
    api = Api(client)
    cases = five_cases(api)
    new = deploy(
        recommendation=edited("recommendation", "Task_village_endorse", name="村级推荐意见（修订）",
                              documentation="村（社区）核实材料后提出推荐意见。",
                              property_name_en="Village recommendation", property_remindBefore="3"),
        level_review=edited("level_review", "Task_intake", name="受理审核（修订）"))
    assert new.version == 2

    changes = {c.bpmn_id: c for c in engine.changes_between(engine.version("recommendation", 1), new)}
    village = changes["Task_village_endorse"]
    assert (village.kind, village.element_type, village.name, village.structural) == (
        "changed", "UserTask", "村级推荐意见", False)
    shown = {(d.attribute, d.key): (d.old, d.new) for d in village.details}
    assert shown[("bpmn_name", "")] == (("村级推荐意见",), ("村级推荐意见（修订）",))
    assert shown[("properties", "name_en")] == (("Village endorsement",), ("Village recommendation",))
    assert shown[("properties", "remindBefore")] == ((), ("3",))
    assert ("documentation", "") in shown
    assert not changes["Task_intake"].structural

    preview = queries.migration_preview("recommendation", 2, options=True)
    assert {c.instance.id: c.eligibility.reasons for c in preview} == {i: [] for i in cases.values()}
    at_city = next(c for c in preview if c.instance.id == cases["city"]).options
    assert [p.label for p in at_city.waits_now] == ["市级评审认定 › 受理审核"]
    assert [p.label for p in at_city.waits_after] == ["市级评审认定 › 受理审核（修订）"]

    waiting = api.only_task(walk.VILLAGE)["id"]
    report = services.migrate_cases("recommendation", 2, None, actor=user("admin"))
    assert sorted(report.moved) == sorted(cases.values()) and report.refused == {}
    village = api.only_task(walk.VILLAGE)
    assert (village["id"], village["name"]) == (waiting, "村级推荐意见（修订）")  # the same task, its new name
    assert {t["name"] for t in api.get("/tasks", "qishan.official")["items"]} == {"受理审核（修订）"}
    assert api.only_task("baoji.official")["name"] == "受理审核（修订）"
    assert check_all(list(cases.values())).consistent

    designer = Browser(app)
    designer.login("admin")
    page = designer.get("/admin/processes/recommendation/diff?from=1&to=2").get_data(as_text=True)
    with app.test_request_context(), force_locale("zh"):  # 任务「村级推荐意见」 名称：村级推荐意见 → …（修订）
        task, name, colon = gettext("Task"), gettext("name"), gettext(": ")
    assert f"{task}「村级推荐意见」" in page and f"{name}{colon}村级推荐意见 → 村级推荐意见（修订）" in page
    assert "Task_village_endorse" in page and "受理审核 → 受理审核（修订）" in page


def test_a_structural_change_still_refuses_naming_the_task_and_offers_an_equivalent_step(client):
    api = Api(client)
    at_city = walk.submit(api, brand_name="岐山擀面皮匠")["instance_id"]
    walk.endorse(api)
    walk.recognize_at(api, "county", at_city)
    at_village = walk.submit(api, brand_name="岐山面花匠")["instance_id"]
    endorsement = taskforms.catalog().get("endorsement")
    services.save_form("endorsement_revised", endorsement.schema_text, endorsement.ui_text, actor=user("admin"))
    new = deploy(recommendation=edited("recommendation", "Task_village_endorse", formKey="endorsement_revised"))

    village = next(c for c in engine.changes_between(engine.version("recommendation", 1), new)
                   if c.bpmn_id == "Task_village_endorse")
    assert village.structural and [(d.attribute, d.old, d.new) for d in village.details] == [
        ("form_key", ("endorsement",), ("endorsement_revised",))]

    preview = {c.instance.id: c for c in queries.migration_preview("recommendation", 2, options=True)}
    assert preview[at_village].eligibility.eligible
    [(_message, params)] = preview[at_city].eligibility.reasons
    assert (params["element"], params["name"], params["what"].attributes) == ("Task_village_endorse", "村级推荐意见",
                                                                              ["form_key"])
    options = preview[at_city].options
    assert [s.step for s in options.steps] == ["Task_village_endorse", "CallActivity_county", "CallActivity_city"]
    assert options.suggested == "CallActivity_city"

    waiting = api.only_task(walk.VILLAGE)["id"]
    report = services.migrate_cases("recommendation", 2, None, actor=user("admin"))
    assert report.moved == [at_village] and "村级推荐意见 (Task_village_endorse)" in report.refused[at_city]
    village = api.only_task(walk.VILLAGE)  # its form changed: it arrives afresh, with the new form
    assert (village["id"] != waiting, village["form_key"]) == (True, "endorsement_revised")

    before = {t["id"] for t in api.get("/tasks", "baoji.official")["items"]}
    report = moves.migrate_cases("recommendation", 2, {at_city}, actor=user("admin"),
                                 steps={at_city: "CallActivity_city"})
    assert report.moved == [at_city] and report.steps == {at_city: "CallActivity_city"}
    city = api.only_task("baoji.official")
    assert (city["name"], city["level"], city["id"] in before) == ("受理审核", "city", False)
    assert check_all([at_city, at_village]).consistent  # county's tasks kept their uuids, rows and events


def test_a_case_stranded_at_a_township_moves_back_to_version_one(app, client):
    api = Api(client)
    township = deploy(recommendation=with_township_review((WORKFLOWS / "recommendation.bpmn").read_bytes()))
    assert township.version == 2
    stranded = api.post("/applications", "luzhai.unit", {"data": application_form(
        brand_name="寨沙米粉嫂", base_region="450223103204")}, expect=201)["instance_id"]
    village = api.only_task("zhaisha.official")
    api.complete("zhaisha.official", village["id"], {"decision": "forward", "comment": "同意"})
    passed = walk.submit(api, brand_name="岐山擀面皮匠")["instance_id"]  # passed the township, at the county
    walk.endorse(api)
    api.complete("caijiapo.official", api.only_task("caijiapo.official")["id"], {"decision": "forward",
                                                                                 "comment": "同意"})
    assert api.get("/tasks", "luzhai.official")["items"] == []

    preview = {c.instance.id: c for c in queries.migration_preview("recommendation", 1, options=True)}
    options = preview[stranded].options
    assert not options.eligibility.eligible and options.movable
    assert "Task_township_review" in {p["element"] for _m, p in options.eligibility.reasons}
    assert [p.label for p in options.waits_now] == ["乡镇审核"]
    assert options.suggested == "CallActivity_county"
    assert [p.label for p in next(s for s in options.steps if s.step == options.suggested).places] == [
        "县级评审认定 › 受理审核"]

    designer = Browser(app)
    designer.login("admin")
    page = designer.get("/admin/processes/recommendation/migrate?to=1").get_data(as_text=True)
    assert "乡镇审核" in page and "县级评审认定 › 受理审核" in page and f'name="step-{stranded}"' in page
    response = designer.post("/admin/processes/recommendation/migrate?to=1", [
        ("case", str(stranded)), (f"step-{stranded}", "CallActivity_county"),
        ("case", str(passed)), (f"step-{passed}", "CallActivity_county")])
    assert response.status_code == 302

    intake = api.only_task("luzhai.official")
    assert (intake["name"], intake["level"], intake["region"]) == ("受理审核", "county", "450223")
    assert api.only_task("qishan.official")["name"] == "受理审核"
    for instance_id in (stranded, passed):
        assert session.get(engine.ProcessInstance, instance_id).definition_id == engine.version("recommendation", 1).id
    assert check_all([stranded, passed]).consistent  # the township's done row stays as history

    moved = audit.events_of(stranded)[-1]
    assert moved.action == "instance_migrated" and moved.data == {
        "process": "recommendation", "from_version": 2, "to_version": 1, "from_step": "乡镇审核",
        "to_step": "县级评审认定 › 受理审核", "equivalent_step": "县级评审认定"}
    trail = session.scalars(select(AdminEvent).order_by(AdminEvent.id.desc())).first()
    assert (trail.action, trail.subject) == ("cases_migrated", "recommendation v1")
    assert trail.data["steps"] == {str(stranded): "CallActivity_county", str(passed): "CallActivity_county"}

    api.complete("luzhai.official", intake["id"], {"decision": "accept", "comment": "材料齐全。", "experts": [
        walk.user_id(api, "luzhai.expert1"), walk.user_id(api, "luzhai.expert2")]})
    assert api.only_task("luzhai.expert1")["form_key"] == "expert_review"
    assert check_all([stranded]).consistent


def test_a_step_the_recorded_decisions_never_reach_is_refused(client, runner):
    api = Api(client)
    deploy(recommendation=with_township_review((WORKFLOWS / "recommendation.bpmn").read_bytes()))
    case = walk.submit(api)["instance_id"]
    walk.endorse(api)
    report = moves.migrate_cases("recommendation", 1, {case}, actor=user("admin"), steps={case: "CallActivity_city"})
    assert report.moved == [] and "CallActivity_city" in report.refused[case]
    assert api.only_task("caijiapo.official")["name"] == "乡镇审核"  # nothing changed

    def run(*args: str) -> str:
        result = runner.invoke(cli, ["workflows", "migrate", "--to", "1", *args], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result.output

    assert f"stays: {case}" in run("--case", str(case))
    assert f"moved to recommendation v1: {case}" in run("--case", str(case), "--step", "CallActivity_county")
    assert api.only_task("qishan.official")["name"] == "受理审核"
