"""Audit events are hash-chained per instance: an edited, deleted or reordered row is found."""

from __future__ import annotations

from sqlalchemy import delete, select, update

from tests import walk
from tests.api_client import Api
from webapp.audit.models import AuditEvent
from webapp.audit.services import verify_instance
from webapp.db import session, transaction


def _case(client) -> int:
    api = Api(client)
    application = walk.submit(api)
    walk.endorse(api)
    walk.intake(api, "county")
    return application["instance_id"]


def _event_ids(instance_id: int) -> list[int]:
    return list(session.scalars(select(AuditEvent.id).where(AuditEvent.instance_id == instance_id)
                                .order_by(AuditEvent.seq)))


def test_an_intact_chain_verifies(client):
    instance_id = _case(client)
    assert len(_event_ids(instance_id)) == 3
    assert verify_instance(instance_id) is None


def test_an_edited_row_is_found(client):
    instance_id = _case(client)
    second = _event_ids(instance_id)[1]
    with transaction():
        session.execute(update(AuditEvent).where(AuditEvent.id == second).values(decision="return"))
    assert verify_instance(instance_id).id == second


def test_a_deleted_row_is_found(client):
    instance_id = _case(client)
    _, second, third = _event_ids(instance_id)
    with transaction():
        session.execute(delete(AuditEvent).where(AuditEvent.id == second))
    assert verify_instance(instance_id).id == third


def test_swapped_rows_are_found(client):
    instance_id = _case(client)
    first, second, _ = _event_ids(instance_id)
    with transaction():
        session.execute(update(AuditEvent).where(AuditEvent.id == first).values(seq=-1))
        session.execute(update(AuditEvent).where(AuditEvent.id == second).values(seq=1))
        session.execute(update(AuditEvent).where(AuditEvent.id == first).values(seq=2))
    assert verify_instance(instance_id) is not None
