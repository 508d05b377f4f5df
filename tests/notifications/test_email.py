"""E-mail over SMTP to a real mail server on loopback (aiosmtpd in its own process): each person gets
their message in their language, with the absolute link and a Message-ID derived from the delivery's
idempotency key; STARTTLS and a login work against a certificate of the bureau's own CA; a server that
cannot be reached, refuses an address, or is not configured leaves a reason and loses nothing."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from tests.notifications.receivers import (
    choose,
    configure,
    deliveries,
    mails,
    self_signed,
    smtp_server,
    tell,
    unused_port,
)
from webapp import clock
from webapp.notifications.delivery import deliver_due
from webapp.notifications.models import DeliveryStatus


def test_each_person_gets_the_mail_in_their_language_with_the_link_and_a_stable_message_id(app, tmp_path):
    choose("qishan.official", email="qishan@hrss.example.cn")
    choose("baoji.official", email="baoji@hrss.example.cn", language="en")
    choose("shaanxi.official")  # in the app only: no mail
    tell(["qishan.official", "baoji.official", "shaanxi.official"])
    with smtp_server(tmp_path / "mail") as port, app.app_context():
        configure(smtp_host="127.0.0.1", smtp_port=port, smtp_starttls=False, mail_from="noreply@hrss.example.cn")
        assert deliver_due() == 2
    received = {mail["To"]: (envelope, mail) for envelope, mail in mails(tmp_path / "mail")}
    assert sorted(received) == ["baoji@hrss.example.cn", "qishan@hrss.example.cn"]
    keys = {d.address: d.idempotency_key for d in deliveries()}

    envelope, chinese = received["qishan@hrss.example.cn"]
    assert envelope["rcpt_tos"] == ["qishan@hrss.example.cn"] and envelope["mail_from"] == "noreply@hrss.example.cn"
    assert "劳务品牌认定管理系统" in chinese["Subject"] and "受理审核" in chinese["Subject"]
    body = chinese.get_content()
    assert "受理审核" in body and "岐山臊子面师" in body and "https://brandcert.test/tasks/1" in body
    assert chinese.get_content_charset() == "utf-8"
    assert chinese["From"].addresses[0].display_name == "劳务品牌认定管理系统"
    key = keys["qishan@hrss.example.cn"]
    assert key.endswith("/email")
    assert chinese["Message-ID"] == f"<{hashlib.sha256(key.encode()).hexdigest()[:40]}@brandcert.test>"
    assert chinese["X-Brandcert-Idempotency-Key"] == key

    _envelope, english = received["baoji@hrss.example.cn"]
    assert "Intake review" in english["Subject"] and "Labor Brand Certification" in english["Subject"]
    assert "Intake review" in english.get_content() and "受理审核" not in english.get_content()
    assert {(d.status, d.attempts) for d in deliveries()} == {(DeliveryStatus.SENT, 1)}


def test_starttls_with_the_bureaus_own_ca_and_a_login(app, tmp_path):
    cert, key = self_signed(tmp_path)
    choose("qishan.official", email="qishan@hrss.example.cn")
    tell(["qishan.official"])
    with smtp_server(tmp_path / "mail", "--cert", str(cert), "--key", str(key), "--user", "brandcert",
                     "--password", "s3cret") as port, app.app_context():
        configure(smtp_host="127.0.0.1", smtp_port=port, smtp_user="brandcert", smtp_password="wrong")
        configure(tls_cafile=str(cert))
        assert deliver_due() == 0  # a wrong password: retried later, with the server's answer
        (delivery,) = deliveries()
        assert delivery.status == DeliveryStatus.PENDING and "535" in (delivery.last_error or "")
        configure(smtp_password="s3cret")
        clock.advance(timedelta(minutes=1))
        assert deliver_due() == 1
    ((envelope, mail),) = mails(tmp_path / "mail")
    assert envelope["tls"] is True and envelope["login"] == "brandcert"
    assert mail["To"] == "qishan@hrss.example.cn"
    assert deliveries()[0].status == DeliveryStatus.SENT


def test_a_certificate_no_trusted_ca_signed_is_refused_and_retried(app, tmp_path):
    cert, key = self_signed(tmp_path)
    choose("qishan.official", email="qishan@hrss.example.cn")
    tell(["qishan.official"])
    with smtp_server(tmp_path / "mail", "--cert", str(cert), "--key", str(key)) as port, app.app_context():
        configure(smtp_host="127.0.0.1", smtp_port=port)  # the system's CAs only
        assert deliver_due() == 0
    (delivery,) = deliveries()
    assert delivery.status == DeliveryStatus.PENDING and "CERTIFICATE_VERIFY_FAILED" in (delivery.last_error or "")
    assert mails(tmp_path / "mail") == []


def test_an_unreachable_server_fails_the_batch_at_once_and_retries_with_growing_waits(app):
    choose("qishan.official", email="qishan@hrss.example.cn")
    tell(["qishan.official"], events=3)
    with app.app_context():
        configure(smtp_host="127.0.0.1", smtp_port=unused_port(), smtp_starttls=False)
        assert deliver_due() == 0
        rows = deliveries()
        assert [(d.status, d.attempts) for d in rows] == [(DeliveryStatus.PENDING, 1)] * 3
        assert all("cannot use the mail server 127.0.0.1" in (d.last_error or "") for d in rows)
        assert all(timedelta(seconds=55) < d.next_attempt_at - clock.now_utc() <= timedelta(minutes=1) for d in rows)
        assert deliver_due() == 0  # not due yet: nothing is tried
        assert [d.attempts for d in deliveries()] == [1, 1, 1]
        clock.advance(timedelta(minutes=1))
        deliver_due()
        waits = [d.next_attempt_at - clock.now_utc() for d in deliveries()]
        assert all(timedelta(seconds=115) < wait <= timedelta(minutes=2) for wait in waits)


def test_a_refused_or_unusable_address_fails_at_once_and_the_others_still_go(app, tmp_path):
    choose("qishan.official", email="refused.qishan@hrss.example.cn")
    choose("shaanxi.official", email="shaanxi@hrss.example.cn\r\nBcc: spy@example.com")  # saved before validation
    choose("baoji.official", email="baoji@hrss.example.cn")
    tell(["qishan.official", "shaanxi.official", "baoji.official"])
    with smtp_server(tmp_path / "mail") as port, app.app_context():
        configure(smtp_host="127.0.0.1", smtp_port=port, smtp_starttls=False)
        assert deliver_due() == 1
    by_address = {d.address: d for d in deliveries()}
    refused = by_address["refused.qishan@hrss.example.cn"]
    assert refused.status == DeliveryStatus.FAILED and refused.attempts == 1
    assert "550" in (refused.last_error or "") and "No such mailbox" in (refused.last_error or "")
    unusable = by_address["shaanxi@hrss.example.cn\r\nBcc: spy@example.com"]
    assert unusable.status == DeliveryStatus.FAILED and "cannot be used" in (unusable.last_error or "")
    assert by_address["baoji@hrss.example.cn"].status == DeliveryStatus.SENT
    assert [envelope["rcpt_tos"] for envelope, _mail in mails(tmp_path / "mail")] == [["baoji@hrss.example.cn"]]


def test_mail_that_is_not_configured_waits_with_a_reason(app):
    choose("qishan.official", email="qishan@hrss.example.cn")
    tell(["qishan.official"])
    with app.app_context():
        configure(smtp_host="")
        assert deliver_due() == 0
    (delivery,) = deliveries()
    assert delivery.status == DeliveryStatus.PENDING
    assert delivery.last_error == "E-mail is not configured: set BRANDCERT_SMTP_HOST (see the README)."
