"""The tour's browser side: a crawl from the home page as one person, following the links and GET
forms each page offers, then the same pages again in the other language and on a phone. Each page is
read by `tour_collect.js` and judged by `tour_rules`; what is wrong becomes a `Problem`."""

from __future__ import annotations

import hashlib
import re
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from playwright.sync_api import Error as PlaywrightError

from tests.browser.conftest import until
from tests.browser.test_walk import close, sign_in
from tests.browser.tour_links import MAX_PAGES, PER_SHAPE, page_to_follow, pattern, shape, slug
from tests.browser.tour_rules import COUNT_PHRASES, problems_in, vendor_console

COLLECT = Path(__file__).with_name("tour_collect.js").read_text(encoding="utf-8")
PENDING = Path(__file__).with_name("tour_pending.js").read_text(encoding="utf-8")
SETTLED = "document.readyState === 'complete' && window.__tourPending === 0"
NEXT_FRAME = "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"
HIDDEN_VALUES = re.compile(r'<input type="hidden"[^>]*>|\snonce="[^"]*"')
"""Left out when comparing two pages' content: CSRF tokens and script nonces differ on every page."""


@dataclass(frozen=True)
class Combo:
    lang: str
    width: int
    height: int

    @property
    def name(self) -> str:
        return f"{self.lang}-{self.width}"


@dataclass(frozen=True)
class Problem:
    combo: str
    page: str
    kind: str
    detail: str
    where: str = ""
    token: str = ""
    """What is wrong in a few characters (the word, the code), by which the report groups the problem."""


@dataclass
class Tour:
    """One person's tour: the pages found by the first crawl and every problem seen on them.

    Each language has one browser context; a page is loaded at the first width and read, then the
    window is narrowed to the next width and the page read again (a reload would cost as much again;
    layout done once at load, such as a diagram's first fit, stays as at the first width). A page whose
    content another role has already read in the same language (a help page, the verification form)
    is not read again: `read` names who read each content first."""

    browser: Any
    base: str
    role: str
    username: str | None
    shots: Path
    read: dict[tuple[str, str], str]
    """(language, digest of the page's main content) -> the role that read it."""
    pages: dict[str, str] = field(default_factory=dict)
    """Pattern -> the URL visited for it, in crawl order."""
    problems: list[Problem] = field(default_factory=list)
    seconds: Counter[str] = field(default_factory=Counter)
    """Time spent in each phase of reading pages, for the findings' header."""
    tally: Counter[str] = field(default_factory=Counter)
    _signed_in: Any = None
    """The cookies of the person's session, once signed in."""
    _reading: tuple[Combo, str] = (Combo("zh", 0, 0), "sign-in")
    """The combination and page being read, to which the listeners attribute what they hear."""

    def crawl(self, combos: list[Combo]) -> None:
        """From the home page through every link and GET form, in the first combination's language."""
        page = self._open(combos[0])
        queue = [(f"{self.base}/", True, "")]
        shapes: dict[str, int] = {}
        while queue and len(self.pages) < MAX_PAGES:
            url, menu, referrer = queue.pop(0)
            key = pattern(url)
            limit = 1 if "?" in key else PER_SHAPE
            if key in self.pages or shapes.get(shape(key), 0) >= limit:
                continue
            self.pages[key] = url
            shapes[shape(key)] = shapes.get(shape(key), 0) + 1
            seen = self._visit(page, combos, url, key, offered=referrer, menu=menu)
            if seen is None:
                del self.pages[key]
                continue
            self._walk_lists(page.context, combos[0], key, url, seen)
            # a filter's or search's results first: of one path's query variants only the first is read
            targets = [(form, False) for form in seen["forms"]]
            targets += [(link["href"], link["menu"]) for link in seen["links"] if not link["download"]]
            queue += [(local, menu, key) for href, menu in targets if (local := page_to_follow(href, self.base))]
        if queue and len(self.pages) >= MAX_PAGES:
            self.tally["crawls stopped at the page limit"] += 1
        self._close(page)

    def revisit(self, combos: list[Combo]) -> None:
        """The crawled pages again, in another language."""
        page = self._open(combos[0])
        for key, url in self.pages.items():
            self._visit(page, combos, url, key)
        self._close(page)

    def _open(self, combo: Combo) -> Any:
        """A new context in the combination's language, signed in (the sign-in's cookies are kept)."""
        if self.username and self._signed_in is None:
            signed = sign_in(self.browser, self.base, self.username)
            self._signed_in = signed.context.storage_state()
            close(signed)
        context = self.browser.new_context(viewport={"width": combo.width, "height": combo.height},
                                           locale="zh-CN", storage_state=self._signed_in)
        context.add_cookies([{"name": "lang", "value": combo.lang, "url": self.base}])
        context.add_init_script(PENDING)
        # on the context, so that the pager walk's tab is heard too
        context.on("console", lambda m: m.type == "error" and not vendor_console(m.text)
                   and self._add(*self._reading, "console error", m.text))
        context.on("weberror", lambda e: self._add(*self._reading, "page error", str(e.error)))
        context.on("response", self._resource)
        return context.new_page()

    def _resource(self, response: Any) -> None:
        """A failed script, style, image or data request (pages themselves are judged by `_fetch`)."""
        if response.status >= 400 and response.request.resource_type != "document":
            self._add(*self._reading, f"HTTP {response.status}", self._path(response.url))

    def _visit(self, page: Any, combos: list[Combo], url: str, key: str, *, offered: str = "",
               menu: bool = False) -> dict[str, Any] | None:
        """Read one page at each width: its links and lists as at the first (None when it is not a
        page), its problems added."""
        first = combos[0]
        self._reading = (first, key)
        with self._timed("fetch"):
            response = self._fetch(page, first, url, key, "the menu" if menu else (offered or "the start"))
        if response is None:
            return None
        html = response.text()
        main = re.search(r"<main\b.*</main>", html, re.DOTALL)
        digest = hashlib.sha256(HIDDEN_VALUES.sub("", main.group() if main else html).encode()).hexdigest()
        if self.read.setdefault((first.lang, digest), self.role) != self.role:
            self.tally["pages another role read"] += 1
            links = [{"href": urljoin(url, unescape(href)), "menu": False, "download": False}
                     for href in re.findall(r'<a\b[^>]*?\bhref="([^"]*)"', html)]
            return {"links": links, "forms": [], "lists": [], "counts": []}
        self.tally["pages read"] += 1
        with self._timed("load"):
            page.set_viewport_size({"width": first.width, "height": first.height})
            # the browser shows the response just fetched (after its redirects) rather than asking again
            shown = response.url

            def this_page(address: str) -> bool:
                return address == shown

            page.route(this_page, lambda route: route.fulfill(response=response), times=1)
            page.goto(shown, wait_until="load")
            page.unroute(this_page)
            try:
                until(page, SETTLED)
            except AssertionError:
                self._add(first, key, "page still loading after 5 s", self._path(url))
        seen = self._read(page, first, key)
        for combo in combos[1:]:
            self._read(page, combo, key)
        return seen

    def _read(self, page: Any, combo: Combo, key: str) -> dict[str, Any]:
        """Judge the page as shown at the combination's width; a screenshot of each Chinese page, and
        of an English one that has a problem."""
        self._reading = (combo, key)
        with self._timed("read"):
            if page.viewport_size != {"width": combo.width, "height": combo.height}:
                page.set_viewport_size({"width": combo.width, "height": combo.height})
                page.evaluate(NEXT_FRAME)
            before = len(self.problems)
            seen: dict[str, Any] = page.evaluate(COLLECT, {"counts": COUNT_PHRASES.pattern, "listsOnly": False})
            self._judge(combo, key, seen)
        if combo.lang == "zh" or len(self.problems) > before:
            with self._timed("screenshot"):
                page.screenshot(path=str(self.shots / f"{self.role}-{combo.lang}-{combo.width}-{slug(key)}.png"),
                                full_page=True)
        return seen

    @contextmanager
    def _timed(self, phase: str) -> Iterator[None]:
        started = time.monotonic()
        yield
        self.seconds[phase] += time.monotonic() - started

    def _fetch(self, page: Any, combo: Combo, url: str, key: str, offered: str) -> Any:
        """The page's response, its status judged; None for a download or data."""
        try:
            response = page.context.request.get(url)
        except PlaywrightError as error:
            self._add(combo, key, "page did not load", str(error).splitlines()[0])
            return None
        if response.status >= 400:
            self._add(combo, key, f"HTTP {response.status}", f"{self._path(url)} offered by {offered}")
        return response if "text/html" in response.headers.get("content-type", "") else None

    def _judge(self, combo: Combo, key: str, seen: dict[str, Any]) -> None:
        for text in seen["texts"]:
            for hit in problems_in(text["text"], chinese=combo.lang == "zh"):
                shown = " ".join(text["text"].split())[:80]
                self._add(combo, key, hit.kind, f"{text['source']} «{shown}»", text["where"], hit.token)
        scroll = seen["scroll"]
        if scroll["width"] > scroll["client"] + 1:
            self._add(combo, key, "horizontal scroll",
                      f"page {scroll['width']} px wide in a {scroll['client']} px window; sticking out: "
                      + "; ".join(scroll["wide"]))

    def _walk_lists(self, context: Any, combo: Combo, key: str, url: str, seen: dict[str, Any]) -> None:
        """Every row a paged list counts must be reachable by its pager's next links; a count stated
        in words over a list without a pager must not exceed its rows."""
        for count in seen["counts"]:
            self._add(combo, key, "list count exceeds reachable rows",
                      f"«{count['text']}» says {count['stated']}, the list shows {count['rows']} and has no pager",
                      count["where"])
        if not seen["lists"]:
            return
        with self._timed("pager"):
            self._follow_pagers(context, combo, key, url, seen["lists"])

    def _follow_pagers(self, context: Any, combo: Combo, key: str, url: str, lists: list[dict[str, Any]]) -> None:
        pager = context.new_page()
        for index, listed in enumerate(lists):
            reached, following, hops = listed["rows"], listed["next"], 0
            while following and hops < 100:
                response = pager.goto(following, wait_until="domcontentloaded")
                if response is None or response.status >= 400:
                    self._add(combo, key, f"HTTP {response.status if response else '?'}",
                              f"{self._path(following)} offered by the pager")
                    break
                later = pager.evaluate(COLLECT, {"counts": COUNT_PHRASES.pattern, "listsOnly": True})["lists"]
                if index >= len(later):
                    break
                reached, following, hops = reached + later[index]["rows"], later[index]["next"], hops + 1
            if reached != listed["total"]:
                self._add(combo, key, "list count exceeds reachable rows" if reached < listed["total"]
                          else "list reaches more rows than its count",
                          f"data-list-total={listed['total']}, rows reached through the pager: {reached}"
                          + ("" if listed["pager"] else " (no pager)") + f" from {self._path(url)}", listed["where"])
        pager.close()

    def _path(self, url: str) -> str:
        return url.removeprefix(self.base)

    def _add(self, combo: Combo, key: str, kind: str, detail: str, where: str = "", token: str = "") -> None:
        self.problems.append(Problem(combo.name, key, kind, detail, where, token))

    @staticmethod
    def _close(page: Any) -> None:
        page.wait_for_load_state("networkidle")
        page.context.close()

