"""The menu bar offers each person the pages that serve them, and every entry it offers opens (never a
refusal): an expert his tasks, an auditor the pages that read cases, a village official no spot checks."""

from __future__ import annotations

import re

import pytest

from tests.web.browser_client import Browser

MENU = re.compile(r'<nav class="menu"[^>]*>(.*?)</nav>', re.S)
LINK = re.compile(r'<a href="([^"]+)"')

TASKS, APPLICATIONS, SPOT_CHECKS = "/inbox", "/applications", "/spotchecks"
READING = ["/dashboard", "/library", "/audit"]
WITH_CERTIFICATES = ["/dashboard", "/library", "/certificates", "/audit"]  # an issuing authority within reach
ADMINISTRATION = ["/admin/users", "/admin/certificates"]
DESIGN = ["/admin/processes", "/admin/calendar"]


def menu_links(browser: Browser, path: str = "/") -> list[str]:
    page = browser.text(browser.get(path, follow_redirects=True))
    found = MENU.search(page)
    assert found, page
    return LINK.findall(found.group(1))


@pytest.mark.parametrize(("username", "expected"), [
    ("qixing.official", [TASKS, APPLICATIONS, *READING]),  # a village keeps no library: no spot checks
    ("caijiapo.official", [TASKS, APPLICATIONS, *READING]),  # nor a township
    ("qishan.official", [TASKS, APPLICATIONS, SPOT_CHECKS, *WITH_CERTIFICATES]),
    ("shaanxi.official", [TASKS, APPLICATIONS, SPOT_CHECKS, *WITH_CERTIFICATES]),
    ("qishan.expert1", [TASKS]),
    ("qishan.inspector", [TASKS]),
    ("shaanxi.auditor", [SPOT_CHECKS, *WITH_CERTIFICATES]),  # reads every campaign of its province, acts on nothing
    ("xiqi.unit", [APPLICATIONS, TASKS]),
    ("admin", [TASKS, *WITH_CERTIFICATES, *ADMINISTRATION, *DESIGN]),
])
def test_each_role_is_offered_the_pages_it_can_use_and_each_opens(app, username, expected):
    browser = Browser(app)
    browser.login(username)
    links = menu_links(browser)
    assert links == expected
    for link in links:
        assert browser.get(link).status_code == 200, link


def test_the_entry_of_the_page_shown_is_marked_current(app):
    browser = Browser(app)
    browser.login("qishan.official")
    page = browser.text(browser.get("/spotchecks"))
    assert re.findall(r'<a href="([^"]+)" aria-current="page">', MENU.search(page).group(1)) == [SPOT_CHECKS]


def test_a_creation_units_to_do_list_has_no_officials_filters(app):
    browser = Browser(app)
    browser.login("xiqi.unit")
    page = browser.text(browser.get("/inbox"))
    assert "待办" in page and 'id="inbox-filters"' not in page and 'name="level"' not in page
    assert 'id="batch"' not in page
    official = Browser(app)
    official.login("qishan.official")
    assert 'id="inbox-filters"' in official.text(official.get("/inbox"))
