"""The designer pages: who may use them, the JSON validation and deployment of an edited file, the
21 MIWG reference models answered plainly, version diffs, rolling back, and the form editor."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import walk
from tests.api.test_levels_from_diagram import with_township_review
from tests.api_client import Api
from tests.web.browser_client import Browser
from tests.web.shown_text import problems, shown_text
from webapp import engine, taskforms
from webapp.config import PROJECT_ROOT

MIWG = sorted((Path(__file__).parent / "miwg").glob("*.bpmn"))
RECOMMENDATION = (PROJECT_ROOT / "workflows" / "recommendation.bpmn").read_text(encoding="utf-8")


@pytest.fixture
def designer(app) -> Browser:
    browser = Browser(app)
    browser.login("admin")
    return browser


def post_xml(browser: Browser, name: str, action: str, xml: str, **extra: object) -> tuple[int, dict]:
    response = browser.client.post(f"/admin/files/{name}/{action}", json={"xml": xml, **extra},
                                   headers={"X-CSRFToken": browser.token})
    assert response.mimetype == "application/json", response.get_data(as_text=True)[:300]
    return response.status_code, response.get_json()


def test_only_national_administrators_see_the_designer(app, designer):
    assert designer.get("/admin/processes").status_code == 200
    for username in ("baoji.official", "shaanxi.auditor", walk.APPLICANT):
        other = Browser(app)
        other.login(username)
        for path in ("/admin/processes", "/admin/editor/recommendation.bpmn", "/admin/forms/endorsement"):
            assert other.get(path).status_code == 403, (username, path)
        assert "/admin/processes" not in other.get("/").get_data(as_text=True)
    assert designer.get("/admin/editor/..%2Fsecrets.bpmn").status_code == 404
    assert designer.get("/admin/editor/notes.txt").status_code == 404


def test_processes_files_and_forms_are_named_as_people_call_them(designer):
    """Names, not keys: a file or a form's key is shown only as code (`translate="no"`) beside its name."""
    pages = ("/admin/processes", "/admin/forms", "/admin/forms/appeal_review", "/admin/forms/new?key=township_review")
    for language in ("zh", "en"):
        designer.client.set_cookie("lang", language)
        for path in pages:
            page = designer.text(designer.get(path, follow_redirects=True))
            assert problems(page, chinese=language == "zh") == [], (language, path, problems(page))
    designer.client.set_cookie("lang", "zh")
    processes = shown_text(designer.text(designer.get("/admin/processes")))
    assert {"劳务品牌逐级推荐认定", "宝鸡市吸纳就业一次性奖补", "专家评审结论", "第1版"} <= set(processes)
    forms = designer.text(designer.get("/admin/forms"))
    assert "复核决定" in shown_text(forms) and '<code translate="no" class="secondary">appeal_review</code>' in forms
    assert "<title>复核决定 · 表单" in designer.text(designer.get("/admin/forms/appeal_review"))
    designer.client.set_cookie("lang", "en")
    assert "Decision on the review request" in shown_text(designer.text(designer.get("/admin/forms")))
    assert {"Recommendation by level", "version 1"} <= set(shown_text(designer.text(designer.get("/admin/processes"))))


def test_a_new_file_without_a_usable_name_is_refused_on_the_processes_page(designer):
    for name in ("", "notes.txt"):
        refused = designer.get(f"/admin/editor?name={name}")
        assert refused.status_code == 302 and refused.headers["Location"].endswith("/admin/processes")
    page = designer.text(designer.get("/admin/processes"))
    assert "这个名称不能用作新文件名" in page and problems(page) == []
    assert designer.get("/admin/editor?name=township.bpmn").headers["Location"].endswith("/admin/editor/township.bpmn")


def test_validate_and_deploy_an_edited_file_as_json(designer):
    assert designer.client.get("/admin/files/recommendation.bpmn").get_json()["xml"] == RECOMMENDATION
    status, answer = post_xml(designer, "recommendation.bpmn", "validate", RECOMMENDATION)
    assert (status, answer["ok"], answer["processes"]) == (200, True, {"recommendation": "unchanged"})
    assert answer["staffing"]["gaps"] == 0  # the staffing check: tests/designer/test_staffing.py

    broken = RECOMMENDATION.replace('camunda:formKey="endorsement"', 'camunda:formKey="nope"', 1)
    status, answer = post_xml(designer, "recommendation.bpmn", "deploy", broken)
    assert status == 422 and any("nope" in p and "村级推荐意见 (Task_village_endorse)" in p for p in answer["problems"])
    assert engine.latest("recommendation").version == 1

    township = with_township_review(RECOMMENDATION.encode()).decode()
    status, answer = post_xml(designer, "recommendation.bpmn", "deploy", township, confirm_gaps=True,
                              reason="寨沙镇: official soon")
    assert status == 200 and [(d["key"], d["version"]) for d in answer["deployed"]] == [("recommendation", 2)]
    assert designer.client.post("/admin/files/recommendation.bpmn/deploy", data="x",
                                headers={"X-CSRFToken": designer.token}).status_code == 422
    assert designer.client.post("/admin/files/recommendation.bpmn/deploy", json={"xml": township}).status_code == 400


@pytest.mark.parametrize("path", MIWG, ids=[p.name for p in MIWG])
def test_each_miwg_reference_model_gets_a_plain_answer(designer, path: Path):
    xml = path.read_text(encoding="utf-8")
    for action in ("validate", "deploy"):
        status, answer = post_xml(designer, path.name, action, xml)
        assert status == 422 and answer["problems"], answer
        assert all(problem.strip() and "Traceback" not in problem for problem in answer["problems"])
    assert len(MIWG) == 21


def test_the_diff_page_and_rolling_back(designer):
    township = with_township_review(RECOMMENDATION.encode()).decode()
    post_xml(designer, "recommendation.bpmn", "deploy", township, confirm_gaps=True, reason="寨沙镇: official soon")
    page = designer.get("/admin/processes/recommendation/diff").get_data(as_text=True)
    assert "第1版 → 第2版" in page and "Task_township_review" in page and "Gateway_village" in page
    assert problems(page) == [], problems(page)
    overview = designer.get("/admin/processes").get_data(as_text=True)
    assert "第2版" in overview and "/admin/processes/recommendation/versions/1/redeploy" in overview

    designer.post("/admin/processes/recommendation/versions/1/redeploy", {})
    newest = engine.latest("recommendation")
    assert newest.version == 3 and newest.sha256 == engine.version("recommendation", 1).sha256
    assert engine.changes_between(engine.version("recommendation", 1), newest) == []


def test_a_form_saved_in_the_editor_is_what_the_task_shows(app, client, designer):
    endorsement = taskforms.catalog().get("endorsement")
    preview = designer.client.post("/admin/forms/endorsement/preview", data={
        "schema": endorsement.schema_text.replace('"意见"', '"推荐意见"'), "ui": endorsement.ui_text,
        "csrf_token": designer.token})
    assert preview.status_code == 200 and "推荐意见" in preview.get_data(as_text=True)

    bad = designer.post("/admin/forms/endorsement", {"schema": '{"type": "object", "properties": {', "ui": "{}"})
    assert bad.status_code == 422 and "第 1 行" in bad.get_data(as_text=True)
    not_schema = designer.post("/admin/forms/endorsement", {"schema": '{"type": "object", "properties": '
                                                            '{"x": {"type": "nonsense"}}}', "ui": "{}"})
    assert not_schema.status_code == 422 and "properties/x/type" in not_schema.get_data(as_text=True)
    assert taskforms.catalog().get("endorsement").schema_text == endorsement.schema_text

    schema = endorsement.schema_text.replace('"title": "意见"', '"title": "推荐意见"')
    saved = designer.post("/admin/forms/endorsement", {"schema": schema, "ui": endorsement.ui_text})
    assert saved.status_code == 302
    api = Api(client)
    walk.submit(api)
    village = Browser(app)
    village.login(walk.VILLAGE)
    task_page = village.get(f"/tasks/{api.only_task(walk.VILLAGE)['id']}").get_data(as_text=True)
    assert "推荐意见" in task_page
