"""Administrators see the messages that could not be delivered and send them again: a national
administrator sees all, a province's administrator those of the people of their province, and
nobody else any. Retry sends a failed delivery again; one already sent is never sent twice."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from tests.factories import make_admin
from tests.notifications.receivers import SECRET, WebhookReceiver, choose, configure, deliveries, tell, unused_port
from tests.web.browser_client import Browser
from tests.web.pager import walk_list
from tests.web.shown_text import problems, shown_text
from webapp import clock
from webapp.audit.models import AdminAction, AdminEvent
from webapp.db import session, transaction
from webapp.notifications.delivery import deliver_due
from webapp.notifications.models import Delivery, DeliveryStatus


def failed_webhooks(app, usernames: list[str]) -> list[int]:
    """One webhook delivery per person, given up after its only attempt (the receiver was down)."""
    for username in usernames:
        choose(username, phone="13800000001")
    tell(usernames)
    with app.app_context():
        configure(webhook_url=f"http://127.0.0.1:{unused_port()}/hook", webhook_secret=SECRET, attempts=1)
        deliver_due()
    rows = deliveries()
    assert {d.status for d in rows} == {DeliveryStatus.FAILED}
    return [d.id for d in rows]


def listed(page) -> dict[int, str]:
    return {int(i): status for i, status in re.findall(r'id="delivery-(\d+)" data-status="(\w+)"', Browser.text(page))}


def test_a_failed_delivery_shows_to_the_administrator_and_retry_sends_it(app):
    (qishan, sichuan) = failed_webhooks(app, ["qishan.official", "sichuan.official"])
    admin = Browser(app)
    admin.login("admin")
    page = admin.get("/admin/deliveries")
    assert page.status_code == 200 and listed(page) == {qishan: "failed", sichuan: "failed"}
    assert "13800000001" in Browser.text(page) and "cannot reach the webhook at 127.0.0.1" in Browser.text(page)
    assert listed(admin.get("/admin/deliveries?showing=retrying")) == {}

    answer = admin.post(f"/admin/deliveries/{qishan}/retry", {"showing": "failed"})
    assert answer.status_code == 302 and answer.headers["Location"].endswith("/admin/deliveries?showing=failed")
    retried = next(d for d in deliveries() if d.id == qishan)
    assert (retried.status, retried.attempts) == (DeliveryStatus.PENDING, 0)
    recorded = session.scalars(select(AdminEvent).where(AdminEvent.action == AdminAction.DELIVERY_RETRIED)).one()
    assert recorded.subject == f"delivery {qishan}" and recorded.data["recipient"] == "qishan.official"
    assert listed(admin.get("/admin/deliveries?showing=retrying")) == {qishan: "pending"}
    with WebhookReceiver() as receiver, app.app_context():
        configure(webhook_url=receiver.url)
        assert deliver_due() == 1
    assert [post.key for post in receiver.posts] == [retried.idempotency_key]
    assert {d.id: d.status for d in deliveries()} == {qishan: DeliveryStatus.SENT, sichuan: DeliveryStatus.FAILED}
    assert listed(admin.get("/admin/deliveries")) == {sichuan: "failed"}

    admin.client.set_cookie("lang", "en")
    again = admin.post(f"/admin/deliveries/{qishan}/retry", {}, follow_redirects=True)
    assert f"Delivery {qishan} was sent already; it is not sent again." in Browser.text(again)
    assert next(d for d in deliveries() if d.id == qishan).status == DeliveryStatus.SENT  # not sent twice
    with app.app_context():
        assert deliver_due() == 0


def test_a_provinces_administrator_sees_and_retries_only_their_peoples_deliveries(app):
    (qishan, sichuan) = failed_webhooks(app, ["qishan.official", "sichuan.official"])
    make_admin("shaanxi.admin", "610000", "陕西省管理员")
    shaanxi = Browser(app)
    shaanxi.login("shaanxi.admin")
    assert listed(shaanxi.get("/admin/deliveries")) == {qishan: "failed"}
    assert shaanxi.post(f"/admin/deliveries/{sichuan}/retry", {}).status_code == 404
    assert shaanxi.post(f"/admin/deliveries/{qishan}/retry", {}).status_code == 302
    assert {d.id: d.status for d in deliveries()} == {qishan: DeliveryStatus.PENDING, sichuan: DeliveryStatus.FAILED}


def test_the_pager_reaches_every_failed_delivery(app):
    app.config["PAGE_SIZE"] = 2
    failed = failed_webhooks(app, ["qishan.official", "sichuan.official", "baoji.official", "shaanxi.official",
                                   "qixing.official"])
    admin = Browser(app)
    admin.login("admin")
    shown = walk_list(admin, "/admin/deliveries?showing=failed")
    assert shown.total == len(shown.rows) == 5 and len(shown.summaries) == 3
    assert sorted(int(n) for row in shown.rows for n in re.findall(r'/admin/deliveries/(\d+)/retry', row)) == sorted(
        failed)
    assert 'rel="next" href="/admin/deliveries?showing=failed&amp;page=2"' in Browser.text(
        admin.get("/admin/deliveries?showing=failed"))


def test_people_who_administer_nobody_see_nothing_and_retry_nothing(app):
    (qishan,) = failed_webhooks(app, ["qishan.official"])
    official = Browser(app)
    official.login("qishan.official")
    assert official.get("/admin/deliveries").status_code == 403
    assert official.post(f"/admin/deliveries/{qishan}/retry", {}).status_code == 403
    admin = Browser(app)
    admin.login("admin")
    assert admin.post(f"/admin/deliveries/{qishan}/retry", {}, csrf=False).status_code == 400
    assert deliveries()[0].status == DeliveryStatus.FAILED


def test_bad_page_numbers_and_filters_are_not_found_never_an_error(app):
    admin = Browser(app)
    admin.login("admin")
    for query in ("page=0", "page=x", "page=99999999", "showing=everything"):
        assert admin.get(f"/admin/deliveries?{query}").status_code == 404, query
    assert admin.get("/admin/deliveries?showing=%00").status_code == 400  # refused before any view runs
    assert admin.post("/admin/deliveries/99999999999/retry", {}).status_code == 404
    assert listed(admin.get("/admin/deliveries?page=2")) == {}


def test_a_delivery_being_sent_cannot_be_retried_until_its_lease_runs_out(app):
    (qishan,) = failed_webhooks(app, ["qishan.official"])
    with transaction():  # a worker holds it, sending
        delivery = session.get(Delivery, qishan)
        delivery.status, delivery.leased_until = DeliveryStatus.SENDING, clock.now_utc() + timedelta(minutes=5)
    admin = Browser(app)
    admin.login("admin")
    admin.client.set_cookie("lang", "en")
    refused = admin.post(f"/admin/deliveries/{qishan}/retry", {}, follow_redirects=True)
    assert f"Delivery {qishan} is being sent right now." in Browser.text(refused)
    assert deliveries()[0].status == DeliveryStatus.SENDING
    clock.advance(timedelta(minutes=6))  # the worker died: its lease ran out
    assert admin.post(f"/admin/deliveries/{qishan}/retry", {}).status_code == 302
    assert (deliveries()[0].status, deliveries()[0].attempts) == (DeliveryStatus.PENDING, 0)


def test_the_chinese_page_names_the_channel_in_plain_words(app):
    failed_webhooks(app, ["qishan.official"])
    admin = Browser(app)
    admin.login("admin")
    html = Browser.text(admin.get("/admin/deliveries"))
    assert "未能送达的邮件和短信/群机器人消息" in html and '<td data-label="渠道">短信/群机器人</td>' in html
    head = html.split('<div class="page-head">')[1].split("</table>")[0]
    head = head.split('<td data-label="最近错误"')[0]  # the error is the system's own report, as it came
    assert not [piece for piece in shown_text(head) if "webhook" in piece.lower()]
    assert problems(head) == []
