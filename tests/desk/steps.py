"""Getting a case to where the desk tests need it, and reading what people were told."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from tests import walk
from tests.api_client import Api
from webapp.audit.models import AuditEvent
from webapp.auth.models import User
from webapp.db import session
from webapp.notifications.models import CaseCopy, Message, Urge


def at_village(api: Api) -> dict[str, Any]:
    """An application submitted: it waits for the village's endorsement."""
    return walk.submit(api)


def at_county(api: Api, **overrides: Any) -> dict[str, Any]:
    """An application endorsed by the village: it waits for the county's intake."""
    application = walk.submit(api, **overrides)
    walk.endorse(api)
    return application


def at_county_experts(api: Api) -> tuple[dict[str, Any], dict[str, Any]]:
    """An application and the county's intake answer, which picked two experts: it waits for their scores."""
    application = at_county(api)
    return application, walk.intake(api, "county")


def at_city(api: Api) -> dict[str, Any]:
    """An application recognized by the county and recommended: it waits for the city's intake."""
    application = at_county(api)
    walk.recognize_at(api, "county", application["instance_id"])
    return application


def at_city_experts(api: Api) -> tuple[dict[str, Any], dict[str, Any]]:
    """An application and the city's intake answer, which picked two experts: it waits for their scores."""
    application = at_city(api)
    return application, walk.intake(api, "city")


def at_province(api: Api) -> dict[str, Any]:
    """An application recognized by the county and the city and recommended: it waits for the province."""
    application = at_city(api)
    walk.recognize_at(api, "city", application["instance_id"])
    return application


def told(kind: str) -> list[tuple[str, Message]]:
    """(recipient's username, message) of every message of one kind, oldest first."""
    session.remove()
    rows = session.execute(select(User.username, Message).join(User, User.id == Message.recipient_id)
                           .where(Message.kind == kind).order_by(Message.id)).all()
    return [(username, message) for username, message in rows]


def events(instance_id: int, action: str) -> list[AuditEvent]:
    session.remove()
    return list(session.scalars(select(AuditEvent).where(AuditEvent.instance_id == instance_id,
                                                         AuditEvent.action == action).order_by(AuditEvent.seq)))


def count(model: type[Urge] | type[CaseCopy]) -> int:
    session.remove()
    return session.scalar(select(func.count()).select_from(model)) or 0
