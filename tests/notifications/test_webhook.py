"""The webhook to a real HTTP receiver on loopback: a signed JSON POST with the documented body; a
receiver that answers 500 or cannot be reached gets it again after growing waits, until it takes it;
after the last attempt the delivery is failed, never lost."""

from __future__ import annotations

import json
from datetime import timedelta

from tests.notifications.receivers import SECRET, WebhookReceiver, choose, configure, deliveries, tell, unused_port
from webapp import clock
from webapp.notifications.delivery import deliver_due
from webapp.notifications.models import DeliveryStatus


def test_the_post_is_signed_and_carries_the_documented_body(app):
    user_id = choose("qishan.official", phone="13800000001")
    tell(["qishan.official"])
    with WebhookReceiver() as receiver, app.app_context():
        configure(webhook_url=receiver.url, webhook_secret=SECRET)
        assert deliver_due() == 1
    (post,) = receiver.posts
    (delivery,) = deliveries()
    assert post.signed_by(SECRET) and not post.signed_by("another secret")
    assert abs(int(post.headers["X-Brandcert-Timestamp"]) - clock.now_utc().timestamp()) < 60
    assert post.key == delivery.idempotency_key == f"test:1:arrived/{user_id}/webhook"
    assert post.headers["Content-Type"] == "application/json; charset=utf-8"
    body = post.json
    assert set(body) == {"id", "idempotency_key", "kind", "recipient", "text", "link", "created_at"}
    assert (body["id"], body["idempotency_key"], body["kind"]) == (delivery.message_id, post.key, "task_arrived")
    assert body["recipient"] == {"username": "qishan.official", "name": "岐山县人力资源和社会保障局（经办人）",
                                 "phone": "13800000001", "language": "zh"}
    assert "受理审核" in body["text"] and "岐山臊子面师" in body["text"]
    assert body["link"] == "https://brandcert.test/tasks/1"
    assert body["created_at"].startswith("2026-05-11T01:30")
    assert "岐山" in post.body.decode()  # UTF-8 as it is, not \\u escapes
    assert delivery.status == DeliveryStatus.SENT


def test_a_group_robot_gets_a_text_message_that_mentions_the_phone(app):
    choose("qishan.official", phone="13800000001")
    tell(["qishan.official"])
    with WebhookReceiver() as receiver, app.app_context():
        configure(webhook_url=receiver.url, webhook_secret=SECRET, webhook_format="robot")
        assert deliver_due() == 1
    body = receiver.posts[0].json
    assert body["msgtype"] == "text" and body["at"] == {"atMobiles": ["13800000001"]}
    assert body["text"]["mentioned_mobile_list"] == ["13800000001"]
    content = body["text"]["content"]
    assert "劳务品牌认定管理系统" in content and "受理审核" in content
    assert content.endswith("\nhttps://brandcert.test/tasks/1")


def test_a_webhook_answering_500_is_retried_with_backoff_then_succeeds(app):
    choose("qishan.official", phone="13800000001")
    tell(["qishan.official"])
    with WebhookReceiver(answers=[500, 502]) as receiver, app.app_context():
        configure(webhook_url=receiver.url, webhook_secret=SECRET)
        assert deliver_due() == 0
        (delivery,) = deliveries()
        assert (delivery.status, delivery.attempts) == (DeliveryStatus.PENDING, 1)
        assert delivery.last_error == "the webhook answered 500 Internal Server Error: ok"
        clock.advance(timedelta(seconds=59))
        assert deliver_due() == 0 and len(receiver.posts) == 1  # the first wait is a minute
        clock.advance(timedelta(seconds=2))
        assert deliver_due() == 0 and len(receiver.posts) == 2
        assert "502" in (deliveries()[0].last_error or "")
        clock.advance(timedelta(seconds=61))
        assert deliver_due() == 0 and len(receiver.posts) == 2  # the second wait is two minutes
        clock.advance(timedelta(seconds=60))
        assert deliver_due() == 1
    assert len(set(receiver.keys())) == 1 and len(receiver.posts) == 3
    (delivery,) = deliveries()
    assert (delivery.status, delivery.attempts, delivery.last_error) == (DeliveryStatus.SENT, 3, None)


def test_an_unreachable_webhook_is_retried_until_the_last_attempt_then_failed(app):
    choose("qishan.official", phone="13800000001")
    tell(["qishan.official"], events=2)
    with app.app_context():
        configure(webhook_url=f"http://127.0.0.1:{unused_port()}/hook", webhook_secret=SECRET, attempts=3)
        for _ in range(3):
            assert deliver_due() == 0
            clock.advance(timedelta(hours=1))
    rows = deliveries()
    assert [(d.status, d.attempts) for d in rows] == [(DeliveryStatus.FAILED, 3)] * 2
    assert all("cannot reach the webhook at 127.0.0.1" in (d.last_error or "") for d in rows)
    with app.app_context():
        assert deliver_due() == 0
    assert [d.attempts for d in deliveries()] == [3, 3]


def test_a_webhook_without_a_secret_is_not_sent(app):
    choose("qishan.official", phone="13800000001")
    tell(["qishan.official"])
    with WebhookReceiver() as receiver, app.app_context():
        configure(webhook_url=receiver.url, webhook_secret="")
        assert deliver_due() == 0
    assert receiver.posts == []
    assert deliveries()[0].last_error == "The webhook has no secret: set BRANDCERT_WEBHOOK_SECRET (see the README)."


def test_a_redirect_is_a_failure_not_a_get(app):
    choose("qishan.official", phone="13800000001")
    tell(["qishan.official"])
    with WebhookReceiver(answers=[302]) as receiver, app.app_context():
        configure(webhook_url=receiver.url, webhook_secret=SECRET)
        assert deliver_due() == 0
    assert len(receiver.posts) == 1 and "302" in (deliveries()[0].last_error or "")
    assert json.loads(receiver.posts[0].body)["kind"] == "task_arrived"
