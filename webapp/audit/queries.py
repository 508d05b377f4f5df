"""Reads over the audit trail."""

from __future__ import annotations

from sqlalchemy import select

from webapp.audit.models import AuditEvent
from webapp.db import session


def events_of(instance_id: int) -> list[AuditEvent]:
    return list(session.scalars(select(AuditEvent).where(AuditEvent.instance_id == instance_id)
                                .order_by(AuditEvent.seq)))
