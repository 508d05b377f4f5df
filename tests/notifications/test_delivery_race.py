"""Two `brandcert worker` processes deliver 1,000 messages at once, each by e-mail (to the real mail
server) and by webhook (to the real receiver): every delivery arrives exactly once, counted by its
idempotency key. They share the outbox through `FOR UPDATE SKIP LOCKED`; without it both would claim
the same rows and the receivers would count keys twice (PostgreSQL only, as in tests/test_worker_race.py)."""

from __future__ import annotations

import re
import subprocess
import time
from collections import Counter

import pytest
from sqlalchemy import func, select

from tests.notifications.receivers import SECRET, WebhookReceiver, choose, mails, smtp_server, tell, worker_env
from tests.reliability.chaos import BRANDCERT
from webapp.auth.models import User
from webapp.db import session
from webapp.notifications.models import Delivery, DeliveryStatus

MESSAGES = 1000
PEOPLE = 10


@pytest.mark.postgres
def test_two_workers_deliver_each_of_1000_messages_exactly_once(app, keys_dir, tmp_path):
    people = list(session.scalars(select(User.username).where(User.username.like("%.official"))
                                  .order_by(User.username).limit(PEOPLE)))
    for number, username in enumerate(people):
        choose(username, email=f"{username}@hrss.example.cn", phone=f"1380000{number:04d}")
    tell(people, events=MESSAGES // PEOPLE)
    session.remove()
    with smtp_server(tmp_path / "mail") as port, WebhookReceiver() as receiver:
        env = worker_env(app, keys_dir, tmp_path, BRANDCERT_SMTP_HOST="127.0.0.1", BRANDCERT_SMTP_PORT=str(port),
                         BRANDCERT_SMTP_STARTTLS="0", BRANDCERT_WEBHOOK_URL=receiver.url,
                         BRANDCERT_WEBHOOK_SECRET=SECRET)
        started = time.perf_counter()
        sent = run_two_workers(env, tmp_path)
        elapsed = time.perf_counter() - started
        webhook_keys = Counter(receiver.keys())
    print(f"\nworkers sent {sent[0]} + {sent[1]} deliveries in {elapsed:.1f} s")

    assert sum(sent) == 2 * MESSAGES and min(sent) > 0, sent
    mail_keys = Counter(mail["X-Brandcert-Idempotency-Key"] for _envelope, mail in mails(tmp_path / "mail"))
    keys = dict(session.execute(select(Delivery.idempotency_key, Delivery.channel)).all())
    assert len(keys) == 2 * MESSAGES
    assert mail_keys == Counter({key: 1 for key, channel in keys.items() if channel == "email"})
    assert webhook_keys == Counter({key: 1 for key, channel in keys.items() if channel == "webhook"})
    assert dict(session.execute(select(Delivery.status, func.count()).group_by(Delivery.status)).all()) == {
        DeliveryStatus.SENT: 2 * MESSAGES}
    assert session.scalar(select(func.max(Delivery.attempts))) == 1


def run_two_workers(env: dict[str, str], logs) -> list[int]:
    """Both `--once`, started before either is waited for; output to files (a full pipe would stall one)."""
    outputs = [(logs / f"worker{n}.out").open("w+") for n in range(2)]
    workers = [subprocess.Popen([str(BRANDCERT), "worker", "--once"], env=env, text=True, stdout=out,
                                stderr=subprocess.STDOUT) for out in outputs]
    sent = []
    for worker, out in zip(workers, outputs, strict=True):
        worker.wait(timeout=300)
        out.seek(0)
        text = out.read()
        out.close()
        assert worker.returncode == 0, text
        sent.append(sum(int(n) for n in re.findall(r"deliveries: \d+ claimed, (\d+) sent", text)))
    return sent
