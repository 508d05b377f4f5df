"""Writing a table to a file: CSV, Excel or a printable PDF list. Any table can be exported this way
(the library's, the dashboard's): a title, column headers and rows of values. `progress` is called with
the number of rows written every PROGRESS_EVERY rows and at the end."""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from webapp import bidi, spreadsheet

FORMATS = ("xlsx", "csv", "pdf")
PROGRESS_EVERY = 200
TEMPLATES = Path(__file__).parent / "templates" / "exports"
Progress = Callable[[int], None]


Table = tuple[str, Sequence[str], Sequence[Sequence[Any]]]
"""A title, its column headers and its rows."""


def write(fmt: str, path: Path, *, title: str, headers: Sequence[str], rows: Sequence[Sequence[Any]],
          generated: str, progress: Progress) -> None:
    write_tables(fmt, path, [(title, headers, rows)], generated=generated, progress=progress)


def write_tables(fmt: str, path: Path, tables: Sequence[Table], *, generated: str, progress: Progress) -> None:
    """Several tables in one file: a sheet each in Excel, one after another in CSV. A PDF list holds one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    {"xlsx": _xlsx, "csv": _csv, "pdf": _pdf}[fmt](path, tables, generated, _Counter(progress))


class _Counter:
    """Reports rows written over all tables, every PROGRESS_EVERY rows and at the end of each table."""

    def __init__(self, progress: Progress) -> None:
        self.progress, self.written = progress, 0

    def each(self, rows: Sequence[Sequence[Any]]) -> Any:
        for row in rows:
            yield row
            self.written += 1
            if self.written % PROGRESS_EVERY == 0:
                self.progress(self.written)
        self.progress(self.written)


def _csv(path: Path, tables: Sequence[Table], generated: str, counter: _Counter) -> None:
    # UTF-8 with a byte-order mark: spreadsheet programs need it to read Chinese correctly.
    with path.open("w", encoding="utf-8-sig", newline="") as file:
        writer = csv.writer(file)
        for number, (title, headers, rows) in enumerate(tables):
            if len(tables) > 1:  # a lone table is just its rows; several are told apart by their titles
                if number:
                    writer.writerow([])
                writer.writerow([spreadsheet.as_text(title)])
            writer.writerow([spreadsheet.as_text(h) for h in headers])
            for row in counter.each(rows):
                writer.writerow([spreadsheet.as_text(value) for value in row])


def _xlsx(path: Path, tables: Sequence[Table], generated: str, counter: _Counter) -> None:
    # openpyxl and WeasyPrint are imported where a file is written: the web workers that never write
    # one stay about 30 MB smaller each
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, headers, rows in tables:
        sheet = workbook.create_sheet(_sheet_name(title, workbook.sheetnames))
        sheet.append([spreadsheet.as_text(h) for h in headers])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        for row in counter.each(rows):
            sheet.append([spreadsheet.as_text(value) for value in row])
        for column in sheet.columns:
            width = max((len(str(cell.value or "")) for cell in column), default=8)
            sheet.column_dimensions[column[0].column_letter].width = min(max(width * 2, 8), 60)
    workbook.save(path)


def _sheet_name(title: str, taken: list[str]) -> str:
    """Excel allows 31 characters and none of []:*?/\\ in a sheet name, and each name once."""
    name = re.sub(r"[\[\]:*?/\\]", " ", title)[:31].strip() or "Sheet"
    number = 2
    while name in taken:
        name = f"{name[:28]} {number}"
        number += 1
    return name


def _pdf(path: Path, tables: Sequence[Table], generated: str, counter: _Counter) -> None:
    from weasyprint import HTML  # see _xlsx

    (title, headers, rows), = tables  # a printable list is one table
    environment = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]),
                              finalize=bidi.isolate)
    listed = list(counter.each(rows))
    html = environment.get_template("list.html").render(title=title, headers=headers, rows=listed,
                                                        generated=generated)
    path.write_bytes(bytes(HTML(string=html).write_pdf()))


def stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")
