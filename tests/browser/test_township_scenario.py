"""The README's township recipe, end to end in the browser, as a provincial administrator meets it:

add a `township` lane with a review to the recommendation in the editor; validate and see where nobody
would act (寨沙镇 has no official yet); deploy and be refused; try the version on a 鹿寨 case; deploy
anyway with a reason; a 鹿寨 application then waits at 寨沙镇 with nobody to act, which the stranded
page and /healthz report; move it back to version 1, where it waits at the county; create the township's
official from the stranded page's link; validate again and find every place staffed.

Saves tests/artifacts/township-*.png (checked by eye: the gap table, the refusal, the rehearsal path,
the stranded task, the case moved back, the staffed table)."""

from __future__ import annotations

from typing import Any

from tests.api_client import Api, application_form
from tests.browser.conftest import screenshot
from tests.browser.test_designer import add_township_review
from tests.browser.test_walk import close, sign_in
from webapp import engine
from webapp.db import session

LUZHAI_PATH = ["450000", "450200", "450223", "450223103", "450223103204"]  # down to 寨沙村
ZHAISHA_TOWNSHIP = "450223103"


REHEARSAL_WAIT = 90_000


def _rehearse(page: Any) -> None:
    """Run the rehearsal and wait for its answer (a busy machine may take longer than a click's default)."""
    with page.expect_response(lambda response: response.url.endswith("/rehearse"), timeout=REHEARSAL_WAIT):
        page.click("#rehearsal-form button[type=submit]")


def _rehearse_at_luzhai(page: Any, task_id: str) -> None:
    for depth, code in enumerate(LUZHAI_PATH):
        select = f"#rehearsal-regions select[data-depth='{depth}']"
        page.wait_for_selector(f"{select} option[value='{code}']", state="attached")
        page.select_option(select, code)
    page.wait_for_load_state("networkidle")  # the last region's children are loaded
    for decision_task in ("Task_village_endorse", task_id):
        _rehearse(page)
        page.wait_for_selector(f"#rehearsal-decisions select[name='{decision_task}']")
        page.select_option(f"#rehearsal-decisions select[name='{decision_task}']", "forward")
    _rehearse(page)  # on to the county, where the next decision waits
    page.wait_for_selector("#rehearsal-decisions .rehearsal-decision.waiting select[name='county:Task_intake']")


def test_the_township_recipe_end_to_end(client, live_server, browser):
    api = Api(client)
    page = sign_in(browser, live_server, "admin")
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(f"{live_server}/admin/editor/recommendation.bpmn")
    page.wait_for_selector("#editor[data-loaded='true']")
    added = add_township_review(page)

    page.click("[data-action=validate]")  # before any township official of 鹿寨 exists
    page.wait_for_selector("#editor-staffing table")
    gap = page.locator("#editor-staffing tr.staffing-gap", has_text="寨沙镇")
    assert gap.count() == 1 and "乡镇（街道）" in gap.inner_text()
    assert page.locator(f"[data-element-id='{added['lane']}'].bc-gap").count() == 1
    screenshot(page, "township-1-gaps")

    page.click("[data-action=deploy]")  # refused: 寨沙镇 would get tasks nobody may act on
    page.wait_for_selector(".gap-confirm textarea[name=reason]")
    session.remove()
    assert len(engine.versions("recommendation")) == 1
    screenshot(page, "township-2-refused")

    _rehearse_at_luzhai(page, added["task"])  # the path passes the township, then the county
    steps = page.locator("#rehearsal-result table.rehearsal-steps tbody tr").all_inner_texts()
    assert [s for s in steps if "乡镇审核" in s] and "村级推荐意见" in steps[0]
    page.locator("#rehearsal").scroll_into_view_if_needed()
    screenshot(page, "township-3-rehearsal")

    page.fill(".gap-confirm textarea[name=reason]", "寨沙镇经办人下周到岗，先行部署")
    page.click(".gap-confirm button[type=submit]")
    page.wait_for_selector("#editor-result:has-text('recommendation v2')")
    session.remove()
    assert sorted(d.version for d in engine.versions("recommendation")) == [1, 2]

    stranded = api.post("/applications", "luzhai.unit", {"data": application_form(
        brand_name="寨沙米粉嫂", base_region="450223103204")}, expect=201)["instance_id"]
    village = api.only_task("zhaisha.official")
    api.complete("zhaisha.official", village["id"], {"decision": "forward", "comment": "同意"})
    assert client.get("/healthz").get_json()["stranded_tasks"] == 1

    page.goto(f"{live_server}/admin/processes/stranded")
    row = page.locator("tr", has_text="寨沙米粉嫂")
    assert row.count() == 1 and "寨沙镇" in row.inner_text()
    screenshot(page, "township-4-stranded")

    page.goto(f"{live_server}/admin/processes/recommendation/migrate?to=1")  # back to the version without it
    page.wait_for_selector("#candidates")
    moving = page.locator(f"tr[data-instance='{stranded}']")
    assert page.locator(f"#step-{stranded}").input_value() == "CallActivity_county"
    moving.locator("input[type=checkbox]").check()
    page.click("#migrate-chosen")
    page.wait_for_selector(".notice-success")
    screenshot(page, "township-5-moved-back")
    intake = api.only_task("luzhai.official")
    assert (intake["title"], intake["name"], intake["level"]) == ("寨沙米粉嫂", "受理审核", "county")
    session.remove()
    assert session.get(engine.ProcessInstance, stranded).definition_id == engine.version("recommendation", 1).id
    assert "stranded_tasks" not in client.get("/healthz").get_json()

    page.goto(f"{live_server}/admin/users/new?roles=official@{ZHAISHA_TOWNSHIP}")  # the stranded page's link
    page.fill("#username", "zhaisha.township")
    page.fill("#display_name", "寨沙镇人民政府（经办人）")
    page.fill("#password", "a-long-password-1")
    assert page.input_value("#role-0") == "official"  # the stranded page's missing role, chosen by name
    assert page.input_value("#region-0-value") == ZHAISHA_TOWNSHIP  # the region picker's choice (cascaded)
    page.click("main form button.primary[type=submit]")
    page.wait_for_selector(".notice-success:has-text('寨沙镇人民政府（经办人）')")

    page.goto(f"{live_server}/admin/editor/recommendation.bpmn")  # version 2, now staffed everywhere
    page.wait_for_selector("#editor[data-loaded='true']")
    page.click("[data-action=validate]")
    page.wait_for_selector("#editor-staffing")
    assert page.locator("#editor-staffing tr.staffing-gap").count() == 0
    assert page.locator(".bc-gap").count() == 0
    screenshot(page, "township-6-staffed")
    assert problems == []
    close(page)
