"""Hostile form values: markup typed into an application, a brand name and a reviewer's comment is
shown as text on every page that shows it, in the audit CSV (where a formula is defused too), in the
audit report PDF and on the signed certificate; values too long for a field, or numbers too long for
Python, are refused per field instead of crashing; a verification code in any script is just wrong."""

from __future__ import annotations

import csv
import io
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from markupsafe import escape

from tests import walk
from tests.api_client import Api, application_form
from tests.security import steps
from tests.security.steps import COMMENT, IMG, NAME, SCRIPT
from tests.web.browser_client import Browser
from tests.worlds import World, starting_at

RAW = (SCRIPT, "<img src=x")
"""What must never reach a page as markup."""


@pytest.fixture
def hostile(world: World, client: Any) -> dict[str, Any]:
    """The world `steps.hostile_brand` built, and an API client."""
    return {**world.facts, "api": Api(client)}


def _shown_as_text(html: str, *texts: str) -> None:
    for raw in RAW:
        assert raw not in html
    for text in texts:
        assert str(escape(text)) in html, text


@starting_at(steps.hostile_brand)
def test_markup_is_shown_as_text_on_every_page_that_shows_it(app, hostile):
    brand, task = hostile["application"]["brand_id"], hostile["task"]
    official = Browser(app)
    official.login("qishan.official")
    pages = {f"/tasks/{task['id']}": (IMG, COMMENT, SCRIPT), "/inbox": (SCRIPT,),
             f"/brands/{brand}": (NAME,), f"/brands/{brand}/history": (NAME, IMG, COMMENT),
             "/audit?brand=HYPERLINK": (NAME,), "/audit?kind=cases&brand=HYPERLINK": (NAME,)}
    for path, texts in pages.items():
        response = official.get(path)
        assert response.status_code == 200, path
        _shown_as_text(official.text(response), *texts)
    applicant = Browser(app)
    applicant.login(walk.APPLICANT)
    for path in ("/applications", f"/applications/{hostile['waiting']['id']}"):
        response = applicant.get(path)
        assert response.status_code == 200, path
        _shown_as_text(applicant.text(response), SCRIPT)
    _shown_as_text(applicant.text(applicant.get(f"/applications/{hostile['application']['id']}")), NAME, IMG, COMMENT)


@starting_at(steps.hostile_brand)
def test_the_audit_csv_keeps_markup_as_text_and_defuses_formulas(app, hostile):
    official = Browser(app)
    official.login("qishan.official")
    response = official.client.get("/audit/events.csv?brand=HYPERLINK")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data().decode("utf-8").lstrip("\ufeff"))))[1:]
    assert rows and {row[5] for row in rows} == {f"'{NAME}"}  # shown as text, not run as =HYPERLINK(...)
    assert not [cell for row in rows for cell in row if cell[:1] in ("=", "+", "-", "@")]
    endorsed = next(row for row in rows if row[12] == "同意推荐")
    assert COMMENT in endorsed[13]  # the details column starts with the comment


def _pdf_text(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "read.pdf"
    path.write_bytes(data)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return re.sub(r"\s+", "", text)  # lines wrap where the layout chooses


@starting_at(steps.hostile_brand)
def test_markup_prints_as_text_in_the_audit_report_and_on_the_certificate(app, hostile, tmp_path):
    brand = hostile["application"]["brand_id"]
    official = Browser(app)
    official.login("qishan.official")
    report = official.client.get(f"/brands/{brand}/history.pdf")
    assert report.status_code == 200 and report.data.startswith(b"%PDF")
    text = _pdf_text(report.data, tmp_path)
    for printed in (NAME, COMMENT, IMG):  # literally: markup would have been drawn, or dropped, not printed
        assert re.sub(r"\s+", "", printed) in text, printed

    (certificate,) = hostile["api"].get(f"/brands/{brand}", walk.APPLICANT)["certificates"]
    pdf = hostile["api"].call("GET", f"/certificates/{certificate['number']}/pdf", walk.APPLICANT, expect=200)
    assert re.sub(r"\s+", "", NAME) in _pdf_text(pdf.data, tmp_path)
    pdf.close()


def test_a_megabyte_in_any_text_field_is_refused_for_that_field(app, client):
    api = Api(client)
    texts = ("brand_name", "industry", "trades", "founded_on", "base_region", "trademark_no", "leading_enterprise",
             "development_plan")
    huge = "长" * 350_000  # a megabyte in UTF-8; eight of them stay below the 12 MB a request may have
    result = api.post("/applications", walk.APPLICANT, {"data": application_form(**dict.fromkeys(texts, huge))},
                      expect=422)
    assert set(texts) <= set(result["field_errors"])
    assert api.get("/applications", walk.APPLICANT)["items"] == []

    walk.submit(api)
    task = api.only_task(walk.VILLAGE)
    village = Browser(app)
    village.login(walk.VILLAGE)
    village.get(f"/tasks/{task['id']}")
    response = village.post(f"/tasks/{task['id']}", {"decision": "forward", "comment": huge})
    assert response.status_code == 422 and 'id="f-comment-error"' in village.text(response)
    assert api.only_task(walk.VILLAGE)["id"] == task["id"]


def test_numbers_too_long_for_python_are_refused_as_text_not_a_crash(app, client):
    applicant = Browser(app)
    applicant.login(walk.APPLICANT)
    applicant.get("/applications/new")
    digits = "9" * 5000  # int() refuses more than 4,300 digits
    typed = applicant.post("/applications/new", [("practitioners", digits), (f"representatives/{digits}/name", "x"),
                                                 ("brand_name", "岐山面花师"), ("action", "draft")])
    assert typed.status_code == 422 and 'id="f-practitioners-error"' in applicant.text(typed)
    assert Api(client).get("/applications", walk.APPLICANT)["items"] == []

    official = Browser(app)
    official.login("qishan.official")
    for page in ("²", digits, "9" * 30):
        assert official.get(f"/inbox?page={page}").status_code == 200
        assert official.get(f"/audit?page={page}").status_code == 422
    api = Api(client)
    assert api.get("/tasks?page=1000000000000000000", "qishan.official")["items"] == []
    assert api.get("/tasks?page=²", "qishan.official", expect=422)["field_errors"]["page"]


def test_ids_too_large_for_the_database_are_not_found(app, client):
    api = Api(client)
    huge = "9" * 30
    for user, method, path in (("qishan.official", "GET", f"/tasks/{huge}"),
                               ("qishan.official", "POST", f"/tasks/{huge}/complete"),
                               ("qishan.official", "GET", f"/brands/{huge}"),
                               ("qishan.official", "GET", f"/instances/{huge}/events"),
                               (walk.APPLICANT, "PUT", f"/applications/{huge}"),
                               (walk.APPLICANT, "GET", f"/applications/{huge}")):
        response = api.call(method, path, user, json={"data": {}})
        assert response.status_code == 404, (method, path, response.status_code)
    official = Browser(app)
    official.login("qishan.official")
    for path in (f"/tasks/{huge}", f"/brands/{huge}", f"/brands/{huge}/history", f"/cases/{huge}/diagram"):
        assert official.get(path).status_code == 404, path


@starting_at(steps.hostile_brand)
def test_a_verification_code_in_any_script_is_simply_unknown(app, client, hostile):
    (certificate,) = hostile["api"].get(f"/brands/{hostile['application']['brand_id']}", walk.APPLICANT)["certificates"]
    for code in ("验证码", SCRIPT):
        answer = Api(client).get(f"/verify/{certificate['number']}?t={code}", None)
        assert answer["status"] == "unknown" and answer["certificate"] is None
        page = Browser(app).get(f"/verify/{certificate['number']}?t={code}")
        assert page.status_code == 200
        _shown_as_text(Browser.text(page))
    # A NUL is refused before the lookup, as in every other field (tests/web/test_request_input.py).
    assert Api(client).get(f"/verify/{certificate['number']}?t=K7Q2-M9XD%00", None, expect=400)["error"] == \
        "malformed_request"
