"""A new version that adds a township review: new cases take it, a case still at the village moves
to it and passes the township, a case already at the city is refused and finishes on its version."""

from __future__ import annotations

from sqlalchemy import select

from tests import walk
from tests.api.test_levels_from_diagram import with_township_review
from tests.api_client import Api
from tests.desk import steps
from tests.worlds import starting_at
from webapp import engine
from webapp.audit import queries as audit
from webapp.auth.models import User
from webapp.cli import cli
from webapp.config import PROJECT_ROOT
from webapp.db import session
from webapp.designer import queries, services
from webapp.errors import Forbidden
from webapp.history import pages as history

TOWNSHIP = "caijiapo.official"


def user(username: str) -> User:
    return session.scalars(select(User).where(User.username == username)).one()


def township_version() -> bytes:
    return with_township_review((PROJECT_ROOT / "workflows" / "recommendation.bpmn").read_bytes())


def test_cases_move_to_the_township_version_only_when_nothing_they_did_changed(client, database_url):
    api = Api(client)
    at_village = walk.submit(api)
    at_city = walk.submit(api, brand_name="岐山擀面皮匠")
    for task in api.get("/tasks", walk.VILLAGE)["items"]:
        if task["title"] == "岐山擀面皮匠":
            api.complete(walk.VILLAGE, task["id"], {"decision": "forward", "comment": "同意。"})
    walk.recognize_at(api, "county", at_city["instance_id"])
    assert api.only_task("baoji.official")["level"] == "city"

    deployed = services.deploy_files({"recommendation.bpmn": township_version()}, actor=user("admin"),
                                     accept_gaps="寨沙镇 has no township official yet")  # see test_staffing.py
    assert [(d.key, d.version) for d in deployed] == [("recommendation", 2)]
    changes = {(c.bpmn_id, c.kind) for c in engine.changes_between(engine.version("recommendation", 1), deployed[0])}
    assert {("Task_township_review", "added"), ("Gateway_village", "changed"),
            ("CallActivity_county", "changed")} <= changes

    preview = {c.instance.id: c for c in queries.migration_preview("recommendation", 2)}
    assert preview[at_village["instance_id"]].eligibility.eligible
    reasons = preview[at_city["instance_id"]].eligibility.reasons
    assert reasons and {params["element"] for _, params in reasons} >= {"Gateway_village", "CallActivity_county"}

    new = walk.submit(api, brand_name="岐山面花匠")
    village_tasks = {t["title"]: t for t in api.get("/tasks", walk.VILLAGE)["items"]}
    api.complete(walk.VILLAGE, village_tasks["岐山面花匠"]["id"], {"decision": "forward", "comment": "同意。"})
    township = api.only_task(TOWNSHIP)
    assert (township["title"], township["level"], township["region"]) == ("岐山面花匠", "township", "610323101")
    assert api.get("/tasks", "lengqi.official")["items"] == []
    assert engine.version("recommendation", 2).id == session.get(engine.ProcessInstance,
                                                                 new["instance_id"]).definition_id

    report = services.migrate_cases("recommendation", 2, {at_village["instance_id"], at_city["instance_id"]},
                                    actor=user("admin"))
    assert report.moved == [at_village["instance_id"]]
    assert "Gateway_village" in report.refused[at_city["instance_id"]]
    moved = audit.events_of(at_village["instance_id"])[-1]
    assert (moved.action, moved.data["from_version"], moved.data["to_version"]) == ("instance_migrated", 1, 2)
    brand_id = api.get(f"/applications/{at_village['id']}", walk.APPLICANT)["brand_id"]
    with client.application.app_context():  # the page's checkpoint line reads the app's witness
        timeline = history.brand_history(brand_id, user("shaanxi.auditor"), locale="zh").entries
    assert (timeline[0].event.action, timeline[0].version) == ("instance_started", 1)
    assert (timeline[-1].event.action, timeline[-1].version) == ("instance_migrated", 2)

    village_tasks = {t["title"]: t for t in api.get("/tasks", walk.VILLAGE)["items"]}
    api.complete(walk.VILLAGE, village_tasks["岐山臊子面师"]["id"], {"decision": "forward", "comment": "同意。"})
    assert {t["title"] for t in api.get("/tasks", TOWNSHIP)["items"]} == {"岐山面花匠", "岐山臊子面师"}

    walk.recognize_at(api, "city", at_city["instance_id"])
    walk.recognize_at(api, "province", at_city["instance_id"])
    walk.select_nationally(api)
    finished = session.get(engine.ProcessInstance, at_city["instance_id"])
    session.refresh(finished)
    assert (finished.status, finished.end_outcome) == ("completed", "recognized")
    assert finished.definition_id == engine.version("recommendation", 1).id


def test_only_a_national_administrator_changes_processes(client):
    for username in ("qishan.official", "shaanxi.auditor"):
        for attempt in (lambda u: services.deploy_files({"recommendation.bpmn": township_version()}, actor=u),
                        lambda u: services.migrate_cases("recommendation", 1, None, actor=u),
                        lambda u: services.save_form("endorsement", "{}", "", actor=u)):
            try:
                attempt(user(username))
            except Forbidden:
                continue
            raise AssertionError(f"{username} was allowed")
    assert engine.latest("recommendation").version == 1


@starting_at(steps.at_village)
def test_the_command_line_validates_deploys_and_migrates(world, runner, tmp_path):
    waiting = world.facts
    changed = tmp_path / "recommendation.bpmn"
    changed.write_bytes(township_version())

    def run(*args: str, expect: int = 0) -> str:
        result = runner.invoke(cli, ["workflows", *args], catch_exceptions=False)
        assert result.exit_code == expect, result.output
        return result.output

    assert "valid: recommendation (would deploy v2)" in run("validate", str(changed))
    broken = tmp_path / "broken.bpmn"
    broken.write_bytes(township_version().replace(b'camunda:formKey="endorsement"', b'camunda:formKey="nope"', 1))
    assert "form 'nope' does not exist" in run("validate", str(broken), expect=1)
    assert "deployed: recommendation v2" in run("deploy", str(changed), "--accept-gaps", "寨沙镇: official soon")
    assert "deployed: nothing changed" in run("deploy", str(changed))
    assert f"would move to recommendation v2: {waiting['instance_id']}" in run("migrate", "--to", "2", "--dry-run")
    assert engine.latest("recommendation").version == 2
    assert f"moved to recommendation v2: {waiting['instance_id']}" in run("migrate", "--to", "2")
    assert "recommendation  劳务品牌逐级推荐认定" in run("list")
