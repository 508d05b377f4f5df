"""A case stranded by a bad version, moved back in the browser: version 2 adds a township review,
and a 鹿寨 application waits at 寨沙镇, where nobody holds the township role. The administrator opens
"Move running cases", chooses version 1, sees where the case waits now and where it will wait
(the county's intake), ticks it and moves it; the county official then has it. Saves
tests/artifacts/migrate-back.png, migrate-back-phone.png and diff-names.png."""

from __future__ import annotations

from tests.api.test_levels_from_diagram import with_township_review
from tests.api_client import Api, application_form
from tests.browser.conftest import screenshot
from tests.browser.test_walk import close, sign_in
from tests.designer.test_migration_leniency import WORKFLOWS, deploy
from webapp import engine
from webapp.db import session


def test_a_case_stranded_at_a_township_is_moved_back_in_the_browser(client, live_server, browser):
    api = Api(client)
    deploy(recommendation=with_township_review((WORKFLOWS / "recommendation.bpmn").read_bytes()))
    stranded = api.post("/applications", "luzhai.unit", {"data": application_form(
        brand_name="寨沙米粉嫂", base_region="450223103204")}, expect=201)["instance_id"]
    village = api.only_task("zhaisha.official")
    api.complete("zhaisha.official", village["id"], {"decision": "forward", "comment": "同意"})
    assert api.get("/tasks", "luzhai.official")["items"] == []

    page = sign_in(browser, live_server, "admin")
    page.goto(f"{live_server}/admin/processes/recommendation/migrate")
    page.select_option("#to", "1")
    page.click("#choose-version button")
    page.wait_for_selector("#candidates")
    row = page.locator(f"tr[data-instance='{stranded}'].not-eligible")
    assert "乡镇审核" in row.locator(".waits-now").inner_text()
    assert "Task_township_review" in row.inner_text()
    step = row.locator(f"#step-{stranded}")
    assert step.input_value() == "CallActivity_county"
    assert "县级评审认定 › 受理审核" in step.locator("option:checked").inner_text()
    screenshot(page, "migrate-back")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "migrate-back-phone")
    page.set_viewport_size({"width": 1280, "height": 900})

    row.locator("input[type=checkbox]").check()
    page.click("#migrate-chosen")
    page.wait_for_selector(".notice-success")
    assert page.locator(f"tr[data-instance='{stranded}']").count() == 0  # now on version 1

    page.goto(f"{live_server}/admin/processes/recommendation/diff?from=2&to=1")
    assert "Task_township_review" in page.inner_text("main")
    screenshot(page, "diff-names")
    close(page)

    intake = api.only_task("luzhai.official")
    assert (intake["name"], intake["level"], intake["region"]) == ("受理审核", "county", "450223")
    assert session.get(engine.ProcessInstance, stranded).definition_id == engine.version("recommendation", 1).id
