"""Help pages, one per role, in Chinese and English: their sections, their statuses named with the very
labels of the vocabulary (so they never drift from the pages), and the header's help link, which opens
the help of the reader's role at the section about the page he is on."""

from __future__ import annotations

import re

import pytest

from tests.web.browser_client import Browser
from webapp import vocabulary
from webapp.help import guides

LINK = re.compile(r'<a href="([^"]+)" id="help-link">')


def test_every_status_of_a_vocabulary_table_has_its_meaning_and_no_other():
    for key, table in guides.TABLES.items():
        if table.meanings is not None:
            assert table.meanings.keys() == table.labels.keys(), key
    assert guides.TABLES["application"].labels is vocabulary.APPLICATION_STATUSES
    assert guides.TABLES["outcome"].labels is vocabulary.OUTCOMES


@pytest.mark.parametrize("language", ["zh", "en"])
def test_each_roles_page_has_its_sections_and_names_its_statuses_as_the_pages_do(app, language):
    browser = Browser(app)
    browser.client.set_cookie("lang", language)
    with app.test_request_context(headers={"Cookie": f"lang={language}"}):
        from webapp.i18n import translate

        for role, guide in guides.GUIDES.items():
            response = browser.get(f"/help/{role}")
            assert response.status_code == 200, role
            page = Browser.text(response)
            for section, _heading in guide.sections:
                assert f'id="{section}"' in page and f'href="#{section}"' in page, (role, section)
            for key in guide.tables:
                table = guides.TABLES[key]
                for value, label in table.labels.items():
                    assert translate(label) in page, (role, value)
                    if table.meanings:
                        assert translate(table.meanings[value]) in page, (role, value)
            assert "%(" not in page and "%s" not in page
            if language == "en":
                assert f"Help: {translate(vocabulary.ROLES[role])}" in page
                assert not re.search(r"[\u4e00-\u9fff]", page.split("<main")[1].split("</main>")[0]), role
    assert browser.get("/help/nobody").status_code == 404


@pytest.mark.parametrize(("username", "path", "expected"), [
    ("xiqi.unit", "/applications", "/help/applicant#applications"),
    ("xiqi.unit", "/inbox", "/help/applicant#returned"),
    ("qishan.official", "/inbox", "/help/official#tasks"),
    ("qishan.official", "/library", "/help/official#library"),
    ("qishan.expert1", "/inbox", "/help/expert#tasks"),
    ("luding.inspector", "/messages", "/help/inspector#messages"),
    ("shaanxi.auditor", "/audit", "/help/auditor#audit"),
    ("admin", "/admin/users", "/help/admin#users"),
    ("qishan.official", "/search?q=岐山", "/help/official#search"),
])
def test_the_headers_help_link_opens_the_readers_role_at_the_section_about_his_page(app, username, path, expected):
    browser = Browser(app)
    browser.login(username)
    response = browser.get(path)
    assert response.status_code == 200, path
    assert LINK.search(Browser.text(response)).group(1) == expected


def test_signed_out_visitors_choose_a_role_and_signed_in_ones_go_to_their_own(app):
    visitor = Browser(app)
    index = Browser.text(visitor.get("/help"))
    assert all(f'href="/help/{role}"' in index for role in guides.GUIDES)
    assert LINK.search(Browser.text(visitor.get("/login"))).group(1) == "/help"
    unit = Browser(app)
    unit.login("xiqi.unit")
    assert unit.get("/help").headers["Location"] == "/help/applicant"


def test_a_section_is_linked_only_where_the_roles_page_has_it():
    assert guides.anchor("expert", "library.index") is None  # an expert's help speaks of no library
    assert guides.anchor("official", "applications.receipt") == "print"
    assert guides.anchor("applicant", "applications.receipt") == "receipt"
    assert guides.anchor("auditor", None) is None
