"""An administrator adds a township review to the recommendation in the browser's BPMN editor and
deploys it: a new application passes the township, which only that township's official sees; a
case waiting at the village moves to the new version and passes it too; a case already at the city
is not eligible and finishes on its old version. Saves tests/artifacts/editor-township.png."""

from __future__ import annotations

from typing import Any

from tests import walk
from tests.api_client import Api
from tests.browser.conftest import screenshot
from tests.browser.test_walk import close, sign_in
from webapp import engine
from webapp.config import PROJECT_ROOT
from webapp.db import session

TOWNSHIP = "caijiapo.official"

ADD_LANE_AND_TASK = """() => {
  const modeler = window.brandcertEditor.modeler;
  const registry = modeler.get('elementRegistry'), modeling = modeler.get('modeling');
  const village = registry.filter(e => e.type === 'bpmn:Lane' && e.businessObject.name === 'village')[0];
  const lane = modeling.addLane(village, 'bottom');
  const gateway = registry.get('Gateway_village');
  const task = modeling.createShape({type: 'bpmn:UserTask'}, {x: gateway.x + 150, y: lane.y + lane.height / 2},
                                    lane.parent);
  const forward = registry.filter(e => e.type === 'bpmn:SequenceFlow' &&
      e.businessObject.sourceRef.id === 'Gateway_village' &&
      e.businessObject.targetRef.id === 'CallActivity_county')[0];
  modeling.reconnectEnd(forward, task, {x: task.x, y: task.y + task.height / 2});
  modeling.connect(task, registry.get('CallActivity_county'));
  return {lane: lane.id, task: task.id};
}"""


def _select(page: Any, element_id: str) -> None:
    page.evaluate("id => { const m = window.brandcertEditor.modeler; "
                  "m.get('selection').select(m.get('elementRegistry').get(id)); }", element_id)


def _type(page: Any, group: str, selector: str, value: str) -> None:
    """Type into a field of the properties panel, opening its group (by id: the labels are in the
    page's language) first if it is folded."""
    if not page.locator(selector).is_visible():
        page.click(f"#editor-panel [data-group-id='group-{group}'] .bio-properties-panel-group-header")
    page.fill(selector, value)
    page.press(selector, "Tab")  # the panel writes on change; leaving the field commits it


def add_township_review(page: Any) -> dict[str, str]:
    """The README's recipe in the editor: a `township` lane with 乡镇审核 (officials, the endorsement form)
    between the village's forward and the county; the ids of the new lane and task."""
    added: dict[str, str] = page.evaluate(ADD_LANE_AND_TASK)
    _select(page, added["lane"])
    _type(page, "general", "#bio-properties-panel-name", "township")
    _select(page, added["task"])
    _type(page, "general", "#bio-properties-panel-name", "乡镇审核")
    _type(page, "CamundaPlatform__UserAssignment", "#bio-properties-panel-candidateGroups", "official")
    page.click("#editor-panel [data-group-id='group-CamundaPlatform__Form'] .bio-properties-panel-group-header")
    page.select_option("#bio-properties-panel-formType", "formKey")
    _type(page, "CamundaPlatform__Form", "#bio-properties-panel-formKey", "endorsement")
    return added


def _cases_at_village_and_city(api: Api) -> tuple[int, int]:
    at_village = walk.submit(api)
    at_city = walk.submit(api, brand_name="岐山擀面皮匠")
    task = next(t for t in api.get("/tasks", walk.VILLAGE)["items"] if t["title"] == "岐山擀面皮匠")
    api.complete(walk.VILLAGE, task["id"], {"decision": "forward", "comment": "同意。"})
    walk.recognize_at(api, "county", at_city["instance_id"])
    return at_village["instance_id"], at_city["instance_id"]


def test_a_township_review_added_in_the_editor(client, live_server, browser):
    api = Api(client)
    at_village, at_city = _cases_at_village_and_city(api)

    page = sign_in(browser, live_server, "admin")
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(f"{live_server}/admin/editor/recommendation.bpmn")
    page.wait_for_selector("#editor[data-loaded='true']")
    assert page.locator("#editor .bjs-powered-by").is_visible()
    add_township_review(page)

    page.click("[data-action=validate]")
    page.wait_for_selector("#editor-result.notice-success")
    assert "recommendation: v2" in page.inner_text("#editor-result")
    page.on("dialog", lambda dialog: dialog.accept())
    page.click("[data-action=deploy]")
    page.fill(".gap-confirm textarea[name=reason]", "寨沙镇的经办人下周到岗")  # staffing gap: 寨沙镇 has nobody
    page.click(".gap-confirm button[type=submit]")
    page.wait_for_selector("#editor-result:has-text('recommendation v2')")
    screenshot(page, "editor-township")
    assert problems == []

    new = walk.submit(api, brand_name="岐山面花匠")
    task = next(t for t in api.get("/tasks", walk.VILLAGE)["items"] if t["title"] == "岐山面花匠")
    api.complete(walk.VILLAGE, task["id"], {"decision": "forward", "comment": "同意。"})
    township = api.only_task(TOWNSHIP)
    assert (township["title"], township["level"], township["name"]) == ("岐山面花匠", "township", "乡镇审核")
    assert api.get("/tasks", "lengqi.official")["items"] == [] and api.get("/tasks", "qishan.official")["items"] == []
    assert session.get(engine.ProcessInstance, new["instance_id"]).definition_id == engine.latest("recommendation").id

    page.click("#editor-result a")  # "Move running cases" for recommendation v2
    page.wait_for_selector("#candidates")
    assert page.locator(f"tr[data-instance='{at_village}'].eligible input[type=checkbox]").is_checked()
    refused = page.locator(f"tr[data-instance='{at_city}'].not-eligible")
    assert "Gateway_village" in refused.inner_text()
    page.click("#migrate-chosen")
    page.wait_for_selector(".notice-success")
    assert page.locator(f"tr[data-instance='{at_village}']").count() == 0  # moved: no longer on another version
    close(page)

    task = next(t for t in api.get("/tasks", walk.VILLAGE)["items"] if t["title"] == "岐山臊子面师")
    api.complete(walk.VILLAGE, task["id"], {"decision": "forward", "comment": "同意。"})
    assert {t["title"] for t in api.get("/tasks", TOWNSHIP)["items"]} == {"岐山面花匠", "岐山臊子面师"}

    for level in ("city", "province"):
        walk.recognize_at(api, level, at_city)
    walk.select_nationally(api)
    finished = session.get(engine.ProcessInstance, at_city)
    session.refresh(finished)
    assert (finished.status, finished.end_outcome) == ("completed", "recognized")
    assert finished.definition_id == engine.version("recommendation", 1).id


def test_the_miwg_reference_models_open_in_the_editor(live_server, browser):
    """The 21 models of the OMG BPMN MIWG test suite import into the modeler without an error."""
    models = sorted((PROJECT_ROOT / "tests" / "designer" / "miwg").glob("*.bpmn"))
    assert len(models) == 21
    page = sign_in(browser, live_server, "admin")
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(f"{live_server}/admin/editor/miwg.bpmn")
    page.wait_for_selector("#editor[data-loaded='true']")
    opened = page.evaluate("""async (models) => {
      const opened = {};
      for (const [name, xml] of models) {
        try {
          const outcome = await window.brandcertEditor.load(xml);
          opened[name] = {ok: true, shapes: window.brandcertEditor.modeler.get('elementRegistry').getAll().length,
                          warnings: outcome.warnings.length};
        } catch (error) {
          opened[name] = {ok: false, error: String(error)};
        }
      }
      return opened;
    }""", [[path.name, path.read_text(encoding="utf-8")] for path in models])
    assert {name: result for name, result in opened.items() if not result["ok"]} == {}
    assert all(result["shapes"] > 1 for result in opened.values()), opened
    screenshot(page, "editor-miwg-last")
    assert problems == []
    close(page)
