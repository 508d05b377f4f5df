"""Files chosen in a page's form are stored by the command that saves the form, in its transaction: a
refused file leaves nothing, and a form refused for another reason keeps the files it carried, which
the page offers again, so they are not asked for anew."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select

from tests import walk
from tests.api_client import Api, application_form
from tests.security.test_attachments import PDF, attachment_rows, post_form
from tests.web.browser_client import Browser, form_items
from webapp.attachments.models import Attachment
from webapp.db import session


def _kept(html: str) -> list[tuple[str, str]]:
    """The files a re-shown form still carries: their hidden id and name fields."""
    return re.findall(r'name="(attachments/0/(?:id|name))" value="([^"]+)"', html)


def _revision(api: Api, browser: Browser) -> int:
    walk.submit(api)
    walk.endorse(api)
    intake = api.only_task("qishan.official")
    api.complete("qishan.official", intake["id"], {"decision": "return", "comment": "请补充培训台账。"})
    revision = api.only_task(walk.APPLICANT)
    browser.get(f"/tasks/{revision['id']}")
    return revision["id"]


def test_a_refused_task_form_keeps_its_file_and_sending_it_again_completes_the_task(app, client):
    api = Api(client)
    browser = Browser(app)
    browser.login(walk.APPLICANT)
    task_id = _revision(api, browser)
    items = form_items(application_form())
    disguised = post_form(browser, f"/tasks/{task_id}", [*items, ("attachments__upload", (b"MZ\x90\x00", "台账.pdf"))])
    assert disguised.status_code == 422 and attachment_rows() == 0

    refused = post_form(browser, f"/tasks/{task_id}", [*[(k, v) for k, v in items if k != "practitioners"],
                                                       ("attachments__upload", (PDF, "台账.pdf"))])
    assert refused.status_code == 422
    kept = _kept(browser.text(refused))
    assert [name for name, _value in kept] == ["attachments/0/id", "attachments/0/name"] and kept[1][1] == "台账.pdf"
    assert attachment_rows() == 1 and api.only_task(walk.APPLICANT)["id"] == task_id  # the task still waits

    done = post_form(browser, f"/tasks/{task_id}", [*items, *kept])
    assert done.status_code == 302, browser.text(done)[-2000:]
    stored: Any = session.scalars(select(Attachment)).one()
    assert stored.id == kept[0][1] and stored.instance_id is not None


def test_a_refused_application_form_keeps_its_file_for_the_next_try(app, client):
    browser = Browser(app)
    browser.login(walk.APPLICANT)
    browser.get("/applications/new")
    items = [*form_items(application_form()), ("action", "submit")]
    refused = post_form(browser, "/applications/new", [*[(k, v) for k, v in items if k != "practitioners"],
                                                       ("attachments__upload", (PDF, "台账.pdf"))])
    assert refused.status_code == 422 and attachment_rows() == 1
    kept = _kept(browser.text(refused))
    submitted = post_form(browser, "/applications/new", [*items, *kept])
    assert submitted.status_code == 302
    stored: Any = session.scalars(select(Attachment)).one()
    assert stored.id == kept[0][1] and stored.application_id is not None and stored.instance_id is not None
