"""The form editor in Chromium: the schema in a code editor with line numbers; a comma deleted on
line 22 is reported at line 22 in Chinese, a misspelt type at its line with its JSON path; fixing
them clears the marks, a field added with the helper appears in the live preview, and saving makes a
new version. Screenshots: tests/artifacts/form-editor-*.png (desktop and phone width)."""

from __future__ import annotations

from typing import Any

from tests.browser.conftest import screenshot
from tests.browser.test_walk import close, sign_in
from webapp import taskforms

PHONE = {"width": 390, "height": 844}


def _line(page: Any, number: int) -> Any:
    """The text of a line of the schema editor, found by its line number in the gutter."""
    return page.locator("[data-editor-for=schema] .cm-line").nth(number - 1)


def _end_of_line(page: Any, number: int) -> None:
    _line(page, number).click()
    page.keyboard.press("End")


def _settled(page: Any, state: str) -> None:
    page.wait_for_selector(f"#form-status.{state}")


def _shot(page: Any, name: str) -> None:
    """CodeMirror measures its lines once it is on screen: show the layout editor before a full-page shot."""
    page.locator("[data-editor-for=ui]").scroll_into_view_if_needed()
    page.locator("#form-status").scroll_into_view_if_needed()
    screenshot(page, name)


def test_the_form_editor_marks_problems_at_their_lines_and_previews_as_you_type(client, live_server, browser):
    page = sign_in(browser, live_server, "admin")
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.goto(f"{live_server}/admin/forms/endorsement")
    _settled(page, "ok")
    assert page.locator("#form-documents[data-editor=code]").count() == 1
    numbers = page.locator("[data-editor-for=schema] .cm-lineNumbers .cm-gutterElement").all_inner_texts()
    assert [n for n in numbers if n.strip()][:3] == ["1", "2", "3"]
    assert "同意推荐" in page.inner_text("#form-preview")

    _end_of_line(page, 22)  # "    }," closing the decision field
    page.keyboard.press("Backspace")
    _settled(page, "bad")
    item = page.locator("#form-problems li").first
    assert (item.get_attribute("data-document"), item.get_attribute("data-line")) == ("schema", "22")
    assert "第 22 行" in item.inner_text() and "逗号" in item.inner_text()
    marked = page.locator("[data-editor-for=schema] .cm-lineNumbers .cm-problem-gutter")
    assert marked.inner_text().strip() == "22"
    assert "逗号" in page.locator("[data-editor-for=schema] .cm-problem-message").inner_text()
    assert page.locator("#form-preview.stale").count() == 1
    _shot(page, "form-editor-comma")

    page.keyboard.type(",")
    _settled(page, "ok")
    assert page.locator("#form-problems li").count() == 0
    assert page.locator("[data-editor-for=schema] .cm-problem-message").count() == 0

    _end_of_line(page, 24)  # "      "type": "string","
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("Backspace")  # "strin"
    _settled(page, "bad")
    item = page.locator("#form-problems li").first
    assert item.get_attribute("data-line") == "24" and item.get_attribute("data-path") == "/properties/comment/type"
    assert "/properties/comment/type" in item.inner_text() and "strin" in item.inner_text()
    page.keyboard.type("g")
    _settled(page, "ok")

    _line(page, 12).click()  # inside the decision field: the new field goes after it
    page.click("#add-field [data-field=choice]")
    page.keyboard.type("是否实地查看")  # over the selected Chinese title placeholder
    page.locator("#form-preview", has_text="是否实地查看").wait_for()
    _settled(page, "ok")
    assert "选项一" in page.inner_text("#form-preview")
    _shot(page, "form-editor-added-field")

    page.click("#form-documents button[type=submit]")
    page.wait_for_selector(".notice-success")
    saved = taskforms.catalog().get("endorsement")
    assert list(saved.schema["properties"]) == ["decision", "field_1", "comment"]
    assert saved.schema["properties"]["field_1"]["title"] == "是否实地查看"
    assert problems == []
    close(page)


def test_the_form_editor_on_a_phone_and_in_english(live_server, browser):
    page = sign_in(browser, live_server, "admin")
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server}/admin/forms/endorsement")
    _settled(page, "ok")
    _end_of_line(page, 19)  # "        "forward": "同意推荐","
    page.keyboard.press("Backspace")
    page.keyboard.type("，")  # a Chinese comma, as a Chinese keyboard types it
    _settled(page, "bad")
    assert "中文标点" in page.inner_text("#form-problems")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    _shot(page, "form-editor-phone")

    page.goto(f"{live_server}/language/en?next=/admin/forms/endorsement")
    _settled(page, "ok")
    _end_of_line(page, 20)  # "        "return": "退回修改""
    page.keyboard.type(",")
    _settled(page, "bad")
    text = page.inner_text("#form-problems")
    assert "line 20," in text
    assert "comma too many" in text
    _shot(page, "form-editor-english-phone")
    close(page)


def test_without_the_bundled_editor_the_text_areas_still_work(live_server, browser):
    """A setup that has not bundled CodeMirror yet still edits, checks and previews."""
    page = sign_in(browser, live_server, "admin")
    page.route("**/vendor/code-editor/code-editor.js", lambda route: route.abort())
    page.goto(f"{live_server}/admin/forms/endorsement")
    _settled(page, "ok")
    assert page.locator("#form-documents[data-editor=plain]").count() == 1 and page.locator("#add-field").is_hidden()
    text = page.input_value("#schema")
    page.fill("#schema", text.replace('"title": "意见"', '"title": "意见",'))
    _settled(page, "bad")
    page.click("#form-problems li[data-line='25'] button")
    assert page.evaluate("document.activeElement.id") == "schema"
    page.fill("#schema", text.replace('"title": "意见"', '"title": "推荐意见"'))
    page.locator("#form-preview", has_text="推荐意见").wait_for()
    _settled(page, "ok")
    close(page)
