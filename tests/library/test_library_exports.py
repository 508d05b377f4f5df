"""Exports of the library run as background jobs: asked for on the page with its filters, written by the
worker, followed on a progress page, downloaded only by whoever asked. The workbook opens with openpyxl
and holds exactly the rows the page shows; so does the CSV; the PDF list names the brands."""

from __future__ import annotations

import csv
import io
import re
import subprocess

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from tests.library import world
from tests.library.test_library_pages import _listed
from tests.web.browser_client import Browser
from webapp.db import session
from webapp.exports import services
from webapp.exports.models import ExportJob
from webapp.worker import run_once


def _export(browser: Browser, fmt: str, **filters: str) -> str:
    """Asks for an export as the page's button does; returns the job's page."""
    browser.get("/library")
    response = browser.post("/library/exports", {"format": fmt, **filters})
    assert response.status_code == 302
    location = response.headers["Location"]
    assert re.fullmatch(r"/exports/\d+", location)
    return location


def _file(browser: Browser, job: str) -> bytes:
    status = browser.client.get(f"{job}.json").get_json()
    assert status["status"] == "done" and status["file"] == f"{job}/file"
    response = browser.client.get(status["file"])
    assert response.status_code == 200
    data = response.get_data()
    response.close()
    return data


def test_an_excel_export_runs_in_the_worker_and_holds_the_rows_the_page_shows(app, client):
    world.build(client)
    browser = Browser(app)
    browser.login("baoji.official")
    job = _export(browser, "xlsx", status="exited")
    assert browser.get(job).status_code == 200
    assert browser.client.get(f"{job}.json").get_json() | {"id": 0} == {
        "id": 0, "status": "pending", "done": 0, "total": None, "error": None, "file": None}
    assert browser.client.get(f"{job}/file").status_code == 404  # not written yet
    with app.app_context():
        run_once()
    data = _file(browser, job)
    sheet = load_workbook(io.BytesIO(data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert [row[0] for row in rows[1:]] == [name for name, _status in _listed(browser, "?status=exited")]
    assert rows[1][7] and "企业转型" in rows[1][8]  # exited on, and why
    assert browser.client.get(f"{job}.json").get_json()["done"] == len(rows) - 1

    everything = _export(browser, "xlsx")
    with app.app_context():
        run_once()
    rows = list(load_workbook(io.BytesIO(_file(browser, everything))).active.iter_rows(values_only=True))
    assert [row[0] for row in rows[1:]] == [name for name, _status in _listed(browser, "")]
    assert len(rows[0]) == 12 and all(rows[0])

    # Only the requester: another official of the city, and the province's auditor, get nothing.
    for other in ("qishan.official", "shaanxi.auditor"):
        visitor = Browser(app)
        visitor.login(other)
        for path in (job, f"{job}.json", f"{job}/file"):
            assert visitor.client.get(path).status_code == 404, (other, path)


def test_the_csv_and_the_pdf_list_hold_the_brands_of_the_page(app, client):
    world.build(client)
    browser = Browser(app)
    browser.login("qishan.official")
    csv_job, pdf_job = _export(browser, "csv"), _export(browser, "pdf", region="610323")
    with app.app_context():
        run_once()
    text = _file(browser, csv_job).decode("utf-8")
    assert text.startswith("\ufeff")  # spreadsheet programs need the byte-order mark for Chinese
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert [row[0] for row in rows[1:]] == [name for name, _status in _listed(browser, "")]
    pdf = _file(browser, pdf_job)
    assert pdf.startswith(b"%PDF")
    printed = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    printed = "".join(printed.split())  # a narrow column wraps a name over lines
    assert world.KEPT in printed and world.WITHDRAWN in printed


def test_an_export_outside_the_jurisdiction_or_in_an_unknown_format_is_refused(app, client):
    browser = Browser(app)
    browser.login("sichuan.official")
    browser.get("/library")
    assert browser.post("/library/exports", {"format": "xlsx", "region": "610323"}).status_code == 403
    assert browser.post("/library/exports", {"format": "docx"}).status_code == 422
    assert browser.post("/library/exports", {"format": "xlsx"}, csrf=False).status_code == 400


@pytest.mark.postgres
def test_a_job_another_worker_holds_is_skipped_not_waited_for_or_written_twice(app, client):
    browser = Browser(app)
    browser.login("baoji.official")
    job = _export(browser, "csv")
    with session.get_bind().connect() as other_worker:
        other_worker.execute(select(ExportJob).with_for_update())  # as another worker's claim holds it
        with app.app_context():
            assert services.run_next() is None
        other_worker.rollback()
    with app.app_context():
        written = services.run_next()
    assert written is not None and (written.status, f"/exports/{written.id}") == ("done", job)
