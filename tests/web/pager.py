"""Walking a paged list as a reader does: from its first page along the pager's "next" links, reading
the list's total (`data-list-total`) and its rows (`data-list-row`) on each page (`webapp.paging`)."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from tests.web.browser_client import Browser

TOTAL = re.compile(r'data-list-total="(\d+)"')
ROW = re.compile(r'<(tr|li)\b[^>]*\bdata-list-row\b[^>]*>(.*?)</\1>', re.S)
NEXT = re.compile(r'<a rel="next" href="([^"]+)"')
SUMMARY = re.compile(r'<p class="pager-summary">([^<]*)</p>')


@dataclass
class Walked:
    total: int
    rows: list[str]
    """Each row's inner HTML, in the order the pages show them."""
    summaries: list[str]
    """The pager's line on each page ("Page 1 of 3 · 7 in all")."""


def walk_list(browser: Browser, path: str, *, limit: int = 50) -> Walked:
    """Every row of the list at `path`, following "next" until the last page; the total must be the
    same on every page."""
    totals: set[str] = set()
    rows: list[str] = []
    summaries: list[str] = []
    next_path: str | None = path
    while next_path:
        response = browser.get(next_path)
        assert response.status_code == 200, next_path
        text = Browser.text(response)
        totals.update(TOTAL.findall(text))
        rows += [inner for _tag, inner in ROW.findall(text)]
        summaries += SUMMARY.findall(text)
        found = NEXT.search(text)
        next_path = html.unescape(found.group(1)) if found else None
        limit -= 1
        assert limit, "the pager never ends"
    assert len(totals) <= 1, totals
    return Walked(int(totals.pop()) if totals else 0, rows, summaries)
