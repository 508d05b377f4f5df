"""Lists shown a page at a time: how a query string's page number is read."""

from __future__ import annotations

from typing import Any

MAX_PAGE = 10_000
"""Deep pages of an offset query cost more than anyone reads: filters narrow a search sooner."""


def page_number(value: Any) -> int | None:
    """The page asked for (1 when none is); None when the value is not a page from 1 to MAX_PAGE."""
    text = str(value or "1").strip()
    # isdecimal, not isdigit: int() refuses digits such as "²"
    return int(text) if text.isdecimal() and len(text) <= 5 and 0 < int(text) <= MAX_PAGE else None
