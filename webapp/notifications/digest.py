"""The daily digest (每日汇总): people who chose it get their new tasks by e-mail and webhook once a
day, in one message, instead of one by one.

Their task arrivals are still written one by one for the app (the bell), but without deliveries
(`services.DIGESTED_KINDS`). On each working day at the digest time (BRANDCERT_DIGEST_AT, Beijing
time, default 08:30) the worker writes each of them one DIGEST message listing the arrivals that came
after their last digest and before today's digest time, went out on no channel by themselves, are
still unread, and whose task is still open (a task a colleague already did is not news). Its
deliveries go to their channels like any other message's. Its event key `digest:<user id>:<date>`
makes it once a day whatever the number of workers. With nothing to list there is no digest; on
Saturdays, Sundays and holidays none either: what arrives then is in the next working day's digest.
"""

from __future__ import annotations

from datetime import datetime, time

from flask import current_app
from sqlalchemy import ColumnElement, exists, func, or_, select, update
from sqlalchemy.orm import aliased

from webapp.auth.models import User
from webapp.clock import now_utc
from webapp.db import session, transaction
from webapp.engine import HumanTask, TaskStatus
from webapp.i18n import N_
from webapp.notifications.models import Delivery, Message, MessageKind, NotificationSettings
from webapp.notifications.services import DIGESTED_KINDS, send
from webapp.workdays import calendar
from webapp.workdays.calendar import CHINA

MAX_LISTED = 30
"""A digest lists at most this many tasks (its count says how many there are); the inbox has the rest."""
DIGEST_MESSAGE = N_("Daily digest, tasks that arrived since your last digest (%(count)s; task, brand, due date): "
                    "%(items)s")
INBOX_LINK = "/inbox"


def parse_time(at: str | time) -> time:
    """BRANDCERT_DIGEST_AT (`HH:MM`, Beijing time) as a time of day; `create_app` checks it at the start."""
    try:
        return at if isinstance(at, time) else time.fromisoformat(str(at).strip())
    except ValueError:
        raise ValueError(f"BRANDCERT_DIGEST_AT must be a time of day such as 08:30, not {at!r}") from None


def digest_time() -> time:
    """The running app's digest time of day."""
    return parse_time(current_app.config["DIGEST_AT"])


def send_digests(limit: int = 1000) -> int:
    """Worker step: after today's digest time on a working day, the digest of each person who chose
    one and has something new (one short transaction each); returns how many were written."""
    today = calendar.today()
    due = datetime.combine(today, digest_time(), tzinfo=CHINA)
    if now_utc() < due or not calendar.is_working_day(today):
        return 0
    waiting = list(session.scalars(select(NotificationSettings.user_id).where(
        NotificationSettings.daily_digest.is_(True), exists().where(*_new_arrivals(NotificationSettings.user_id, due)),
        NotificationSettings.user_id.in_(select(User.id).where(User.active.is_(True))),
        ~exists().where(Message.recipient_id == NotificationSettings.user_id, Message.kind == MessageKind.DIGEST,
                        Message.created_at >= due)).order_by(NotificationSettings.user_id).limit(limit)))
    written = 0
    for user_id in waiting:
        with transaction():
            written += _write(user_id, due)
    return written


def _new_arrivals(recipient: ColumnElement[int] | int, until: datetime) -> list[ColumnElement[bool]]:
    """What a digest lists, as conditions on `Message` (see the module's docstring)."""
    last = aliased(Message)
    since = select(func.max(last.created_at)).where(last.recipient_id == recipient,
                                                     last.kind == MessageKind.DIGEST).scalar_subquery()
    return [Message.recipient_id == recipient, Message.kind.in_(list(DIGESTED_KINDS)), Message.read_at.is_(None),
            or_(since.is_(None), Message.created_at > since), Message.created_at <= until,
            ~exists().where(Delivery.message_id == Message.id),
            HumanTask.id == Message.task_id, HumanTask.status == TaskStatus.READY]


def _write(user_id: int, due: datetime) -> int:
    user = session.get(User, user_id)
    if user is None:
        return 0
    arrivals = list(session.scalars(select(Message.params).where(*_new_arrivals(user_id, due)).order_by(Message.id)))
    if not arrivals:
        return 0
    listed = arrivals[:MAX_LISTED]
    params = {"count": len(arrivals),
              "items": "；".join(f"{p.get('task', '')}（{p.get('brand', '')}，{p.get('due', '')}）" for p in listed),
              "items_en": "; ".join(f"{p.get('task_en') or p.get('task', '')} ({p.get('brand', '')}, "
                                    f"{p.get('due', '')})" for p in listed)}
    if len(arrivals) > MAX_LISTED:
        params["items"] += "……"
        params["items_en"] += " …"
    written = send([user], MessageKind.DIGEST, DIGEST_MESSAGE, params, event_key=f"digest:{user_id}:{due.date()}",
                   link=INBOX_LINK)
    # what it covers up to: the next digest starts exactly there
    session.execute(update(Message).where(Message.id.in_(written)).values(created_at=due))
    return len(written)
