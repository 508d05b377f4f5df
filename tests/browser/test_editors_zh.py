"""The process editors in the administrator's language (Chinese by default, English with the `en`
language cookie), offering only what brandcert reads: the palette, context pad, replace menu and
properties panel in Chinese with help under each field, no listeners or other refused groups, lanes
drawn with their level's name while the diagram keeps the key, and after validating a diagram with a
township lane the lanes where nobody may act marked on the diagram with the staffing table under it.
Saves tests/artifacts/editor-zh-*.png and editor-en.png."""

from __future__ import annotations

from typing import Any

from tests.browser.conftest import ARTIFACTS, screenshot
from tests.browser.test_designer import ADD_LANE_AND_TASK, _select, _type
from tests.browser.test_walk import close, sign_in

LANE_LABELS = """() => window.brandcertEditor.modeler.get('elementRegistry')
  .filter(e => e.type === 'bpmn:Lane')
  .map(e => [e.businessObject.name, document.querySelector(`[data-element-id="${e.id}"] .djs-visual text`)
                                      ?.textContent || ''])"""

PANEL_GROUPS = """() => Array.from(document.querySelectorAll('#editor-panel [data-group-id]'))
  .map(g => g.getAttribute('data-group-id'))"""

REPLACE_MENU = """id => { const m = window.brandcertEditor.modeler, task = m.get('elementRegistry').get(id);
  m.get('popupMenu').open(task, 'bpmn-replace', {x: 300, y: 300});
  const entries = Array.from(document.querySelectorAll('.djs-popup .entry'));
  const found = {ids: entries.map(e => e.getAttribute('data-id')), labels: entries.map(e => e.textContent.trim())};
  m.get('popupMenu').close();
  return found; }"""

ZOOM_TO = """id => { const m = window.brandcertEditor.modeler, lane = m.get('elementRegistry').get(id);
  m.get('canvas').viewbox({x: lane.x - 130, y: lane.y - 160, width: 760, height: 420}); }"""

REFUSED_GROUPS = ("Listener", "Asynchronous", "Input", "Output", "ExternalTask", "JobExecution", "FieldInjection")


def _open_editor(page: Any, base: str, name: str) -> list[str]:
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(f"{base}/admin/editor/{name}")
    page.wait_for_selector("#editor[data-loaded='true']")
    return problems


def _english(browser: Any, base: str) -> Any:
    page = sign_in(browser, base, "admin")
    page.context.add_cookies([{"name": "lang", "value": "en", "url": base}])
    return page


def test_the_bpmn_editor_in_chinese_marks_lanes_nobody_staffs(client, live_server, browser):
    page = sign_in(browser, live_server, "admin")
    problems = _open_editor(page, live_server, "recommendation.bpmn")
    assert page.get_attribute(".djs-palette [data-action='create.start-event']", "aria-label") == "创建开始事件"
    assert page.get_attribute(".djs-palette [data-action='hand-tool']", "aria-label") == "抓手工具（拖动画布）"

    lanes = dict(page.evaluate(LANE_LABELS))  # the diagram keeps the key; the lane shows the level
    assert lanes["village"] == "村（社区）" and lanes["county"] == "县级" and lanes["applicant"] == "申报单位"

    _select(page, "Task_village_endorse")
    assert page.get_attribute(".djs-context-pad [data-action='append.end-event']", "title") == "追加结束事件"
    groups = page.evaluate(PANEL_GROUPS)
    assert {"group-general", "group-CamundaPlatform__UserAssignment", "group-CamundaPlatform__Form",
            "group-CamundaPlatform__ExtensionProperties"} <= set(groups)
    assert not [g for g in groups if any(refused in g for refused in REFUSED_GROUPS)], groups
    panel = page.inner_text("#editor-panel")
    assert "用户任务" in panel and "基本信息" in panel and "General" not in panel
    _type(page, "CamundaPlatform__UserAssignment", "#bio-properties-panel-candidateGroups", "official")
    assert page.locator("#editor-panel [data-entry-id='candidateUsers']").count() == 0
    help_text = page.inner_text("#editor-panel [data-entry-id='candidateGroups']")
    assert "候选组（角色）" in help_text and "official＝经办人员" in help_text and "expert＝评审专家" in help_text
    menu = page.evaluate(REPLACE_MENU, "Task_village_endorse")
    assert "replace-with-task" in menu["ids"] and "replace-with-service-task" not in menu["ids"]
    assert "业务规则任务（决策表）" in menu["labels"]

    added = page.evaluate(ADD_LANE_AND_TASK)  # the README's township recipe, half done: no officials yet
    _select(page, added["lane"])
    assert "township＝乡镇（街道）" in page.inner_text("#editor-panel [data-entry-id='name']")
    _type(page, "general", "#bio-properties-panel-name", "township")
    _select(page, added["task"])
    _type(page, "general", "#bio-properties-panel-name", "乡镇审核")
    _type(page, "CamundaPlatform__UserAssignment", "#bio-properties-panel-candidateGroups", "official")
    page.click("#editor-panel [data-group-id='group-CamundaPlatform__Form'] .bio-properties-panel-group-header")
    page.select_option("#bio-properties-panel-formType", "formKey")
    _type(page, "CamundaPlatform__Form", "#bio-properties-panel-formKey", "endorsement")
    assert dict(page.evaluate(LANE_LABELS))["township"] == "乡镇（街道）"

    page.click("[data-action=validate]")
    page.wait_for_selector("#editor-staffing table")
    marked = page.locator(f"[data-element-id='{added['lane']}'].bc-gap")
    assert marked.count() == 1, page.inner_text("#editor-result")
    assert page.locator(".bc-gap-label", has_text="无人办理").count() >= 1
    headers = page.locator("#editor-staffing th").all_inner_texts()
    assert headers[:5] == ["层级", "角色", "地区", "可办理人数", "在办/将到案件"]
    gaps = page.locator("#editor-staffing tr.staffing-gap")
    assert gaps.count() >= 1 and "乡镇（街道）" in gaps.first.inner_text()
    staffed = page.locator("#editor-staffing tr[data-lane='township']:not(.staffing-gap)", has_text="蔡家坡镇")
    assert staffed.count() == 1  # caijiapo.official acts there
    screenshot(page, "editor-zh-township-gaps")
    page.evaluate(ZOOM_TO, added["lane"])
    page.locator("#editor").screenshot(path=str(ARTIFACTS / "editor-zh-township-lane.png"))
    assert problems == []
    close(page)


def test_the_dmn_editor_in_chinese_and_both_editors_in_english(live_server, browser):
    page = sign_in(browser, live_server, "admin")
    problems = _open_editor(page, live_server, "expert_scoring.dmn")
    table = page.inner_text("#editor-canvas")
    assert "当" in table and "则" in table and "命中策略" in table and "When" not in table
    screenshot(page, "editor-zh-dmn")
    assert problems == []
    close(page)

    page = _english(browser, live_server)
    problems = _open_editor(page, live_server, "expert_scoring.dmn")
    assert "When" in page.inner_text("#editor-canvas") and "Hit policy" in page.inner_text("#editor-canvas")
    problems += _open_editor(page, live_server, "recommendation.bpmn")
    assert page.get_attribute(".djs-palette [data-action='create.start-event']", "aria-label") == "Create start event"
    assert dict(page.evaluate(LANE_LABELS))["county"] == "County"
    _select(page, "Task_village_endorse")
    _type(page, "CamundaPlatform__UserAssignment", "#bio-properties-panel-candidateGroups", "official")
    help_text = page.inner_text("#editor-panel [data-entry-id='candidateGroups']")
    assert "Candidate groups" in help_text and "official = Official" in help_text
    assert not [g for g in page.evaluate(PANEL_GROUPS) if any(refused in g for refused in REFUSED_GROUPS)]
    screenshot(page, "editor-en")
    assert problems == []
    close(page)
