"""Writing a table to a file: CSV, Excel or a printable PDF list. Any table can be exported this way
(the library's, the dashboard's): a title, column headers and rows of values. `progress` is called with
the number of rows written every PROGRESS_EVERY rows and at the end."""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from openpyxl import Workbook
from openpyxl.styles import Font
from weasyprint import HTML

from webapp import spreadsheet

FORMATS = ("xlsx", "csv", "pdf")
PROGRESS_EVERY = 200
TEMPLATES = Path(__file__).parent / "templates" / "exports"
Progress = Callable[[int], None]


def write(fmt: str, path: Path, *, title: str, headers: Sequence[str], rows: Sequence[Sequence[Any]],
          generated: str, progress: Progress) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    {"xlsx": _xlsx, "csv": _csv, "pdf": _pdf}[fmt](path, title, headers, rows, generated, progress)


def _each(rows: Sequence[Sequence[Any]], progress: Progress) -> Any:
    for number, row in enumerate(rows, start=1):
        yield row
        if number % PROGRESS_EVERY == 0:
            progress(number)
    progress(len(rows))


def _csv(path: Path, title: str, headers: Sequence[str], rows: Sequence[Sequence[Any]], generated: str,
         progress: Progress) -> None:
    # UTF-8 with a byte-order mark: spreadsheet programs need it to read Chinese correctly.
    with path.open("w", encoding="utf-8-sig", newline="") as file:
        writer = csv.writer(file)
        writer.writerow([spreadsheet.as_text(h) for h in headers])
        for row in _each(rows, progress):
            writer.writerow([spreadsheet.as_text(value) for value in row])


def _xlsx(path: Path, title: str, headers: Sequence[str], rows: Sequence[Sequence[Any]], generated: str,
          progress: Progress) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]  # Excel's limit for a sheet name
    sheet.append([spreadsheet.as_text(h) for h in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for row in _each(rows, progress):
        sheet.append([spreadsheet.as_text(value) for value in row])
    for column in sheet.columns:
        width = max((len(str(cell.value or "")) for cell in column), default=8)
        sheet.column_dimensions[column[0].column_letter].width = min(max(width * 2, 8), 60)
    workbook.save(path)


def _pdf(path: Path, title: str, headers: Sequence[str], rows: Sequence[Sequence[Any]], generated: str,
         progress: Progress) -> None:
    environment = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))
    listed = list(_each(rows, progress))
    html = environment.get_template("list.html").render(title=title, headers=headers, rows=listed,
                                                        generated=generated)
    path.write_bytes(bytes(HTML(string=html).write_pdf()))


def stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")
