"""The file writers any table can be exported with: progress is reported every few hundred rows, so the
progress bar moves on a long export, and text that a spreadsheet would run as a formula stays text in
the CSV and the workbook."""

from __future__ import annotations

import csv

from openpyxl import load_workbook

from webapp.exports import writers

HOSTILE = "=HYPERLINK(\"http://evil.example\",\"点此\")"


def _table(count: int) -> list[list[str]]:
    return [[f"品牌{n}", HOSTILE if n == 1 else f"单位{n}"] for n in range(count)]


def test_progress_is_reported_every_few_hundred_rows_and_at_the_end(tmp_path):
    reported: list[int] = []
    rows = _table(2 * writers.PROGRESS_EVERY + 50)
    writers.write("xlsx", tmp_path / "t.xlsx", title="资源库", headers=["品牌", "单位"], rows=rows,
                  generated="", progress=reported.append)
    assert reported == [writers.PROGRESS_EVERY, 2 * writers.PROGRESS_EVERY, len(rows)]


def test_a_formula_in_a_name_is_written_as_text_in_the_workbook_and_the_csv(tmp_path):
    for fmt in ("xlsx", "csv"):
        writers.write(fmt, tmp_path / f"t.{fmt}", title="资源库", headers=["品牌", "单位"], rows=_table(3),
                      generated="", progress=lambda done: None)
    sheet = load_workbook(tmp_path / "t.xlsx").active
    cell = sheet.cell(row=3, column=2)
    assert (cell.value, cell.data_type) == ("'" + HOSTILE, "s")
    with (tmp_path / "t.csv").open(encoding="utf-8-sig", newline="") as file:
        assert list(csv.reader(file))[2][1] == "'" + HOSTILE
