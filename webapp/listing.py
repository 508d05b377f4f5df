"""The filters above a list (the library, the certificate register, the audit search): what they share in
how a page and a year are read and how they are written back into another page's address."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields
from datetime import date
from typing import Any

from webapp.i18n import _
from webapp.paging import page_number

Errors = dict[str, list[Any]]


def page_from(args: Mapping[str, Any], errors: Errors) -> int:
    """The page asked for; 0 with an error under "page" when the value is not a page."""
    number = page_number(args.get("page")) or 0
    if not number:
        errors["page"] = [_("Pages are numbered from 1.")]
    return number


def year_from(args: Mapping[str, Any], errors: Errors) -> int | None:
    """The year asked for (None when none is); an error under "year" when the value is not a year."""
    text = str(args.get("year") or "").strip()
    year = int(text) if text.isdecimal() and 1990 <= int(text) <= 2100 else None
    if text and year is None:
        errors["year"] = [_("Enter a year such as 2026.")]
    return year


class ListFilters:
    """Mixed into a list's frozen filter dataclass."""

    def query_args(self, **changes: Any) -> dict[str, Any]:
        """The filters as query-string arguments, e.g. for another page or an export."""
        current = {f.name: getattr(self, f.name) for f in fields(self)} | changes  # type: ignore[arg-type]
        return {key: (value.isoformat() if isinstance(value, date) else value)
                for key, value in current.items() if value not in ("", None)}
