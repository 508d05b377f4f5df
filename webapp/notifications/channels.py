"""The outside channels: e-mail over SMTP and a signed JSON webhook (an SMS gateway, a WeCom or
DingTalk group robot). Each sender takes the deliveries of one batch, keeps one connection for them,
and reports each failure as a `ChannelError`; the worker (delivery.py) decides when to retry.

The webhook is signed so that its receiver can tell brandcert's posts from anyone else's:
`X-Brandcert-Signature: sha256=<hex>` is HMAC-SHA256 with the shared secret over
`<X-Brandcert-Timestamp>.<raw body>`; a receiver refuses a timestamp older than a few minutes (a
replay) and, by `Idempotency-Key`, a key it has seen (the rare second copy of a worker killed mid-send).
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import json
import smtplib
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from typing import Any
from urllib.parse import urlsplit

from flask_babel import force_locale

from webapp.auth.models import User
from webapp.clock import now_utc
from webapp.i18n import N_, translate
from webapp.notifications.channel_settings import ChannelSettings
from webapp.notifications.models import Channel, Delivery, Message
from webapp.notifications.queries import text_of

APP_NAME = N_("Labor Brand Certification")
HEADLINE = N_("[%(app)s] %(text)s")
OPEN_LINK = N_("Open it in the system: %(link)s")
WHY_EMAIL = N_("You receive this e-mail because you chose e-mail notifications in your message settings.")
EMAIL_OFF = N_("E-mail is not configured: set BRANDCERT_SMTP_HOST (see the README).")
WEBHOOK_OFF = N_("The webhook is not configured: set BRANDCERT_WEBHOOK_URL (see the README).")
WEBHOOK_UNSIGNED = N_("The webhook has no secret: set BRANDCERT_WEBHOOK_SECRET (see the README).")
SUBJECT_LENGTH = 78


class ChannelError(Exception):
    """A delivery that did not go out. `permanent`: retrying cannot help (the server refused the address)."""

    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


@dataclass(frozen=True)
class Outgoing:
    """One delivery as it is sent, composed in the recipient's language when it was claimed."""

    delivery_id: int
    idempotency_key: str
    channel: Channel
    address: str
    message_id: int
    kind: str
    username: str
    name: str
    language: str
    app_name: str
    text: str
    headline: str
    """`【劳务品牌认定管理系统】` and the text: the subject (shortened) and the robot's message."""
    body: str
    """The e-mail's text."""
    link: str
    created_at: datetime


def outgoing(delivery: Delivery, message: Message, user: User, language: str,
             settings: ChannelSettings) -> Outgoing:
    with force_locale(language):
        text = text_of(message, language)
        app_name = translate(APP_NAME)
        link = settings.absolute(message.link)
        body = f"{text}\n\n{translate(OPEN_LINK, {'link': link})}\n\n-- \n{app_name}\n{translate(WHY_EMAIL)}\n"
        return Outgoing(delivery_id=delivery.id, idempotency_key=delivery.idempotency_key, channel=delivery.channel,
                        address=delivery.address, message_id=message.id, kind=str(message.kind),
                        username=user.username, name=user.display_name, language=language, app_name=app_name,
                        text=text, headline=translate(HEADLINE, {"app": app_name, "text": text}), body=body,
                        link=link, created_at=message.created_at)


def message_id(idempotency_key: str, domain: str) -> str:
    """The e-mail's Message-ID, the same for every copy of one delivery (a receiver drops duplicates)."""
    return f"<{hashlib.sha256(idempotency_key.encode()).hexdigest()[:40]}@{domain}>"


def email_of(item: Outgoing, settings: ChannelSettings) -> EmailMessage:
    mail = EmailMessage()
    subject = " ".join(item.headline.split())
    mail["Subject"] = subject if len(subject) <= SUBJECT_LENGTH else subject[:SUBJECT_LENGTH - 1] + "…"
    mail["From"] = Address(item.app_name, addr_spec=settings.sender)
    mail["To"] = item.address
    mail["Date"] = format_datetime(now_utc())
    mail["Message-ID"] = message_id(item.idempotency_key, settings.domain)
    mail["X-Brandcert-Idempotency-Key"] = item.idempotency_key
    mail["Auto-Submitted"] = "auto-generated"  # RFC 3834: no out-of-office replies
    mail.set_content(item.body, charset="utf-8")
    return mail


class Mailer:
    """One SMTP connection for a batch, opened for its first e-mail. A server that cannot be reached
    fails the whole batch at once instead of waiting out the timeout for every e-mail."""

    def __init__(self, settings: ChannelSettings) -> None:
        self.settings = settings
        self._smtp: smtplib.SMTP | None = None
        self._broken = ""

    def send(self, item: Outgoing) -> None:
        if not self.settings.smtp_host:
            raise ChannelError(EMAIL_OFF)
        try:
            mail = email_of(item, self.settings)
        except (ValueError, UnicodeError) as error:
            raise ChannelError(f"the address {item.address!r} cannot be used: {error}", permanent=True) from None
        smtp = self._connect()
        try:
            smtp.send_message(mail, from_addr=self.settings.sender, to_addrs=[item.address])
        except smtplib.SMTPRecipientsRefused as error:
            answers = list(error.recipients.values())
            raise ChannelError(f"the mail server refused {item.address}: " + "; ".join(
                f"{code} {_said(text)}" for code, text in answers),
                permanent=all(code >= 500 for code, _text in answers)) from None
        except smtplib.SMTPNotSupportedError as error:  # e.g. a non-ASCII address the server cannot take
            raise ChannelError(f"the mail server cannot take {item.address}: {error}", permanent=True) from None
        except smtplib.SMTPResponseException as error:
            raise ChannelError(f"the mail server answered {error.smtp_code} {_said(error.smtp_error)}") from None
        except (OSError, UnicodeError) as error:  # the connection broke: the rest of the batch waits too
            self._broken = f"the connection to the mail server broke: {error}"
            self.close()
            raise ChannelError(self._broken) from None

    def _connect(self) -> smtplib.SMTP:
        if self._broken:
            raise ChannelError(self._broken)
        if self._smtp is not None:
            return self._smtp
        s = self.settings
        smtp: smtplib.SMTP | None = None
        try:
            if s.smtp_ssl:
                smtp = smtplib.SMTP_SSL(s.smtp_host, s.port, timeout=s.smtp_timeout, context=s.tls_context)
            else:
                smtp = smtplib.SMTP(s.smtp_host, s.port, timeout=s.smtp_timeout)
                if s.smtp_starttls:
                    smtp.starttls(context=s.tls_context)
            if s.smtp_user:
                smtp.login(s.smtp_user, s.smtp_password)
        except OSError as error:  # SMTPException and ssl.SSLError are OSErrors too
            if smtp is not None:
                smtp.close()
            self._broken = f"cannot use the mail server {s.smtp_host}:{s.port}: {error}"
            raise ChannelError(self._broken) from None
        self._smtp = smtp
        return smtp

    def close(self) -> None:
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except OSError:
                self._smtp.close()
            self._smtp = None


def _said(text: bytes | str) -> str:
    return text.decode(errors="replace") if isinstance(text, bytes) else str(text)


def webhook_body(item: Outgoing, fmt: str) -> dict[str, Any]:
    """What the webhook receives (README "Notifications: channels")."""
    phone = item.address or None
    if fmt == "robot":
        mentions = [phone] if phone else []
        return {"msgtype": "text", "text": {"content": f"{item.headline}\n{item.link}",
                                            "mentioned_mobile_list": mentions}, "at": {"atMobiles": mentions}}
    return {"id": item.message_id, "idempotency_key": item.idempotency_key, "kind": item.kind,
            "recipient": {"username": item.username, "name": item.name, "phone": phone, "language": item.language},
            "text": item.text, "link": item.link, "created_at": item.created_at.isoformat()}


def signature(secret: str, timestamp: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect would turn the POST into a GET without its body: it counts as a failure instead."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class Webhook:
    """Signed JSON POSTs; anything but a 2xx answer is a failure to retry."""

    def __init__(self, settings: ChannelSettings) -> None:
        self.settings = settings
        self._opener = urllib.request.build_opener(_NoRedirects, urllib.request.HTTPSHandler(
            context=settings.tls_context))
        self._broken = ""

    def send(self, item: Outgoing) -> None:
        s = self.settings
        if not s.webhook_url:
            raise ChannelError(WEBHOOK_OFF)
        if not s.webhook_secret:
            raise ChannelError(WEBHOOK_UNSIGNED)
        if self._broken:
            raise ChannelError(self._broken)
        body = json.dumps(webhook_body(item, s.webhook_format), ensure_ascii=False).encode()
        timestamp = str(int(now_utc().timestamp()))
        request = urllib.request.Request(s.webhook_url, data=body, method="POST", headers={
            "Content-Type": "application/json; charset=utf-8", "User-Agent": "brandcert",
            "Idempotency-Key": item.idempotency_key, "X-Brandcert-Timestamp": timestamp,
            "X-Brandcert-Signature": signature(s.webhook_secret, timestamp, body)})
        try:
            with self._opener.open(request, timeout=s.webhook_timeout) as response:
                response.read(4096)
        except urllib.error.HTTPError as error:
            said = error.read(200).decode(errors="replace").strip()
            raise ChannelError(f"the webhook answered {error.code} {error.reason}" + (f": {said}" if said else "")
                               ) from None
        except (OSError, http.client.HTTPException) as error:
            reason = getattr(error, "reason", None) or error
            self._broken = f"cannot reach the webhook at {urlsplit(s.webhook_url).netloc}: {reason}"
            raise ChannelError(self._broken) from None

    def close(self) -> None:
        self._opener.close()
