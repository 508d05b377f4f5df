"""The task page's desk forms as people use them: transfer, delegate and hand back, reassign, withdraw,
return, and the unit's withdrawal of its application (English pages, so the texts can be asserted)."""

from __future__ import annotations

from tests import walk
from tests.api_client import Api
from tests.desk import steps
from tests.factories import make_user
from tests.web.browser_client import Browser
from tests.worlds import starting_at


def _signed_in(app, username: str) -> Browser:
    browser = Browser(app)
    browser.client.set_cookie("lang", "en")
    browser.login(username)
    return browser


@starting_at(steps.at_county)
def test_the_holder_transfers_and_the_delegate_hands_back_from_the_task_page(app, client):
    api = Api(client)
    make_user("qishan.official2", "official", "610323", "岐山县经办人二")
    task = api.only_task("qishan.official")
    holder = _signed_in(app, "qishan.official")
    page = Browser.text(holder.get(f"/tasks/{task['id']}"))
    assert "Transfer to a colleague" in page and "岐山县经办人二" in page and "Return to an earlier level" in page
    refused = holder.post(f"/tasks/{task['id']}/transfer", {"to": "", "reason": "出差"}, follow_redirects=True)
    assert "cannot hold this task" in Browser.text(refused)
    holder.get(f"/tasks/{task['id']}")
    delegated = holder.post(f"/tasks/{task['id']}/delegate", {"to": str(_id(api, "qishan.official2")),
                                                              "reason": "请先审材料。"}, follow_redirects=True)
    assert "Delegated to 岐山县经办人二" in Browser.text(delegated)

    delegate = _signed_in(app, "qishan.official2")
    page = Browser.text(delegate.get(f"/tasks/{task['id']}"))
    assert "Hand back with this draft" in page and "asked you to prepare this decision" in page
    handed = delegate.post(f"/tasks/{task['id']}", {"decision": "return", "comment": "请补充营业执照。"},
                           follow_redirects=True)
    assert "Handed back with your draft" in Browser.text(handed)
    page = Browser.text(holder.get(f"/tasks/{task['id']}"))
    assert "was prepared for you" in page and "请补充营业执照。" in page


@starting_at(steps.at_county)
def test_a_supervisor_reassigns_and_the_completer_withdraws_from_the_pages(app, client):
    api = Api(client)
    task = api.only_task("qishan.official")
    api.post(f"/tasks/{task['id']}/claim", "qishan.official")
    supervisor = _signed_in(app, "baoji.official")
    page = Browser.text(supervisor.get(f"/tasks/{task['id']}"))
    assert "Reassign this task" in page
    released = supervisor.post(f"/tasks/{task['id']}/reassign", {"to": "", "reason": "交回科室统一分配。"},
                               follow_redirects=True)
    assert "Released" in Browser.text(released)

    holder = _signed_in(app, "qishan.official")
    holder.get(f"/tasks/{task['id']}")
    holder.post(f"/tasks/{task['id']}", {"decision": "return", "comment": "请补充营业执照。"})
    page = Browser.text(holder.get(f"/tasks/{task['id']}"))
    assert "Withdraw this decision" in page
    done = holder.post(f"/tasks/{task['id']}/withdraw", {}, follow_redirects=True)
    assert "Withdrawn: the task is yours again" in Browser.text(done)
    assert 'value="请补充营业执照。"' in Browser.text(done) or "请补充营业执照。" in Browser.text(done)


@starting_at(steps.at_village)
def test_the_unit_withdraws_its_application_from_its_page(world, app):
    application = world.facts
    unit = _signed_in(app, walk.APPLICANT)
    page = Browser.text(unit.get(f"/applications/{application['id']}"))
    assert "Withdraw the application" in page
    done = unit.post(f"/applications/{application['id']}/withdraw", {}, follow_redirects=True)
    assert "a draft again" in Browser.text(done)


def _id(api: Api, username: str) -> int:
    return walk.user_id(api, username)
