"""One page of a list: its count, its neighbours, the numbers the pager links, and a page number past
the end showing the last page (an old link or a list that shrank), or for the API an empty page; never
an error."""

from __future__ import annotations

from sqlalchemy import select

from webapp.auth.models import User
from webapp.paging import Page, fetch, fetch_scalars, page_number


def test_the_page_counts_and_its_neighbours():
    assert (Page([], 1, 50, 0).pages, Page([], 1, 50, 0).has_next, Page([], 1, 50, 0).has_previous) == (1, False, False)
    assert (Page([], 1, 50, 50).pages, Page([], 1, 50, 51).pages) == (1, 2)
    middle = Page([], 2, 5, 11)
    assert (middle.pages, middle.has_previous, middle.has_next) == (3, True, True)
    assert Page([], 3, 5, 11).has_next is False


def test_the_pager_links_the_ends_and_the_pages_around_this_one_with_gaps_between():
    assert Page([], 1, 10, 30).numbers() == [1, 2, 3]
    assert Page([], 1, 10, 500).numbers() == [1, 2, None, 50]
    assert Page([], 25, 10, 500).numbers() == [1, None, 24, 25, 26, None, 50]
    assert Page([], 4, 10, 500).numbers() == [1, 2, 3, 4, 5, None, 50]  # one page left out shows its number
    assert Page([], 50, 10, 500).numbers() == [1, None, 49, 50]


def test_a_page_of_a_query_counts_the_whole_list_and_a_number_past_its_end_gives_the_last_page(app):
    with app.app_context():
        app.config["PAGE_SIZE"] = 4
        ids = select(User.id).order_by(User.id)
        all_ids = fetch_scalars(ids, 1, size=10_000).rows
        first, last = fetch_scalars(ids, 1), fetch_scalars(ids, 999)
        assert first.total == last.total == len(all_ids) > 8
        assert (first.number, first.size, first.rows) == (1, 4, all_ids[:4])
        assert last.number == last.pages and last.rows == all_ids[(last.pages - 1) * 4:]
        beyond = fetch_scalars(ids, 999, past_end=True)  # the API's clients read until a page is empty
        assert (beyond.number, beyond.rows, beyond.total, beyond.has_next) == (999, [], first.total, False)
        walked = [row for n in range(1, first.pages + 1) for row in fetch_scalars(ids, n).rows]
        assert walked == all_ids
        rows = fetch(select(User.id, User.username).order_by(User.id), 2)
        assert [row[0] for row in rows.rows] == all_ids[4:8]
        assert rows.map(lambda row: row.username).rows == [row[1] for row in rows.rows]


def test_a_page_number_from_a_query_string():
    assert [page_number(v) for v in (None, "", "1", " 7 ", "10000")] == [1, 1, 1, 7, 10_000]
    assert [page_number(v) for v in ("0", "-1", "x", "²", "10001", "1.5")] == [None] * 6
