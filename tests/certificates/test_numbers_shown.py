"""A certificate number is data, shown as printed ("LB-610323-2026-00001"): wherever a Chinese page shows one
(the verification page, the brand page, the library, the register, the search results) it sits inside
`translate="no"`, so that nobody, and no check of the page's words, reads it as an untranslated word. The
verification form asks in words; the example of each format is a help line marked as data."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select

from tests.browser.tour_rules import problems_in
from tests.web.browser_client import Browser
from tests.web.shown_text import problems, shown_text
from webapp.certificates.models import Certificate
from webapp.db import session


def _page(browser: Browser, path: str) -> str:
    response = browser.get(path)
    assert response.status_code == 200, path
    return Browser.text(response)


def test_each_page_showing_a_certificate_number_marks_it_as_data(app, county_certificate: dict[str, Any]):
    number = county_certificate["certificate"]["number"]
    token = session.scalars(select(Certificate.token).where(Certificate.number == number)).one()
    brand_id = county_certificate["brand"]["id"]
    official = Browser(app)
    official.login("qishan.official")
    visitor = Browser(app)
    pages = {f"/verify/{number}?t={token}": visitor, f"/brands/{brand_id}": official, "/library": official,
             "/certificates": official, f"/search?q={number}": official}
    for path, browser in pages.items():
        html = _page(browser, path)
        assert number in html, path
        assert not any(number in piece for piece in shown_text(html)), path
        assert not [hit for hit in problems(html) if hit.token in ("LB", number)], path


def test_the_verification_form_asks_in_words_and_shows_each_format_as_data(app):
    html = _page(Browser(app), "/verify")
    placeholders = re.findall(r'placeholder="([^"]*)"', html)
    assert len(placeholders) == 2 and all(not problems_in(text, chinese=True) for text in placeholders), placeholders
    assert "照证书上印的证书编号填写" in placeholders and "证书二维码下方印的验证码" in placeholders
    assert '例如： <bdi translate="no">LB-610300-2026-00042</bdi>' in html
    assert '例如： <bdi translate="no">K7Q2-M9XD</bdi>' in html
    assert problems(html) == []
