"""An application on paper: its printable page (the brand, the data submitted under the form's own field
titles, the steps so far) and the receipt (回执) the unit prints after submitting."""

from __future__ import annotations

import re

from tests import walk
from tests.api_client import Api, application_form
from tests.browser.tour_rules import KIND_REGION
from tests.desk import steps
from tests.web.browser_client import Browser, form_items
from tests.web.shown_text import problems, shown_text
from tests.worlds import starting_at

RECEIPT_NUMBER = re.compile(r'id="receipt-number">(\d{8}-\d{4}-\d{6})<')


def _cell(page: str, element_id: str) -> str:
    found = re.search(rf'id="{element_id}">(.*?)</td>', page, re.S)
    assert found, element_id
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(1))).strip()


def test_the_message_after_submitting_leads_to_a_receipt_with_all_a_unit_keeps(app):
    browser = Browser(app)
    browser.login(walk.APPLICANT)
    browser.get("/applications/new")
    submitted = browser.post("/applications/new", [*form_items(application_form()), ("action", "submit")])
    assert submitted.status_code == 302
    shown = Browser.text(browser.get(submitted.headers["Location"]))
    link = re.search(r'已提交，将先由村（社区）审核推荐。 <a href="(/applications/(\d+)/receipt)">打印回执</a>', shown)
    assert link, "the message after submitting links to the receipt"
    assert f'id="receipt-link" href="{link.group(1)}"' in shown  # and so does the application's page
    receipt = Browser.text(browser.get(link.group(1)))
    application_id = int(link.group(2))
    assert RECEIPT_NUMBER.search(receipt).group(1) == f"20260511-0930-{application_id:06d}"
    assert _cell(receipt, "application-number") == str(application_id)
    assert _cell(receipt, "submitted-at") == "2026-05-11 09:30"  # with its year
    assert "村级" in _cell(receipt, "next-steps") and "岐星村" in _cell(receipt, "next-steps")
    assert "岐山臊子面师" in receipt and "岐山县西岐名吃产业协会" in receipt and "申报回执" in receipt
    assert 'data-print' in receipt and "<script>" not in receipt  # printed by the static script, no inline code


def test_a_draft_has_no_receipt_and_another_province_sees_neither_receipt_nor_print(app, client):
    api = Api(client)
    draft = api.post("/applications", walk.APPLICANT, {"data": {"brand_name": "岐山面花匠"}, "submit": False},
                     expect=201)
    submitted = walk.submit(api)
    unit = Browser(app)
    unit.login(walk.APPLICANT)
    refused = unit.get(f"/applications/{draft['id']}/receipt")
    assert refused.status_code == 404 and "提交后才有回执" in Browser.text(refused)
    assert 'id="receipt-link"' not in Browser.text(unit.get(f"/applications/{draft['id']}"))
    outsider = Browser(app)
    outsider.login("guangxi.official")
    for path in (f"/applications/{submitted['id']}/receipt", f"/applications/{submitted['id']}/print"):
        response = outsider.get(path)
        assert response.status_code == 403 and "岐山臊子面师" not in Browser.text(response)


@starting_at(steps.at_county)
def test_the_printable_application_shows_the_data_under_its_field_titles_and_the_steps_so_far(world, app):
    submitted = world.facts
    browser = Browser(app)
    browser.login("qishan.official")
    page = Browser.text(browser.get(f"/applications/{submitted['id']}/print"))
    assert re.search(r'<tr data-field="brand_name"><th scope="row">品牌名称</th><td>\s*岐山臊子面师', page)
    assert re.search(r'<tr data-field="practitioners"><th scope="row">从业人员规模（人）</th><td>\s*3200', page)
    steps = re.findall(r"<tr data-step>(.*?)</tr>", page, re.S)
    assert len(steps) == 1 and "属实，同意推荐。" in steps[0] and "2026-05-11" in steps[0]
    assert "打印版" in page and 'class="print-bar no-print"' in page
    browser.client.set_cookie("lang", "en")
    english = Browser.text(browser.get(f"/applications/{submitted['id']}/print"))
    assert "Data submitted" in english and "Steps so far" in english and "Print" in english


def test_the_brands_place_is_named_never_coded_on_the_case_pages_and_on_paper(app, client):
    api = Api(client)
    application = walk.submit(api)
    walk.endorse(api, decision="return", comment="请补充从业人员名册。")
    task_id = api.only_task(walk.APPLICANT)["id"]
    code = application_form()["base_region"]
    unit = Browser(app)
    unit.login(walk.APPLICANT)
    for path in (f"/applications/{application['id']}", f"/applications/{application['id']}/print",
                 f"/applications/{application['id']}/receipt", f"/tasks/{task_id}", f"/tasks/{task_id}/print"):
        page = Browser.text(unit.get(path))
        assert "岐星村" in page, path
        assert not [piece for piece in shown_text(page) if code in piece], path
        assert not [hit for hit in problems(page) if hit.kind == KIND_REGION], path
