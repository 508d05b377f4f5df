"""The dashboard's tables exported by the background worker: the workbook opens with openpyxl and holds,
sheet by sheet, the rows the page shows (its JSON); the CSV holds them one table after another."""

from __future__ import annotations

import csv
import io
from typing import Any

from openpyxl import load_workbook
from sqlalchemy import func, select

from tests.library import steps
from tests.library.test_dashboard import _json
from tests.web.browser_client import Browser
from tests.worlds import starting_at
from webapp.db import session
from webapp.exports.models import ExportJob
from webapp.worker import run_once


def _exported(app: Any, fmt: str, **form: str) -> bytes:
    browser = Browser(app)
    browser.login("baoji.official")
    browser.get("/dashboard")
    response = browser.post("/dashboard/exports", {"format": fmt, **form})
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    job = response.headers["Location"]
    assert browser.client.get(f"{job}.json").get_json()["status"] == "pending"
    with app.app_context():  # as `brandcert worker` runs it
        run_once()
    status = browser.client.get(f"{job}.json").get_json()
    assert status["status"] == "done" and status["done"] == status["total"] > 0
    download = browser.client.get(status["file"])
    data = download.get_data()
    download.close()
    return data


def _text(value: Any, *, excel: bool = False) -> str:
    """As the file holds it: Excel keeps 0.0 as the number 0, CSV as the text `0.0`."""
    if excel and isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value)


@starting_at(steps.dashboard_brands)  # the same world as the dashboard's tests
def test_the_dashboard_workbook_holds_the_rows_the_page_shows(app):
    shown = _json(app, "baoji.official", region="610300")
    workbook = load_workbook(io.BytesIO(_exported(app, "xlsx", region="610300")))
    assert len(workbook.sheetnames) == len(shown["tables"])
    for sheet, table in zip(workbook.worksheets, shown["tables"], strict=True):
        rows = [[_text(value, excel=True) for value in row] for row in sheet.iter_rows(values_only=True)]
        assert rows[0] == [str(h) for h in table["headers"]]
        assert rows[1:] == [[_text(value, excel=True) for value in row] for row in table["rows"]], table["key"]


@starting_at(steps.dashboard_brands)  # the same world as the dashboard's tests
def test_the_dashboard_csv_holds_each_table_under_its_title(app):
    shown = _json(app, "baoji.official", region="610300")
    lines = list(csv.reader(io.StringIO(_exported(app, "csv", region="610300").decode("utf-8-sig"))))
    expected: list[list[str]] = []
    for number, table in enumerate(shown["tables"]):
        expected += ([[]] if number else []) + [[table["title"]], [str(h) for h in table["headers"]]]
        expected += [[_text(value) for value in row] for row in table["rows"]]
    assert lines == expected


@starting_at(steps.dashboard_brands)  # the same world as the dashboard's tests
def test_a_wrong_format_or_a_foreign_region_starts_no_export(app):
    browser = Browser(app)
    browser.login("baoji.official")
    browser.get("/dashboard")
    assert browser.post("/dashboard/exports", {"format": "pdf", "region": "610300"}).status_code == 422
    assert browser.post("/dashboard/exports", {"format": "xlsx", "region": "450000"}).status_code == 404
    with app.app_context():
        assert session.scalar(select(func.count()).select_from(ExportJob)) == 0
