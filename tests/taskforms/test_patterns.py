"""Form patterns cannot hold a worker: they are matched by RE2 in linear time, and patterns RE2
cannot run (and patternProperties, which jsonschema matches with Python's `re`) are refused when
the form is saved."""

from __future__ import annotations

import json
import time

import pytest

from tests import walk
from tests.api_client import Api
from tests.web.browser_client import Browser
from webapp import taskforms


@pytest.fixture
def designer(app) -> Browser:
    browser = Browser(app)
    browser.login("admin")
    browser.client.set_cookie("lang", "en")  # the refusals are asserted in English
    return browser


def _with_comment_rule(rule: dict) -> str:
    schema = json.loads(taskforms.catalog().get("endorsement").schema_text)
    schema["properties"]["comment"].update(rule)
    return json.dumps(schema, ensure_ascii=False)


def test_a_backtracking_pattern_saved_in_the_editor_checks_a_comment_in_linear_time(app, client, designer):
    endorsement = taskforms.catalog().get("endorsement")
    saved = designer.post("/admin/forms/endorsement", {"schema": _with_comment_rule({"pattern": "^(a|aa)+$"}),
                                                       "ui": endorsement.ui_text})
    assert saved.status_code == 302
    api = Api(client)
    walk.submit(api)
    task = api.only_task(walk.VILLAGE)

    started = time.perf_counter()
    answer = api.complete(walk.VILLAGE, task["id"], {"decision": "forward", "comment": "a" * 40 + "!"}, expect=422)
    assert time.perf_counter() - started < 2
    assert answer["field_errors"] == {"comment": ["The format is not valid."]}
    api.complete(walk.VILLAGE, task["id"], {"decision": "forward", "comment": "a" * 41})


@pytest.mark.parametrize(("rule", "words"), [
    ({"pattern": "^(a+)\\1$"}, "/properties/comment/pattern: the pattern ^(a+)\\1$ cannot be used: back-references "
                               "and look-around are not supported"),
    ({"pattern": "^(?=a)"}, "/properties/comment/pattern: the pattern ^(?=a) cannot be used"),
    ({"pattern": "a" * 1001}, "cannot be used: it is longer than 1000 characters"),
    ({"type": "object", "patternProperties": {"^(a|aa)+$": {"type": "string"}}},
     "/properties/comment: patternProperties is not supported in forms"),
])
def test_patterns_re2_cannot_run_are_refused_when_the_form_is_saved(app, designer, rule, words):
    endorsement = taskforms.catalog().get("endorsement")
    refused = designer.post("/admin/forms/endorsement", {"schema": _with_comment_rule(rule), "ui": endorsement.ui_text},
                            headers={"Accept-Language": "en"})
    assert refused.status_code == 422
    assert words in refused.get_data(as_text=True).replace("&#39;", "'").replace("&#34;", '"')
    assert taskforms.catalog().get("endorsement").schema_text == endorsement.schema_text
