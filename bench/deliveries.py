"""The outbox: how fast messages are written with their event (`notifications.services.send`) and
how fast one worker delivers them to receivers on loopback, by e-mail (aiosmtpd, its own process) and
by webhook (an HTTP server in its own process), each delivery claimed, sent and recorded as in production.

    .venv/bin/python bench/deliveries.py [--messages 1000] [--database-url URL]

Runs on a fresh SQLite file, then on PostgreSQL when --database-url or DATABASE_URL names one (an
empty database).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import secrets
import subprocess
import sys
import tempfile
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # bench.world, tests.notifications

from sqlalchemy import func, select

from bench.world import demo_world
from tests.servers import free_port
from webapp import db
from webapp.auth.models import User
from webapp.config import PROJECT_ROOT
from webapp.db import session, transaction
from webapp.notifications.arrivals import ARRIVAL_MESSAGES
from webapp.notifications.delivery import deliver_due
from webapp.notifications.models import Delivery, DeliveryStatus, MessageKind, NotificationSettings
from webapp.notifications.services import send

PEOPLE = 10
PARAMS = {"task": "受理审核", "task_en": "Intake review", "brand": "岐山臊子面师", "due": "2026-05-15"}


class Accept(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


def serve_webhook(port: int) -> None:
    ThreadingHTTPServer(("127.0.0.1", port), Accept).serve_forever()


def write_messages(count: int, channel: str) -> float:
    """`count` messages to PEOPLE people who chose `channel`; returns the seconds it took."""
    people = list(session.scalars(select(User).where(User.username.like("%.official")).order_by(User.id)
                                  .limit(PEOPLE)))
    with transaction():
        for number, person in enumerate(people):
            session.merge(NotificationSettings(user_id=person.id, language="zh", daily_digest=False,
                                               email=f"{person.username}@hrss.example.cn",
                                               email_enabled=channel == "email", phone=f"1380000{number:04d}",
                                               webhook_enabled=channel == "webhook"))
    started = time.perf_counter()
    for first in range(0, count // PEOPLE, 50):
        with transaction():
            for number in range(first, min(first + 50, count // PEOPLE)):
                send(people, MessageKind.TASK_ARRIVED, ARRIVAL_MESSAGES[MessageKind.TASK_ARRIVED], PARAMS,
                     event_key=f"bench:{channel}:{number}", link=f"/tasks/{number}")
    return time.perf_counter() - started


def deliver_all() -> tuple[int, float]:
    started = time.perf_counter()
    sent = 0
    while delivered := deliver_due():
        sent += delivered
    return sent, time.perf_counter() - started


def run(database_url: str | None, messages: int, smtp_port: int, webhook_port: int) -> None:
    app, _workdir = demo_world(database_url, SMTP_HOST="127.0.0.1", SMTP_PORT=smtp_port, SMTP_STARTTLS=False,
                               WEBHOOK_URL=f"http://127.0.0.1:{webhook_port}/hook",
                               WEBHOOK_SECRET=secrets.token_hex(16))
    print(f"database: {session.get_bind().dialect.name}")
    with app.app_context():
        for channel in ("email", "webhook"):
            wrote = write_messages(messages, channel)
            sent, took = deliver_all()
            print(f"  {channel:8} outbox written: {messages} messages in {wrote:.2f} s ({messages / wrote:.0f}/s); "
                  f"delivered: {sent} in {took:.2f} s ({sent / took:.0f}/s)")
        left = session.scalar(select(func.count()).where(Delivery.status != DeliveryStatus.SENT))
        assert left == 0, f"{left} deliveries not sent"
    db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messages", type=int, default=1000)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    args = parser.parse_args()
    smtp_port, webhook_port = free_port(), free_port()
    mail = subprocess.Popen([sys.executable, "-m", "tests.notifications.smtp_server", "--port", str(smtp_port),
                             "--folder", tempfile.mkdtemp(prefix="brandcert-bench-mail-")], cwd=PROJECT_ROOT,
                            stdout=subprocess.PIPE, text=True)
    webhook = multiprocessing.Process(target=serve_webhook, args=(webhook_port,), daemon=True)
    webhook.start()
    try:
        assert mail.stdout is not None and mail.stdout.readline().strip() == "ready"
        run(None, args.messages, smtp_port, webhook_port)
        if args.database_url and args.database_url.startswith("postgresql"):
            run(args.database_url, args.messages, smtp_port, webhook_port)
    finally:
        mail.terminate()
        mail.communicate(timeout=10)
        webhook.terminate()


if __name__ == "__main__":
    main()
