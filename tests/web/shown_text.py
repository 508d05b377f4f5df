"""The text a page shows a reader, from its HTML: no tags or attribute values (form values are not read
as text), nothing inside script, style or template, nor inside an element marked translate="no" (user data
shown as is). The checks of `tests/browser/tour_rules.py` run on it without a browser."""

from __future__ import annotations

from html.parser import HTMLParser

from tests.browser.tour_rules import Hit, problems_in

_HIDDEN = {"script", "style", "template"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[bool] = []  # per open element: whether its text is left out
        self.pieces: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            return
        left_out = tag in _HIDDEN or ("translate", "no") in attrs or (bool(self.open) and self.open[-1])
        self.open.append(left_out)

    def handle_endtag(self, tag: str) -> None:
        if tag not in _VOID and self.open:
            self.open.pop()

    def handle_data(self, data: str) -> None:
        if not (self.open and self.open[-1]) and data.strip():
            self.pieces.append(data.strip())


def shown_text(html: str) -> list[str]:
    collector = _Collector()
    collector.feed(html)
    return collector.pieces


def problems(html: str, *, chinese: bool = True) -> list[Hit]:
    """Codes, keys and (on a Chinese page) English words in what the page shows."""
    return [hit for piece in shown_text(html) for hit in problems_in(piece, chinese=chinese)]
