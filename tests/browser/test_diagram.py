"""The diagram of a case in the browser: bpmn-js draws the recommendation with the path taken
marked, the waiting step marked, and a counter on the level the revision loop sent the case back
to. Saves tests/artifacts/case-diagram.png."""

from __future__ import annotations

from tests import walk
from tests.api_client import Api, application_form
from tests.browser.conftest import screenshot, until
from tests.browser.test_walk import close, sign_in


def _returned_once_and_reviewed_again(client) -> int:
    api = Api(client)
    application = walk.submit(api)
    walk.endorse(api)
    walk.intake(api, "county", decision="return", comment="请补充本年度培训台账。")
    api.complete(walk.APPLICANT, api.only_task(walk.APPLICANT)["id"], application_form(trained_this_year=900))
    walk.intake(api, "county")  # accepted the second time: the experts are scoring now
    return int(application["instance_id"])


def test_the_diagram_marks_the_path_and_counts_the_revision_loop(client, live_server, browser):
    instance_id = _returned_once_and_reviewed_again(client)
    page = sign_in(browser, live_server, "shaanxi.auditor")
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(f"{live_server}/cases/{instance_id}/diagram")
    page.wait_for_selector("#diagram[data-shown='recommendation:']")

    def element(bpmn_id: str) -> str:
        return f'#diagram .djs-element[data-element-id="{bpmn_id}"]'

    for done in ("StartEvent_submitted", "Task_village_endorse", "Task_revise_county"):
        assert page.locator(element(done) + ".bc-done").count() == 1, done
    assert page.locator(element("CallActivity_county") + ".bc-active").count() == 1
    assert page.locator(element("CallActivity_city") + ".bc-done").count() == 0
    assert page.locator("#diagram .djs-connection.bc-taken").count() >= 5
    assert page.locator('#diagram .loop-count[data-element="CallActivity_county"]').inner_text() == "×2"
    assert page.locator('#diagram .loop-count').count() == 1  # nothing else ran twice
    assert page.locator("#diagram .bjs-powered-by").is_visible()  # bpmn.io's licence wants it seen
    screenshot(page, "case-diagram")
    lanes = {lane: page.locator(f'#diagram .djs-element[data-element-id="Lane_{lane}"] text').first.text_content()
             for lane in ("applicant", "village", "county", "nation")}
    assert lanes == {"applicant": "申报单位", "village": "村（社区）", "county": "县级", "nation": "国家级"}

    tabs = page.locator("#diagram-tabs button")
    assert tabs.count() == 3  # the main process and two runs of the county's review
    tabs.nth(2).click()
    page.wait_for_selector("#diagram[data-shown='level_review:county'] .bc-active")
    assert page.locator(element("Task_expert_review") + ".bc-active").count() == 1
    assert page.locator(element("Task_intake") + ".bc-done").count() == 1
    tabs.nth(1).click()
    page.wait_for_function("document.querySelector('#diagram-tabs button:nth-child(2)')"
                           ".getAttribute('aria-selected') === 'true'")
    page.wait_for_selector(element("EndEvent_intake_closed") + ".bc-done")
    assert problems == []
    close(page)


_OVERLAPPING_LABELS = """() => {
    const boxes = [...document.querySelectorAll('#diagram .djs-element[data-element-id$="_label"] text')]
        .filter((text) => text.textContent.trim())
        .map((text) => [text.textContent, text.getBoundingClientRect()]);
    const met = [];
    boxes.forEach(([name, a], i) => boxes.slice(i + 1).forEach(([other, b]) => {
        if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1) {
            met.push(name + " / " + other);
        }
    }));
    return met;
}"""
"""Pairs of labels drawn over each other (a flow's label on the label of the event it leads to)."""


def _scale(page) -> float:
    return float(page.get_attribute("#diagram", "data-scale"))


def _no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def test_the_diagram_takes_the_page_width_reads_well_and_zooms(client, live_server, browser):
    instance_id = _returned_once_and_reviewed_again(client)
    page = sign_in(browser, live_server, "shaanxi.auditor")
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(f"{live_server}/cases/{instance_id}/diagram")
    page.wait_for_selector("#diagram[data-shown='recommendation:'][data-scale]")
    assert page.locator("#diagram").bounding_box()["width"] > 1300  # not the 1,200-pixel column of other pages
    opened = _scale(page)
    assert opened >= 0.8  # the whole recommendation fitted in would be unreadable: it opens on the waiting step
    label = page.locator('#diagram .djs-element[data-element-id="CallActivity_county"] text').first
    assert label.bounding_box()["height"] >= 10, "labels are readable"
    assert page.locator('#diagram .djs-element[data-element-id="CallActivity_county"]').is_visible()
    frame = page.locator("#diagram").bounding_box()
    for lane in ("applicant", "county", "nation"):  # the lanes' names at the left edge are in view
        named = page.locator(f'#diagram .djs-element[data-element-id="Lane_{lane}"] text').first.bounding_box()
        assert frame["x"] <= named["x"] and named["x"] + named["width"] <= frame["x"] + 60, lane
    assert page.evaluate(_OVERLAPPING_LABELS) == []
    screenshot(page, "case-diagram-opening")

    page.click(".diagram-zoom [data-zoom=in]")
    until(page, f"+document.querySelector('#diagram').dataset.scale > {opened}")
    page.click(".diagram-zoom [data-zoom=fit]")
    until(page, f"+document.querySelector('#diagram').dataset.scale < {opened}")
    whole = page.evaluate("""() => { const box = document.querySelector('#diagram .viewport').getBoundingClientRect();
        const frame = document.querySelector('#diagram').getBoundingClientRect();
        return box.left >= frame.left - 1 && box.right <= frame.right + 1 && box.top >= frame.top - 1
            && box.bottom <= frame.bottom + 1; }""")
    assert whole, "the whole diagram fits its box"
    fitted = _scale(page)
    page.click(".diagram-zoom [data-zoom=out]")
    until(page, f"+document.querySelector('#diagram').dataset.scale < {fitted}")
    assert page.inner_text(".diagram-zoom [data-zoom=fit]") == "全图"
    screenshot(page, "case-diagram-wide")
    close(page)


def test_on_a_phone_a_finger_pans_the_diagram_inside_its_box(client, live_server, browser):
    instance_id = _returned_once_and_reviewed_again(client)
    page = sign_in(browser, live_server, "shaanxi.auditor")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server}/cases/{instance_id}/diagram")
    page.wait_for_selector("#diagram[data-shown='recommendation:'][data-scale]")
    assert _no_sideways_scroll(page)
    page.evaluate("document.getElementById('diagram').scrollIntoView()")
    box = page.locator("#diagram").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    before = page.evaluate("document.querySelector('#diagram .viewport').getAttribute('transform')")
    cdp = page.context.new_cdp_session(page)
    cdp.send("Emulation.setTouchEmulationEnabled", {"enabled": True, "maxTouchPoints": 1})
    x, y = box["x"] + box["width"] * 0.7, box["y"] + box["height"] / 2
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    for step in range(1, 6):
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x - step * 30, "y": y}]})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    until(page, f"document.querySelector('#diagram .viewport').getAttribute('transform') !== {before!r}")
    assert _no_sideways_scroll(page) and page.evaluate("window.scrollX") == 0
    screenshot(page, "case-diagram-phone")
    close(page)
