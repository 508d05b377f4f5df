"""The form editor's checks, as the server answers them: JSON syntax errors, JSON Schema (draft 2020-12)
meta-validation and brandcert's own form rules, each in the reader's language with its line, column
and JSON path; a valid form saves as a new version; the preview answers the rendered form."""

from __future__ import annotations

import json
import re

import pytest

from tests.web.browser_client import Browser
from webapp import taskforms
from webapp.designer.form_views import NEW_FORM
from webapp.taskforms import rules
from webapp.taskforms.schema_messages import Problem, pointer

SCHEMA = """{
  "type": "object",
  "properties": {
    "decision": {
      "type": "string",
      "title": "决定",
      "enum": ["forward", "return"],
      "x-enum-labels": {"forward": "同意", "return": "退回修改"}
    },
    "comment": {"type": "string", "title": "意见", "maxLength": 2000}
  }
}
"""


@pytest.fixture
def designer(app) -> Browser:
    browser = Browser(app)
    browser.login("admin")
    return browser


def check(designer: Browser, schema: str, ui: str = "{}") -> dict:
    response = designer.client.post("/admin/forms/endorsement/preview",
                                    data={"schema": schema, "ui": ui, "csrf_token": designer.token})
    assert response.status_code == 200 and response.mimetype == "application/json"
    return response.get_json()


def only(answer: dict) -> dict:
    assert not answer["ok"] and len(answer["problems"]) == 1, answer
    return answer["problems"][0]


def test_a_missing_comma_is_reported_in_chinese_at_the_line_that_lacks_it(designer):
    broken = SCHEMA.replace('"maxLength": 2000}', '"maxLength": 2000}\n    "extra": {}', 1)
    problem = only(check(designer, broken))
    assert (problem["document"], problem["line"], problem["path"]) == ("schema", 10, None)
    assert problem["text"].startswith("不是有效的 JSON（第 10 行第 ")
    assert "此行末尾缺少英文逗号" in problem["text"]

    page = designer.post("/admin/forms/endorsement", {"schema": broken, "ui": "{}"})
    assert page.status_code == 422
    html = page.get_data(as_text=True)
    assert 'data-line="10"' in html and "此行末尾缺少英文逗号" in html
    assert '表单定义（<code translate="no">JSON Schema</code>）' in html


@pytest.mark.parametrize(("edit", "line", "words"), [
    (lambda s: s.replace('"title": "决定",', '"title"： "决定",'), 6, "此处输入了中文标点 ："),
    (lambda s: s.replace('"maxLength": 2000}', '"maxLength": 2000},'), 10, "} 之前多了一个逗号"),
    (lambda s: s.replace('"type": "string",\n      "title"', "'type': \"string\",\n      \"title\""), 5,
     "不能用单引号"),
    (lambda s: s.replace('"maxLength": 2000', '"maxLength": tru'), 10, "tru 不是有效的值"),
    (lambda s: s.rstrip().removesuffix("}"), 11, "内容提前结束"),
], ids=["chinese-colon", "comma-too-many", "single-quotes", "bare-word", "ends-early"])
def test_json_syntax_errors_are_plain_advice(designer, edit, line, words):
    problem = only(check(designer, edit(SCHEMA)))
    assert problem["line"] == line and words in problem["text"], problem


def test_a_misspelt_type_is_named_with_its_path_and_line(designer):
    answer = check(designer, SCHEMA.replace('"maxLength": 2000', '"maxLength": "2000"')
                   .replace('"type": "string",\n      "title": "决定"', '"type": "strin",\n      "title": "决定"'))
    typo, text = answer["problems"]
    assert (typo["line"], typo["column"], typo["path"]) == (5, 15, "/properties/decision/type")
    assert typo["text"] == ('第 5 行第 15 列：/properties/decision/type 处不是有效的 JSON Schema："strin" 不是类型名，'
                            "请使用：string（文字）、integer（整数）、number（数字）、boolean（是或否）、"
                            "object（一组字段）、array（列表）、null")
    assert (text["line"], text["column"], text["path"]) == (10, 63, "/properties/comment/maxLength")
    assert text["text"].endswith("/properties/comment/maxLength 处不是有效的 JSON Schema："
                                 "maxLength 应为整数，而不是文本")


def test_brandcert_rules_name_the_place_to_fix(designer):
    schema = (SCHEMA.replace('"maxLength": 2000', '"maxlength": 2000')
              .replace('"return": "退回修改"', '"retrun": "退回修改"'))
    ui = '{\n  "widgets": {"decision": "radio", "comments": "textarea"}\n}'
    answer = check(designer, schema, ui)
    found = {(p["document"], p["line"], p["path"]): p["text"] for p in answer["problems"]}
    assert found == {
        ("schema", 7, "/properties/decision/enum/1"):
            "第 7 行第 27 列：/properties/decision/enum/1：选项 return 在 x-enum-labels 中没有名称，"
            "办理人员将看到 return。",
        ("schema", 8, "/properties/decision/x-enum-labels/retrun"):
            "第 8 行第 42 列：/properties/decision/x-enum-labels/retrun：retrun 有名称，但不是 enum 中的选项。",
        ("schema", 10, "/properties/comment/maxlength"):
            "第 10 行第 50 列：/properties/comment/maxlength：maxlength 不是 JSON Schema 关键字，不会起任何作用；"
            "是否应为 maxLength？",
        ("ui", 2, "/widgets/comments"): "第 2 行第 36 列：/widgets/comments：表单中没有字段 comments。",
    }
    assert [p["document"] for p in answer["problems"]] == ["schema", "schema", "schema", "ui"]  # by document, line


def test_options_written_as_codes_need_labels():
    schema = {"type": "object", "properties": {
        "kind": {"type": "string", "enum": ["yes", "no"]},
        "brand_type": {"type": "string", "enum": ["中高端技能型", "民生保障型"]}}}
    assert [p.path for p in rules.schema_problems(schema)] == [("properties", "kind", "enum")]


def test_a_valid_form_saves_as_a_new_version(designer):
    before = taskforms.catalog().get("endorsement")
    answer = check(designer, SCHEMA)
    assert answer["ok"] and answer["problems"] == [] and "退回修改" in answer["preview"]
    saved = designer.post("/admin/forms/endorsement", {"schema": SCHEMA, "ui": "{}"})
    assert saved.status_code == 302
    newest = taskforms.catalog().get("endorsement")
    assert newest.schema_text == SCHEMA and newest.schema != before.schema


def test_english_with_the_language_cookie(designer):
    designer.client.set_cookie("lang", "en")
    problem = only(check(designer, SCHEMA.replace('"type": "string",\n      "title": "决定"',
                                                  '"type": "strin",\n      "title": "决定"')))
    assert problem["text"] == ('Line 5, column 15: Not a valid JSON Schema at /properties/decision/type: "strin" is '
                               "not a type; use one of: string (text), integer (whole number), number, boolean (yes "
                               "or no), object (group of fields), array (list), null")
    problem = only(check(designer, SCHEMA.replace('"title": "意见",', '"title": "意见"')))
    assert problem["text"] == ("Not valid JSON (line 10, column 49): a comma (,) or a closing bracket is missing "
                               "before this")
    page = designer.post("/admin/forms/endorsement", {"schema": "{", "ui": "{}"}).get_data(as_text=True)
    assert 'Form definition (<code translate="no">JSON Schema</code>)' in page and "the text ends too early" in page


def test_every_shipped_form_keeps_the_editors_rules(app):
    keys = taskforms.catalog().keys()
    assert len(keys) >= 16
    for key in keys:
        form = taskforms.catalog().get(key)
        assert taskforms.checked(key, form.schema_text, form.ui_text).schema == form.schema


def test_the_page_allows_only_codemirrors_style_element(designer):
    page = designer.get("/admin/forms/endorsement")
    policy = page.headers["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", policy)
    assert nonce and "unsafe-inline" not in policy and "script-src 'self';" in policy
    assert f'data-style-nonce="{nonce.group(1)}"' in page.get_data(as_text=True)
    assert "nonce" not in designer.get("/admin/forms").headers["Content-Security-Policy"]


def test_paths_are_found_where_the_text_writes_them():
    text = '{"a": [1, {"b:}": "x\\"]"}, [2]], "c": {"d": null}}'
    assert json.loads(text)
    for path, key_at in ((("a", 1, "b:}"), True), (("a", 2, 0), False), (("c", "d"), True), (("c",), True)):
        located = Problem("m", path, at_key=key_at).located(text)
        offset = located.column - 1
        expected = json.dumps(path[-1]) if key_at else json.dumps(json.loads(text)["a"][2][0])
        assert text[offset:].startswith(expected), (path, text[offset:])
    deep = "[" * 5000 + "]" * 5000
    assert Problem("m", (0,) * 4000).located(deep).column == 4001
    assert pointer(("properties", "a/b", "c~d")) == "/properties/a~1b/c~0d" and pointer(()) == "/"


def test_a_hundred_problems_are_listed_at_most(designer):
    schema = json.loads(SCHEMA)
    schema["properties"]["comment"].update({f"nonsense_{n}": n for n in range(150)})
    problems = check(designer, json.dumps(schema, indent=2))["problems"]
    assert len(problems) == 101 and problems[-1]["line"] is None and "50" in problems[-1]["text"]


def test_a_new_form_starts_as_a_valid_decision_with_a_comment(designer):
    page = designer.get("/admin/forms/township_review")
    assert page.status_code == 200 and "退回修改" in page.get_data(as_text=True)
    answer = check(designer, NEW_FORM)
    assert answer["ok"] and "意见说明" in answer["preview"]
