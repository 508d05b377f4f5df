"""How messages leave brandcert: the mail server, the webhook and the worker's retry schedule. Read
once per app by `create_app` from its configuration (BRANDCERT_SMTP_*, BRANDCERT_WEBHOOK_*,
BRANDCERT_DELIVERY_*; see `config.from_env` and the README's "Notifications: channels")."""

from __future__ import annotations

import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from functools import cached_property
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, current_app

MAX_BACKOFF = timedelta(hours=6)
WEBHOOK_FORMATS = ("brandcert", "robot")
"""`brandcert`: the documented body for an SMS gateway or an adapter; `robot`: a text message that
WeCom (企业微信) and DingTalk (钉钉) group robots take as it is."""


@dataclass(frozen=True)
class ChannelSettings:
    public_url: str
    """Links in e-mails and webhook bodies are this plus the message's path."""
    smtp_host: str = ""
    smtp_port: int = 0
    smtp_user: str = ""
    smtp_password: str = ""
    smtp_starttls: bool = True
    smtp_ssl: bool = False
    """Implicit TLS (port 465); STARTTLS is then not used."""
    smtp_timeout: float = 30.0
    mail_from: str = ""
    webhook_url: str = ""
    webhook_secret: str = ""
    webhook_format: str = "brandcert"
    webhook_timeout: float = 10.0
    tls_cafile: str = ""
    """CA certificates (PEM) trusted instead of the system's, for a bureau's own CA."""
    lease: timedelta = timedelta(minutes=5)
    """How long a worker holds the deliveries it claimed; a worker that died lets them go after it."""
    attempts: int = 10
    """Tries before a delivery is given up (failed) and shown to administrators."""
    backoff: timedelta = timedelta(minutes=1)
    """The wait after the first failed try; it doubles after each one (1, 2, 4 ... 256 minutes)."""
    batch: int = 20
    """Deliveries one worker claims at a time."""

    @property
    def port(self) -> int:
        return self.smtp_port or (465 if self.smtp_ssl else 587 if self.smtp_starttls else 25)

    @property
    def sender(self) -> str:
        return self.mail_from or f"brandcert@{urlsplit(self.public_url).hostname or 'localhost'}"

    @property
    def domain(self) -> str:
        """The right-hand side of Message-IDs: the public host."""
        return urlsplit(self.public_url).hostname or "brandcert"

    def absolute(self, link: str | None) -> str:
        return self.public_url.rstrip("/") + (link or "/")

    @property
    def send_margin(self) -> float:
        """A send starts only while its claim's lease has this many seconds left."""
        return 2 * max(self.smtp_timeout, self.webhook_timeout)

    def retry_delay(self, attempts: int) -> timedelta:
        """The wait after the `attempts`-th failed try."""
        return min(self.backoff * 2 ** max(attempts - 1, 0), MAX_BACKOFF)

    @cached_property
    def tls_context(self) -> ssl.SSLContext:
        """Made once (loading the CAs takes tens of milliseconds), shared by every batch."""
        return ssl.create_default_context(cafile=self.tls_cafile or None)


def from_config(config: Mapping[str, Any]) -> ChannelSettings:
    fmt = str(config.get("WEBHOOK_FORMAT") or "brandcert")
    if fmt not in WEBHOOK_FORMATS:
        raise ValueError(f"BRANDCERT_WEBHOOK_FORMAT must be one of {', '.join(WEBHOOK_FORMATS)}, not {fmt!r}")
    settings = ChannelSettings(
        public_url=str(config["PUBLIC_URL"]), smtp_host=str(config.get("SMTP_HOST") or ""),
        smtp_port=int(config.get("SMTP_PORT") or 0), smtp_user=str(config.get("SMTP_USER") or ""),
        smtp_password=str(config.get("SMTP_PASSWORD") or ""), smtp_starttls=bool(config.get("SMTP_STARTTLS", True)),
        smtp_ssl=bool(config.get("SMTP_SSL", False)), smtp_timeout=float(config.get("SMTP_TIMEOUT", 30)),
        mail_from=str(config.get("MAIL_FROM") or ""), webhook_url=str(config.get("WEBHOOK_URL") or ""),
        webhook_secret=str(config.get("WEBHOOK_SECRET") or ""), webhook_format=fmt,
        webhook_timeout=float(config.get("WEBHOOK_TIMEOUT", 10)), tls_cafile=str(config.get("TLS_CAFILE") or ""),
        lease=timedelta(seconds=float(config.get("DELIVERY_LEASE_SECONDS", 300))),
        attempts=max(int(config.get("DELIVERY_ATTEMPTS", 10)), 1),
        backoff=timedelta(seconds=float(config.get("DELIVERY_BACKOFF_SECONDS", 60))),
        batch=max(int(config.get("DELIVERY_BATCH", 20)), 1))
    if settings.lease.total_seconds() < 2 * settings.send_margin:
        raise ValueError("BRANDCERT_DELIVERY_LEASE_SECONDS must be at least four times the longest of "
                         "BRANDCERT_SMTP_TIMEOUT and BRANDCERT_WEBHOOK_TIMEOUT")
    return settings


EXTENSION = "brandcert.channels"
"""The key of an app's ChannelSettings in `app.extensions`."""


def init_app(app: Flask) -> None:
    """Read the app's channels once: a wrong setting stops the start, and the TLS context is made once."""
    app.extensions[EXTENSION] = from_config(app.config)


def current() -> ChannelSettings:
    """The running app's channels."""
    settings: ChannelSettings = current_app.extensions[EXTENSION]
    return settings
