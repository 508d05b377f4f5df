"""The worker's step that empties the outbox: claim due deliveries, send them outside any
transaction, record what happened. Never lost, never sent twice at once:

1. Claim (one short transaction): up to `batch` deliveries that are pending and due, or sending
   with an expired lease (their worker died), taken with `FOR UPDATE SKIP LOCKED` on PostgreSQL
   (BEGIN IMMEDIATE serialises SQLite), become `sending` until `now + lease`, and count an attempt.
   No other worker takes them while the lease holds.
2. Send each, no transaction open, over one SMTP connection and one webhook opener for the batch.
   A send starts only while the lease has at least two timeouts left; the rest go back unsent.
3. Record each right after its send (one short transaction): `sent`; or back to `pending` after
   1, 2, 4 ... minutes (see ChannelSettings) with the error; `failed` after the last attempt or an
   answer no retry can change. A failure is recorded only while the claim is still this worker's.

A worker killed between a send and its record leaves that delivery `sending` (with the rest of its
batch, not sent yet); when the lease expires another worker sends them. So a kill doubles at most
the one message in flight, and its copy has the same idempotency key (the e-mail's Message-ID, the
webhook's Idempotency-Key): the receiver can drop it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from sqlalchemy import and_, or_, select, update

from webapp.auth.models import User
from webapp.clock import now_utc
from webapp.db import session, skipping_locked, transaction
from webapp.i18n import N_
from webapp.notifications import channel_settings
from webapp.notifications.channel_settings import ChannelSettings
from webapp.notifications.channels import ChannelError, Mailer, Outgoing, Webhook, outgoing
from webapp.notifications.models import Channel, Delivery, DeliveryStatus, Message, NotificationSettings

logger = logging.getLogger(__name__)
WORKER_LOST = N_("The worker stopped while sending it, on every attempt.")


@dataclass(frozen=True)
class Claim:
    item: Outgoing
    attempts: int
    leased_until: datetime


class Result(Enum):
    SENT = "sent"
    FAILED = "failed"
    """Retried after a wait, unless that was the last attempt."""
    REFUSED = "refused"
    """An answer no retry can change (the mail server refused the address): failed at once."""
    RELEASED = "released"
    """Not tried: the lease ran short. It goes back as it was, without counting the attempt."""


def deliver_due(limit: int = 1000) -> int:
    """Send up to `limit` due deliveries, a batch at a time; returns how many went out."""
    settings = channel_settings.current()
    sent = tried = 0
    while tried < limit:
        claims = _claim(settings, min(settings.batch, limit - tried))
        if not claims:
            break
        sent += _send(claims, settings)
        tried += len(claims)
    if tried:
        logger.info("deliveries: %s claimed, %s sent", tried, sent)
    return sent


def _claim(settings: ChannelSettings, size: int) -> list[Claim]:
    with transaction():
        now = now_utc()
        due = or_(and_(Delivery.status == DeliveryStatus.PENDING, Delivery.next_attempt_at <= now),
                  and_(Delivery.status == DeliveryStatus.SENDING, Delivery.leased_until < now))
        rows = list(session.scalars(skipping_locked(
            select(Delivery).where(due).order_by(Delivery.next_attempt_at, Delivery.id).limit(size))))
        leased_until = now + settings.lease
        taken = []
        for row in rows:
            if row.status == DeliveryStatus.SENDING and row.attempts >= settings.attempts:
                _give_up(row, WORKER_LOST)  # it kills every worker that sends it: stop trying
                continue
            row.status, row.attempts, row.leased_until = DeliveryStatus.SENDING, row.attempts + 1, leased_until
            taken.append(row)
        return [Claim(item, row.attempts, leased_until) for row, item in _compose(taken, settings)]


def _compose(rows: list[Delivery], settings: ChannelSettings) -> list[tuple[Delivery, Outgoing]]:
    """Each delivery's text in its recipient's language; one that cannot be written fails alone."""
    if not rows:
        return []
    messages = {m.id: m for m in session.scalars(select(Message).where(Message.id.in_({r.message_id for r in rows})))}
    people = {m.recipient_id for m in messages.values()}
    users = {u.id: u for u in session.scalars(select(User).where(User.id.in_(people)))}
    languages = dict(session.execute(select(NotificationSettings.user_id, NotificationSettings.language)
                                     .where(NotificationSettings.user_id.in_(people))).all())
    composed = []
    for row in rows:
        message = messages[row.message_id]
        try:
            composed.append((row, outgoing(row, message, users[message.recipient_id],
                                           languages.get(message.recipient_id) or "zh", settings)))
        except Exception as error:  # a broken message must not hold up the others
            logger.exception("delivery %s cannot be composed", row.id)
            _give_up(row, f"the message cannot be written: {error!r}")
    return composed


def _give_up(row: Delivery, error: str) -> None:
    row.status, row.leased_until, row.last_error = DeliveryStatus.FAILED, None, error[:500]


def _send(claims: list[Claim], settings: ChannelSettings) -> int:
    """Send and record each claim in turn; returns how many went out."""
    senders = {Channel.EMAIL: Mailer(settings), Channel.WEBHOOK: Webhook(settings)}
    sent = 0
    try:
        for claim in claims:
            if (claim.leased_until - now_utc()).total_seconds() < settings.send_margin:
                result, error = Result.RELEASED, ""
            else:
                result, error = _send_one(senders[claim.item.channel], claim.item)
            _record(claim, result, error, settings)
            sent += result is Result.SENT
    finally:
        for sender in senders.values():
            sender.close()
    return sent


def _send_one(sender: Mailer | Webhook, item: Outgoing) -> tuple[Result, str]:
    try:
        sender.send(item)
    except ChannelError as error:
        logger.warning("delivery %s (%s) failed: %s", item.delivery_id, item.channel, error)
        return (Result.REFUSED if error.permanent else Result.FAILED), str(error)
    except Exception as error:  # a surprise from a library: retried like any failure, never a crash
        logger.exception("delivery %s (%s) failed", item.delivery_id, item.channel)
        return Result.FAILED, f"unexpected error: {error!r}"
    return Result.SENT, ""


def _record(claim: Claim, result: Result, error: str, settings: ChannelSettings) -> None:
    with transaction():
        now = now_utc()
        mine = update(Delivery).where(Delivery.id == claim.item.delivery_id, Delivery.status == DeliveryStatus.SENDING,
                                      Delivery.leased_until == claim.leased_until)
        if result is Result.SENT:  # it went out: say so even if the lease ran out meanwhile
            session.execute(update(Delivery).where(Delivery.id == claim.item.delivery_id,
                                                   Delivery.status != DeliveryStatus.SENT)
                            .values(status=DeliveryStatus.SENT, sent_at=now, leased_until=None, last_error=None))
        elif result is Result.RELEASED:
            session.execute(mine.values(status=DeliveryStatus.PENDING, attempts=Delivery.attempts - 1,
                                        leased_until=None))
        elif result is Result.REFUSED or claim.attempts >= settings.attempts:
            session.execute(mine.values(status=DeliveryStatus.FAILED, leased_until=None, last_error=error[:500]))
        else:
            session.execute(mine.values(status=DeliveryStatus.PENDING, leased_until=None, last_error=error[:500],
                                        next_attempt_at=now + settings.retry_delay(claim.attempts)))
