"""The message centre in the browser (Flask's test client): the bell's count on every page, the list
with its filters and pages, opening a message (it is read, and its link followed, never off the site),
marking read, and that nobody but the recipient sees or changes a message."""

from __future__ import annotations

import re

from sqlalchemy import event, text
from sqlalchemy.engine import Engine

from tests import walk
from tests.api_client import Api
from tests.messages.steps import read_at, tell
from tests.web.browser_client import Browser
from tests.web.pager import walk_list
from webapp.db import dialect, session
from webapp.notifications.models import MessageKind

BELL = re.compile(r'id="bell" href="/messages" data-unread="(\d+)"\s+aria-label="([^"]+)"')


def _signed_in(app, username: str, *, english: bool = True) -> Browser:
    browser = Browser(app)
    if english:
        browser.client.set_cookie("lang", "en")
    browser.login(username)
    return browser


def _bell(browser: Browser, path: str = "/") -> tuple[int, str]:
    found = BELL.search(browser.text(browser.get(path, follow_redirects=True)))
    assert found, path
    return int(found.group(1)), found.group(2)


def _listed(page: str) -> list[int]:
    return [int(n) for n in re.findall(r'<tr id="message-(\d+)"', page)]


def test_the_bell_counts_unread_messages_on_every_page_and_says_so(app, client):
    walk.submit(Api(client))  # the village official is told of the new endorsement task
    village = _signed_in(app, walk.VILLAGE)
    for path in ("/inbox", "/applications", "/messages", "/account/tokens", "/account/notifications"):
        assert _bell(village, path) == (1, "Messages: 1 unread"), path
    assert _bell(_signed_in(app, "meixian.official")) == (0, "Messages: 0 unread")
    assert 'id="bell"' not in Browser(app).text(Browser(app).get("/login"))  # signed out: no bell


def test_the_bells_count_is_one_query_per_page_on_the_unread_index(app):
    tell("qishan.official")
    official = _signed_in(app, "qishan.official")
    statements: list[str] = []

    def note(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    event.listen(Engine, "before_cursor_execute", note)
    try:
        for path in ("/inbox", "/messages", "/account/notifications"):
            statements.clear()
            assert official.get(path).status_code == 200
            counts = [s for s in statements if "count(*)" in s and "FROM message " in s and "read_at IS NULL" in s]
            assert len(counts) == 1, (path, counts)
    finally:
        event.remove(Engine, "before_cursor_execute", note)
    if dialect() == "sqlite":  # PostgreSQL rightly scans a table this small
        plan = " ".join(str(row[-1]) for row in session.execute(text(
            "EXPLAIN QUERY PLAN SELECT count(*) FROM message WHERE recipient_id = 1 AND read_at IS NULL")))
        session.remove()
        assert "ix_message_unread" in plan and "COVERING" in plan, plan


def test_opening_a_message_marks_it_read_and_goes_to_its_task(app, client):
    application = walk.submit(Api(client))
    village = _signed_in(app, walk.VILLAGE)
    page = village.text(village.get("/messages"))
    (message_id,) = _listed(page)
    assert 'class="unread"' in page and application["brand_id"] is not None
    task_id = Api(client).only_task(walk.VILLAGE)["id"]
    opened = village.post(f"/messages/{message_id}/open", {})
    assert (opened.status_code, opened.headers["Location"]) == (302, f"/tasks/{task_id}")
    assert read_at(message_id) is not None
    assert _bell(village) == (0, "Messages: 0 unread")
    assert 'class="read"' in village.text(village.get("/messages"))


def test_a_link_off_the_site_is_never_followed(app):
    ids = [tell("qishan.official", link=link, key=f"link{n}")[0]
           for n, link in enumerate(("https://evil.example/x", "//evil.example/x", "/\\evil.example", None))]
    official = _signed_in(app, "qishan.official")
    targets = [official.post(f"/messages/{i}/open", {}).headers["Location"] for i in ids]
    assert targets == ["/", "/", "/", "/messages"]


def test_only_the_recipient_reads_opens_or_marks_a_message(app):
    (mine,) = tell("qishan.official")
    neighbour = _signed_in(app, "meixian.official")
    assert mine not in _listed(neighbour.text(neighbour.get("/messages")))
    for action in ("open", "read"):
        assert neighbour.post(f"/messages/{mine}/{action}", {}).status_code == 404
    assert neighbour.post("/messages/read-all", {}).status_code == 302
    assert read_at(mine) is None
    assert neighbour.post(f"/messages/{2**40}/read", {}).status_code == 404


def test_marking_one_and_then_all_read_returns_to_the_list_as_it_was(app):
    first, second, third = tell("qishan.official", count=3)
    official = _signed_in(app, "qishan.official")
    official.get("/messages?unread=1&kind=urged")
    back = official.post(f"/messages/{second}/read", {"next": "/messages?unread=1&kind=urged"})
    assert back.headers["Location"] == "/messages?unread=1&kind=urged"
    assert _listed(official.text(official.get("/messages?unread=1"))) == [third, first]
    assert official.post(f"/messages/{first}/read", {"next": "https://evil.example/"}).headers[
        "Location"] == "/messages"
    done = official.post("/messages/read-all", {"next": "/messages"}, follow_redirects=True)
    assert "All your messages are marked as read." in official.text(done)
    assert _bell(official) == (0, "Messages: 0 unread") and read_at(third) is not None
    assert 'id="mark-all-read"' not in official.text(official.get("/messages"))


PAGE_SIZE = 5


def test_filters_by_kind_and_unread_and_pages_newest_first(app):
    app.config["PAGE_SIZE"] = PAGE_SIZE
    urged = tell("qishan.official", MessageKind.URGED, count=PAGE_SIZE + 3)
    (copied,) = tell("qishan.official", MessageKind.COPIED)
    official = _signed_in(app, "qishan.official")
    official.post(f"/messages/{urged[0]}/read", {})
    first = official.text(official.get("/messages"))
    assert _listed(first) == [copied, *reversed(urged[-PAGE_SIZE + 1:])]
    assert 'rel="next" href="/messages?page=2"' in first and 'rel="prev"' not in first
    assert _listed(official.text(official.get("/messages?page=2"))) == list(reversed(urged[:4]))
    assert _listed(official.text(official.get("/messages?kind=copied"))) == [copied]
    unread_urged = official.text(official.get("/messages?kind=urged&unread=1&page=2"))
    assert _listed(unread_urged) == list(reversed(urged[1:3]))
    assert 'rel="prev" href="/messages?kind=urged&amp;unread=1&amp;page=1"' in unread_urged
    kinds = official.text(official.get("/messages?kind=copied"))
    assert '<option value="copied" selected>Decision copied</option>' in kinds
    everything = walk_list(official, "/messages")
    assert everything.total == len(everything.rows) == PAGE_SIZE + 4 and len(everything.summaries) == 2


def test_bad_filter_values_are_refused_with_a_clear_message(app):
    tell("qishan.official")
    official = _signed_in(app, "qishan.official")
    for query, field, message in (("kind=nonsense", "kind", "Unknown kind of message."),
                                  ("unread=maybe", "unread", "Use 1 (or true) for unread messages only"),
                                  ("page=0", "page", "Pages are numbered from 1."),
                                  ("page=x", "page", "Pages are numbered from 1.")):
        response = official.get(f"/messages?{query}")
        page = official.text(response)
        assert response.status_code == 422 and message in page and _listed(page) == [], field
        assert "The filters have errors; nothing is listed." in page


def test_the_page_speaks_chinese_by_default(app):
    tell("qishan.official", MessageKind.COPIED)
    official = _signed_in(app, "qishan.official", english=False)
    page = official.text(official.get("/messages"))
    assert '<html lang="zh-CN">' in page and 'data-kind="copied"' in page
    assert _bell(official)[0] == 1


def test_the_messages_page_and_settings_need_a_sign_in(client):
    for path in ("/messages", "/account/notifications"):
        response = client.get(path)
        assert response.status_code == 302 and response.headers["Location"].startswith("/login")
