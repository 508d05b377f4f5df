"""Notifying a creation unit: a step inside the action that decided something about it."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from webapp.db import session
from webapp.notifications.models import Notification


def notify(owner_key: str, message: str, **params: Any) -> Notification:
    notice = Notification(owner_key=owner_key, message=message, params={k: str(v) for k, v in params.items()})
    session.add(notice)
    session.flush()
    return notice


def for_owners(owner_keys: set[str], *, limit: int = 20) -> list[Notification]:
    if not owner_keys:
        return []
    return list(session.scalars(select(Notification).where(Notification.owner_key.in_(owner_keys))
                                .order_by(Notification.id.desc()).limit(limit)))
