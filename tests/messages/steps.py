"""Messages for the message centre's tests, written as events write them: `notifications.send` in a
transaction of its own."""

from __future__ import annotations

from sqlalchemy import select

from webapp.auth.models import User
from webapp.db import session, transaction
from webapp.notifications.models import Message, MessageKind
from webapp.notifications.services import send

TEXT = "Test message %(n)s"
"""Not in the catalogs, so it reads the same in both languages."""


def tell(username: str, kind: MessageKind = MessageKind.URGED, count: int = 1, *, link: str | None = "/inbox",
         key: str = "test") -> list[int]:
    """Give `username` `count` messages of one kind; returns their ids, oldest first."""
    with transaction():
        user = session.scalar(select(User).where(User.username == username))
        ids = [message_id for n in range(count) for message_id in send(
            [user], kind, TEXT, {"n": n}, event_key=f"{key}:{kind}:{n}", link=link)]
    session.remove()
    return ids


def read_at(message_id: int) -> object:
    try:
        return session.get(Message, message_id).read_at
    finally:
        session.remove()
