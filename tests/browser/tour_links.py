"""Which links the tour follows and how it names a page: one visit per kind of page (numbers, query
values and the page number left out), a few of each folder, nothing that signs out, switches the
language or downloads a file."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit

NOT_PAGES = re.compile(r"/language/|/static/|/logout|/attachments/|/file$|\.(?:pdf|csv|zip|xlsx|json)$")
"""Sign-out, the language switch, downloads and data: not pages to read. (Anything else that is not
HTML, such as a process file, is fetched and left.)"""
MAX_PAGES = 80
PER_SHAPE = 3
"""Pages named by something other than a number (a process file, a form key) differ by name: a few
of one shape (see `shape`) stand for the rest. One filtered view per page."""


def pattern(url: str) -> str:
    """The page a URL stands for: numbers replaced, query values and the page number left out."""
    parts = urlsplit(url)
    keys = sorted({k for k, _ in parse_qsl(parts.query, keep_blank_values=True)} - {"page"})
    path = re.sub(r"\d+", "N", parts.path)
    return path + ("?" + "&".join(keys) if keys else "")


def shape(page: str) -> str:
    """A page's path with the segments after the first two starred, keeping a file's extension
    (/admin/editor/*.dmn, /admin/files/*/* for a file's scenarios), and a query marked: the first
    filtered or searched view of a list stands for the rest."""
    path, _, query = page.partition("?")
    segments = path.split("/")
    starred = ["*" + (f".{s.rsplit('.', 1)[1]}" if "." in s else "") for s in segments[3:]]
    return "/".join(segments[:3] + starred) + ("?" if query else "")


def slug(page: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", page).strip("-")[:80] or "home"


def page_to_follow(href: str, base: str) -> str | None:
    """A same-origin page to follow, at its first page (the list walk reads the others) and without
    its fragment; None for anything else."""
    if not href.startswith(base + "/"):
        return None
    parts = urlsplit(href)
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "page"])
    return None if NOT_PAGES.search(parts.path) else parts._replace(query=query, fragment="").geturl()
