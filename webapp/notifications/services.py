"""Telling people: the step every event calls inside its own transaction (the outbox), and the
commands people use on their messages.

`send` writes one message per recipient and, for each outside channel the recipient chose, one
delivery the background worker sends (notifications/delivery.py). Both are rows of the same
transaction as the event: if the event rolls back, nobody is told; if it commits, nobody is missed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite

from webapp.auth import queries
from webapp.auth.models import User
from webapp.clock import now_utc
from webapp.command_log import logged
from webapp.db import dialect, session, transaction
from webapp.notifications.models import Channel, Delivery, Message, MessageKind, NotificationSettings
from webapp.notifications.queries import message_for

DIGESTED_KINDS = frozenset({MessageKind.TASK_ARRIVED})
"""What a person who chose the daily digest gets once a day by e-mail and webhook, not one by one."""


def settings_of(user_id: int) -> NotificationSettings:
    """The person's choices; the defaults (in-app only, Chinese) until they save their own."""
    return session.get(NotificationSettings, user_id) or _defaults(user_id)


def _settings_of_all(user_ids: Iterable[int]) -> dict[int, NotificationSettings]:
    """`settings_of` for several people, in one query."""
    wanted = set(user_ids)
    saved = {row.user_id: row for row in session.scalars(
        select(NotificationSettings).where(NotificationSettings.user_id.in_(wanted)))}
    return {user_id: saved.get(user_id) or _defaults(user_id) for user_id in wanted}


def _defaults(user_id: int) -> NotificationSettings:
    return NotificationSettings(user_id=user_id, language="zh", email_enabled=False, webhook_enabled=False,
                                daily_digest=False)


def send(recipients: Iterable[User], kind: MessageKind, message: str, params: dict[str, Any], *, event_key: str,
         link: str | None = None, instance_id: int | None = None, task_id: int | None = None) -> list[int]:
    """Step: tell each active recipient once about one event; returns the ids of the messages written. A
    recipient already told about `event_key` is skipped (no second message, no second delivery), so a
    repeated scan or action is safe."""
    people = {user.id: user for user in recipients if user.active}
    if not people:
        return []
    now = now_utc()
    rows = [{"recipient_id": user_id, "kind": str(kind), "event_key": event_key[:120], "message": message,
             "params": params, "link": link, "instance_id": instance_id, "task_id": task_id, "created_at": now}
            for user_id in people]
    insert = postgresql.insert if dialect() == "postgresql" else sqlite.insert
    # on the table, rows as parameters: one statement text, compiled once for every message sent
    statement = insert(Message.__table__).on_conflict_do_nothing(
        index_elements=["event_key", "recipient_id"]).returning(Message.id, Message.recipient_id)
    created = {recipient_id: message_id for message_id, recipient_id in session.execute(statement, rows)}
    settings = _settings_of_all(created) if created else {}
    for recipient_id, message_id in created.items():
        _deliveries(message_id, settings[recipient_id], kind, f"{event_key[:120]}/{recipient_id}")
    return list(created.values())


def _deliveries(message_id: int, settings: NotificationSettings, kind: MessageKind, key: str) -> None:
    if settings.daily_digest and kind in DIGESTED_KINDS:
        return
    if settings.email_enabled and settings.email:
        session.add(Delivery(message_id=message_id, channel=Channel.EMAIL, address=settings.email,
                             idempotency_key=f"{key}/{Channel.EMAIL}"))
    if settings.webhook_enabled:
        session.add(Delivery(message_id=message_id, channel=Channel.WEBHOOK, address=settings.phone or "",
                             idempotency_key=f"{key}/{Channel.WEBHOOK}"))


@logged("{result} messages of user {user.id} marked read")
def mark_read(user: User, message_ids: Iterable[int] | None) -> int:
    """Command: mark some of the person's messages read (all unread ones when `message_ids` is None)."""
    with transaction():
        query = update(Message).where(Message.recipient_id == user.id, Message.read_at.is_(None))
        if message_ids is not None:
            query = query.where(Message.id.in_(list(message_ids)))
        return session.execute(query.values(read_at=now_utc())).rowcount


@logged("message {message_id} read by user {actor.id}")
def read_message(message_id: int, *, actor: User) -> Message:
    """Command: the person opens or marks one of their messages read; anyone else's is not found."""
    with transaction():
        message = message_for(message_id, actor.id)
        if message.read_at is None:
            message.read_at = now_utc()
        return message


def tell_unit(owner_key: str | None, kind: MessageKind, message: str, params: dict[str, Any], *, event_key: str,
              link: str | None = None, instance_id: int | None = None) -> list[int]:
    """Step: tell every person of the creation unit that owns a case."""
    return send(queries.people_of_unit(owner_key), kind, message, params, event_key=event_key, link=link,
                instance_id=instance_id)
