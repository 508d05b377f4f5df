"""Real receivers on loopback for the outbox tests: the mail server (its own process, see
smtp_server.py) and a webhook receiver (an HTTP server in a thread), plus the messages to send them."""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import ipaddress
import json
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from flask import current_app
from sqlalchemy import select

from tests.servers import free_port, process_env
from webapp.auth.models import User
from webapp.config import PROJECT_ROOT
from webapp.db import session, transaction
from webapp.notifications import channel_settings
from webapp.notifications.arrivals import ARRIVAL_MESSAGES
from webapp.notifications.models import Delivery, MessageKind, NotificationSettings
from webapp.notifications.services import send

SECRET = "test-webhook-secret"
PARAMS = {"task": "受理审核", "task_en": "Intake review", "brand": "岐山臊子面师", "due": "2026-05-15"}


def configure(**changes: Any) -> channel_settings.ChannelSettings:
    """Change the running app's channel settings (the `app` fixture sets them from its config)."""
    settings = dataclasses.replace(channel_settings.current(), **changes)
    current_app.extensions[channel_settings.EXTENSION] = settings
    return settings


def choose(username: str, *, email: str | None = None, phone: str | None = None, language: str = "zh") -> int:
    """Save a person's notification settings (their channels) as the settings page would."""
    with transaction():
        user_id = session.scalar(select(User.id).where(User.username == username))
        session.merge(NotificationSettings(user_id=user_id, language=language, email=email,
                                           email_enabled=email is not None, phone=phone,
                                           webhook_enabled=phone is not None, daily_digest=False))
    return int(user_id)


def tell(usernames: list[str], *, events: int = 1, per_transaction: int = 100) -> list[int]:
    """`events` task arrivals for these people, written as the events' transactions would write them."""
    people = list(session.scalars(select(User).where(User.username.in_(usernames))))
    message_ids = []
    for first in range(1, events + 1, per_transaction):
        with transaction():
            for number in range(first, min(first + per_transaction, events + 1)):
                message_ids += send(
                    people, MessageKind.TASK_ARRIVED, ARRIVAL_MESSAGES[MessageKind.TASK_ARRIVED], PARAMS,
                    event_key=f"test:{number}:arrived", link=f"/tasks/{number}")
    return message_ids


def deliveries() -> list[Delivery]:
    session.remove()  # a fresh read: the worker committed in its own transactions or process
    return list(session.scalars(select(Delivery).order_by(Delivery.id)))


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 (and localhost) and its key, as a bureau's own CA would issue."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.now(UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - timedelta(days=1))
            .not_valid_after(now + timedelta(days=30))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost"),
                                                        x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = folder / "smtp-cert.pem", folder / "smtp-key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


@contextmanager
def smtp_server(folder: Path, *options: str) -> Iterator[int]:
    """Run tests/notifications/smtp_server.py; yield its port once it accepts connections."""
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "tests.notifications.smtp_server", "--port", str(port),
                               "--folder", str(folder), *options], cwd=PROJECT_ROOT, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
    try:
        assert server.stdout is not None and server.stdout.readline().strip() == "ready", server.communicate()
        yield port
    finally:
        server.terminate()
        server.communicate(timeout=10)  # and close its pipe


def mails(folder: Path) -> list[tuple[dict[str, Any], EmailMessage]]:
    """What the mail server accepted, in order: (envelope, TLS and login; the message)."""
    found = sorted(folder.glob("*.json"), key=lambda path: int(path.stem))
    parser = BytesParser(policy=policy.default)
    return [(json.loads(path.read_text()), parser.parsebytes(path.with_suffix(".eml").read_bytes()))  # type: ignore[misc]
            for path in found]


def unused_port() -> int:
    """A loopback port nothing listens on: connecting is refused at once."""
    port = free_port()
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", port)) != 0
    return port


@dataclasses.dataclass
class Post:
    headers: dict[str, str]
    body: bytes
    at: float

    @property
    def json(self) -> Any:
        return json.loads(self.body)

    @property
    def key(self) -> str:
        return self.headers["Idempotency-Key"]

    def signed_by(self, secret: str) -> bool:
        material = self.headers["X-Brandcert-Timestamp"].encode() + b"." + self.body
        expected = "sha256=" + hmac.new(secret.encode(), material, hashlib.sha256).hexdigest()
        return hmac.compare_digest(expected, self.headers["X-Brandcert-Signature"])


class WebhookReceiver:
    """A webhook endpoint on loopback: records each POST as it arrives, then answers with the next
    status of `answers` (200 once they run out), after `delay` seconds."""

    def __init__(self, answers: list[int] | None = None, delay: float = 0.0) -> None:
        self.answers, self.delay = list(answers or []), delay
        self.posts: list[Post] = []
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                with receiver.lock:
                    receiver.posts.append(Post(dict(self.headers.items()), body, time.monotonic()))
                    status = receiver.answers.pop(0) if receiver.answers else 200
                time.sleep(receiver.delay)
                try:
                    self.send_response(status)
                    self.send_header("Content-Length", "2")
                    self.end_headers()
                    self.wfile.write(b"ok")
                except OSError:  # the worker was killed while waiting for the answer
                    pass

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def __enter__(self) -> WebhookReceiver:
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def keys(self) -> list[str]:
        with self.lock:
            return [post.key for post in self.posts]


def worker_env(app: Any, keys_dir: Path, tmp_path: Path, **settings: str) -> dict[str, str]:
    """The environment of a `brandcert worker` process on the test's database, with these channel settings."""
    return {**process_env(), "DATABASE_URL": app.config["DATABASE_URL"], "BRANDCERT_KEYS": str(keys_dir),
            "BRANDCERT_ATTACHMENTS": str(tmp_path / "attachments"), "BRANDCERT_LOG_FORMAT": "text",
            "BRANDCERT_CERTIFICATES": str(tmp_path / "certificates"), "BRANDCERT_EXPORTS": str(tmp_path / "exports"),
            "BRANDCERT_PUBLIC_URL": "https://brandcert.test", **settings}
