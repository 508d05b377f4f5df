"""kill -9 of the worker while it delivers to a slow webhook, then a new worker: nothing is lost, and
exactly what was in flight is doubled.

What can arrive twice: a delivery the receiver got from the killed worker before that worker recorded
it as sent, i.e. the one send in flight at the kill (a worker records each send right after it). Its
copy carries the same Idempotency-Key. Everything else the killed worker had claimed (its batch, still
`sending`) is sent once, by the new worker, after the lease expires.
"""

from __future__ import annotations

import time
from collections import Counter

from sqlalchemy import func, select

from tests.notifications.receivers import SECRET, WebhookReceiver, choose, deliveries, tell, worker_env
from tests.reliability.chaos import BackgroundWorker
from webapp.db import session
from webapp.notifications.models import Delivery, DeliveryStatus

MESSAGES = 90


def wait_for(condition, what: str, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def sent_count() -> int:
    session.remove()
    return session.scalar(select(func.count()).where(Delivery.status == DeliveryStatus.SENT)) or 0


def test_a_worker_killed_mid_delivery_loses_nothing_and_doubles_only_the_send_in_flight(app, keys_dir, tmp_path):
    choose("qishan.official", phone="13800000001")
    tell(["qishan.official"], events=MESSAGES)
    session.remove()
    with WebhookReceiver(delay=0.03) as receiver:
        env = worker_env(app, keys_dir, tmp_path, BRANDCERT_WEBHOOK_URL=receiver.url,
                         BRANDCERT_WEBHOOK_SECRET=SECRET, BRANDCERT_WEBHOOK_TIMEOUT="1", BRANDCERT_SMTP_TIMEOUT="1",
                         BRANDCERT_DELIVERY_LEASE_SECONDS="4")
        worker = BackgroundWorker(env, tmp_path / "worker.log")
        worker.start()
        wait_for(lambda: len(receiver.posts) >= MESSAGES // 3, "the first third to arrive")
        worker.kill()
        time.sleep(0.2)  # a post the dead worker wrote in full is recorded by now
        before_kill = Counter(receiver.keys())
        in_the_dead_workers_hands = {d.idempotency_key for d in deliveries() if d.status == DeliveryStatus.SENDING}
        assert in_the_dead_workers_hands and sent_count() < MESSAGES

        replacement = BackgroundWorker(env, tmp_path / "worker2.log")
        replacement.start()
        try:
            wait_for(lambda: sent_count() == MESSAGES, "every delivery to be sent")
        finally:
            replacement.stop()
        received = Counter(receiver.keys())

    rows = deliveries()
    assert {d.status for d in rows} == {DeliveryStatus.SENT}
    assert set(received) == {d.idempotency_key for d in rows}  # nothing lost
    in_flight = {key for key in in_the_dead_workers_hands if key in before_kill}
    doubled = {key for key, count in received.items() if count > 1}
    print(f"\nkilled after {sum(before_kill.values())} posts; {len(in_the_dead_workers_hands)} claimed by the dead "
          f"worker, {len(in_flight)} of them in flight; doubled: {sorted(doubled)}")
    assert len(in_flight) <= 1 and doubled == in_flight
    assert max(received.values()) <= 2
    assert all(d.attempts == (2 if d.idempotency_key in in_the_dead_workers_hands else 1) for d in rows)
