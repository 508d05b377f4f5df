"""What the BPMN editor page hands its scripts: the level and role names in the reader's language
(levels top to bottom, the applicant last), in a JSON block the CSP lets through (it runs nothing),
and the scripts from our own static files only."""

from __future__ import annotations

import json
import re

from tests.web.browser_client import Browser

VOCABULARY = re.compile(r'<script type="application/json" id="editor-vocabulary">(.*?)</script>', re.S)


def _vocabulary(browser: Browser, path: str) -> tuple[dict, str]:
    response = browser.get(path)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    found = VOCABULARY.search(html)
    assert found, html[:500]
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    return json.loads(found.group(1)), html


def test_the_editor_names_levels_and_roles_in_the_readers_language(app):
    browser = Browser(app)
    browser.login("admin")
    sent, html = _vocabulary(browser, "/admin/editor/recommendation.bpmn")
    assert [key for key, _name in sent["levels"]] == ["nation", "province", "city", "county", "township", "village",
                                                      "applicant"]
    assert dict(sent["levels"])["township"] == "乡镇（街道）" and dict(sent["roles"])["official"] == "经办人员"
    assert "admin" not in dict(sent["roles"])
    scripts = re.findall(r'<script src="([^"]+)"', html)
    assert all(src.startswith("/static/") for src in scripts), scripts
    assert {"/static/web/js/bpmn-zh.js", "/static/web/js/editor-i18n.js"} <= {s.split("?")[0] for s in scripts}

    browser.get("/language/en?next=/")
    sent, _html = _vocabulary(browser, "/admin/editor/recommendation.bpmn")
    assert dict(sent["levels"])["township"] == "Township" and dict(sent["roles"])["expert"] == "Expert"
