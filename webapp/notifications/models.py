"""Messages to people (站内消息) and their deliveries by e-mail and webhook (the outbox), each
person's choice of channels, and the desk actions that send messages: urging and copies."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from webapp.clock import now_utc
from webapp.db import Base


class MessageKind(StrEnum):
    TASK_ARRIVED = "task_arrived"
    TASK_DUE_SOON = "task_due_soon"
    TASK_OVERDUE = "task_overdue"
    TASK_ESCALATED = "task_escalated"
    RETURNED = "returned"
    RECOGNIZED = "recognized"
    NOT_RECOMMENDED = "not_recommended"
    CERTIFICATE_ISSUED = "certificate_issued"
    SPOT_CHECK_SCHEDULED = "spot_check_scheduled"
    EXIT_PROPOSED = "exit_proposed"
    EXIT_DECIDED = "exit_decided"
    URGED = "urged"
    COPIED = "copied"
    DIGEST = "digest"
    TASK_TRANSFERRED = "task_transferred"
    TASK_DELEGATED = "task_delegated"
    TASK_RESOLVED = "task_resolved"
    OPINION_ASKED = "opinion_asked"
    OPINION_GIVEN = "opinion_given"
    TASK_REASSIGNED = "task_reassigned"
    TASK_WITHDRAWN = "task_withdrawn"
    CASE_RETURNED = "case_returned"
    SUBSTITUTE_SET = "substitute_set"
    EXPERT_DECLINED = "expert_declined"


class Message(Base):
    """One message to one person, written in the same transaction as the event that causes it.

    Its text is a message id and parameters, translated into the recipient's language when shown or
    sent. `event_key` names the event; with the recipient it is unique, so the same event never
    gives the same person two messages (a retried action, a second worker, a reminder scanned twice).
    """

    __tablename__ = "message"
    __table_args__ = (UniqueConstraint("event_key", "recipient_id"),
                      Index("ix_message_unread", "recipient_id", "read_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    kind: Mapped[MessageKind] = mapped_column(String(30), index=True)
    event_key: Mapped[str] = mapped_column(String(120))
    message: Mapped[str] = mapped_column(String(400))
    params: Mapped[dict[str, Any]]
    link: Mapped[str | None] = mapped_column(String(300))
    """A path inside the app (`/tasks/12`), made absolute with the public URL in e-mails."""
    instance_id: Mapped[int | None] = mapped_column(ForeignKey("process_instance.id"), index=True)
    task_id: Mapped[int | None] = mapped_column(ForeignKey("human_task.id"))
    created_at: Mapped[datetime] = mapped_column(default=now_utc, index=True)
    read_at: Mapped[datetime | None]


class Channel(StrEnum):
    EMAIL = "email"
    WEBHOOK = "webhook"


class DeliveryStatus(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    """Claimed by a worker until `leased_until`; a worker that died leaves it to be claimed again."""
    SENT = "sent"
    FAILED = "failed"
    """Given up after the last retry: an administrator sees it and may retry it."""


class Delivery(Base):
    """One message on one outside channel: the outbox row the worker sends."""

    __tablename__ = "message_delivery"
    __table_args__ = (Index("ix_message_delivery_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("message.id"), index=True)
    channel: Mapped[Channel] = mapped_column(String(20))
    idempotency_key: Mapped[str] = mapped_column(String(200), unique=True)
    """`<event key>/<recipient id>/<channel>`: sent as the e-mail's Message-ID and the webhook's
    `Idempotency-Key`, so that a receiver drops the rare copy a worker killed mid-send leaves behind."""
    address: Mapped[str] = mapped_column(String(200))
    """The e-mail address or phone number as it was when the message was written."""
    status: Mapped[DeliveryStatus] = mapped_column(String(20), default=DeliveryStatus.PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=now_utc)
    leased_until: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(String(500))
    sent_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=now_utc)


class NotificationSettings(Base):
    """How one person wants to be told, besides the messages in the app."""

    __tablename__ = "notification_settings"

    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"), primary_key=True)
    language: Mapped[str] = mapped_column(String(5), default="zh")
    """The language of their messages and e-mails: `zh` (default) or `en`."""
    email: Mapped[str | None] = mapped_column(String(200))
    email_enabled: Mapped[bool] = mapped_column(default=False)
    phone: Mapped[str | None] = mapped_column(String(30))
    """For the SMS gateway behind the webhook."""
    webhook_enabled: Mapped[bool] = mapped_column(default=False)
    daily_digest: Mapped[bool] = mapped_column(default=False)
    """New tasks come by e-mail and webhook once a day, in one message, instead of one by one."""
    updated_at: Mapped[datetime] = mapped_column(default=now_utc, onupdate=now_utc)


class TaskNotice(Base):
    """Where a task stands in its reminders: due soon, overdue, escalated (one row per open task)."""

    __tablename__ = "task_notice"

    task_id: Mapped[int] = mapped_column(ForeignKey("human_task.id"), primary_key=True)
    stage: Mapped[int] = mapped_column(default=0)
    """0 nothing sent, 1 due-soon sent (or not needed: see notifications/reminders.py), 2 overdue sent,
    3 escalated (done)."""
    next_at: Mapped[datetime | None] = mapped_column(index=True)
    """When the next stage is due; None once escalated or when the task has no due date."""
    escalated_to: Mapped[str | None] = mapped_column(String(12), index=True)
    """The region whose officials were told, shown on their home page."""
    escalated_at: Mapped[datetime | None]


class Urge(Base):
    """催办: someone urged the holders of a waiting case; once per working day per case and person."""

    __tablename__ = "urge"
    __table_args__ = (UniqueConstraint("instance_id", "user_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    instance_id: Mapped[int] = mapped_column(ForeignKey("process_instance.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    day: Mapped[date]
    """The working day (Beijing) it counts against."""
    at: Mapped[datetime] = mapped_column(default=now_utc)


class CaseCopy(Base):
    """抄送: a decision copied to someone, who may then read that case (and only read it)."""

    __tablename__ = "case_copy"
    __table_args__ = (UniqueConstraint("instance_id", "recipient_id", "task_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    instance_id: Mapped[int] = mapped_column(ForeignKey("process_instance.id"), index=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("human_task.id"))
    """The completed task whose decision was copied."""
    recipient_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"), index=True)
    by_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    at: Mapped[datetime] = mapped_column(default=now_utc)
