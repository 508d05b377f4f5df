"""The brand page links to the brand's history exactly when the history page would open for the reader: the
officials and auditors of the jurisdiction, and whoever a decision was copied to or an opinion asked of; not
the creation unit, nor an expert or an inspector who only reads the brand (the link would end on a 403)."""

from __future__ import annotations

from tests import walk
from tests.api_client import Api
from tests.web.browser_client import Browser

LINK = 'href="/brands/{id}/history"'


def test_the_history_link_shows_for_whom_the_history_opens_and_for_nobody_else(app, client):
    api = Api(client)
    application = walk.submit(api)
    walk.endorse(api)
    task_id = api.only_task("qishan.official", level="county")["id"]
    api.post(f"/tasks/{task_id}/consultations", "qishan.official",
             {"usernames": ["qishan.expert2"], "question": "台账是否一致？"}, expect=201)
    brand_id = application["brand_id"]
    expected = {"qishan.official": True, "shaanxi.auditor": True, "qishan.expert2": True,
                "qishan.expert1": False, "qishan.inspector": False, walk.APPLICANT: False}
    for username, readable in expected.items():
        browser = Browser(app)
        browser.login(username)
        page = browser.get(f"/brands/{brand_id}")
        assert page.status_code == 200, username
        assert (LINK.format(id=brand_id) in Browser.text(page)) is readable, username
        assert browser.get(f"/brands/{brand_id}/history").status_code == (200 if readable else 403), username
