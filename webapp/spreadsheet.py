"""Cells for spreadsheets that other people open: exports of the library, the dashboard and the
audit trail."""

from __future__ import annotations

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def as_text(value: Any) -> Any:
    """Text a spreadsheet would run as a formula (a brand named `=HYPERLINK(…)`, `=cmd|…`) gets a
    leading apostrophe, which spreadsheets show as text (OWASP's advice on CSV injection; openpyxl,
    too, stores `=…` as a formula)."""
    return f"'{value}" if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value
