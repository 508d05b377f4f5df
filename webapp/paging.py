"""Lists shown a page at a time: the one `Page`, the one way to fetch a page of a query, and how a
query string's page number is read. Every list that can grow goes through here, so that its header's
count, its pager and the rows one can reach always agree."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from flask import current_app
from sqlalchemy import Select, func, select

from webapp.db import session

MAX_PAGE = 10_000
"""Deep pages of an offset query cost more than anyone reads: filters narrow a search sooner."""

T = TypeVar("T")
U = TypeVar("U")


def page_number(value: Any) -> int | None:
    """The page asked for (1 when none is); None when the value is not a page from 1 to MAX_PAGE."""
    text = str(value or "1").strip()
    # isdecimal, not isdigit: int() refuses digits such as "²"
    return int(text) if text.isdecimal() and len(text) <= 5 and 0 < int(text) <= MAX_PAGE else None


def page_size() -> int:
    """Rows on a page: the application's PAGE_SIZE (a tour sets it small to walk every pager)."""
    return int(current_app.config["PAGE_SIZE"])


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a list: its rows, its number (from 1), the page size and how many rows the whole list has."""

    rows: list[T]
    number: int
    size: int
    total: int

    @property
    def pages(self) -> int:
        """How many pages the list has; an empty list still shows one (empty) page."""
        return max(1, -(-self.total // self.size))

    @property
    def has_next(self) -> bool:
        return self.number < self.pages

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    def numbers(self) -> list[int | None]:
        """The page numbers the pager links: the first, the last and those around this one; None
        stands for the pages left out between them (shown as "…"), so that a long list fits a phone."""
        shown = sorted({1, self.pages} | set(range(max(1, self.number - 1), min(self.pages, self.number + 1) + 1)))
        numbers: list[int | None] = []
        for previous, current in zip([0, *shown], shown, strict=False):
            if current - previous == 2:  # one page left out: its number takes no more room than "…"
                numbers.append(current - 1)
            elif current - previous > 2:
                numbers.append(None)
            numbers.append(current)
        return numbers

    def map(self, convert: Callable[[T], U]) -> Page[U]:
        """The same page with each row converted (e.g. a query's tuple into a named row)."""
        return Page([convert(row) for row in self.rows], self.number, self.size, self.total)


def fetch(query: Select[Any], number: int, *, size: int | None = None, past_end: bool = False) -> Page[Any]:
    """Page `number` of the query's rows (tuples, as `session.execute` gives them). A number beyond
    the last page gives the last page, so that an old link or a list that shrank still shows something;
    with `past_end` it gives that page, empty (the API's clients read pages until one comes back empty)."""
    number, size, total = _window(query, number, size, past_end)
    return Page(list(session.execute(query.limit(size).offset((number - 1) * size))), number, size, total)


def fetch_scalars(query: Select[tuple[T]], number: int, *, size: int | None = None,
                  past_end: bool = False) -> Page[T]:
    """As `fetch`, for a query of one entity or value: its rows are the objects themselves."""
    number, size, total = _window(query, number, size, past_end)
    return Page(list(session.scalars(query.limit(size).offset((number - 1) * size))), number, size, total)


def window(total: int, number: int, size: int | None, *, past_end: bool = False) -> tuple[int, int]:
    """The page number (kept within a list of `total` rows unless `past_end`) and the page size: for a
    list that knows its total without a COUNT (the inbox counts its tasks per filter anyway)."""
    size = max(1, size or page_size())
    return min(max(1, number), MAX_PAGE if past_end else max(1, -(-total // size))), size


def _window(query: Select[Any], number: int, size: int | None, past_end: bool) -> tuple[int, int, int]:
    """`window`, with the list's total from one COUNT query."""
    total = int(session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0)
    return (*window(total, number, size, past_end=past_end), total)
