"""The diagram of a case in the browser: bpmn-js draws the recommendation with the path taken
marked, the waiting step marked, and a counter on the level the revision loop sent the case back
to. Saves tests/artifacts/case-diagram.png."""

from __future__ import annotations

from tests import walk
from tests.api_client import Api, application_form
from tests.browser.conftest import screenshot
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
