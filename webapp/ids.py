"""How a record's id sent in a form or a query string is read."""

from __future__ import annotations

from typing import Any


def record_id(value: Any) -> int | None:
    """The id, or None when the value is not a whole number a database id could be."""
    text = str(value if value is not None else "").strip()
    # isdecimal, not isdigit: int() refuses digits such as "²"; nine digits stay far below 2**31
    return int(text) if text.isdecimal() and len(text) <= 9 else None
