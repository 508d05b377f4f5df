"""Tamper evidence: rows of the trail edited, deleted, swapped or cut off directly in the database
are each found by `brandcert audit verify`, which exits non-zero and names the first broken event."""

from __future__ import annotations

from sqlalchemy import delete, func, select, update

from tests import walk
from tests.api_client import Api
from webapp.audit.models import AdminEvent, AuditCheckpointHead, AuditEvent
from webapp.cli import cli
from webapp.db import session, transaction


def verify(runner, *, expect: int) -> str:
    result = runner.invoke(cli, ["audit", "verify"], catch_exceptions=False)
    assert result.exit_code == expect, result.output
    return result.output


def checkpoint(runner) -> str:
    result = runner.invoke(cli, ["audit", "checkpoint"])
    assert result.exit_code == 0, result.output
    return result.output


def _two_cases(client) -> tuple[int, int]:
    """Two applications, so that a broken chain is told apart from its intact neighbour."""
    api = Api(client)
    first = walk.submit(api)
    walk.endorse(api)
    walk.intake(api, "county")
    second = walk.submit(api, brand_name="岐山擀面皮匠")
    return first["instance_id"], second["instance_id"]


def _event_ids(instance_id: int) -> list[int]:
    return list(session.scalars(select(AuditEvent.id).where(AuditEvent.instance_id == instance_id)
                                .order_by(AuditEvent.seq)))


def test_an_intact_trail_verifies(client, runner):
    first, second = _two_cases(client)
    assert len(_event_ids(first)) == 3 and len(_event_ids(second)) == 1
    administration = session.scalar(select(func.count()).select_from(AdminEvent))
    assert administration  # the set-up deployed the workflows and created the signing keys
    output = verify(runner, expect=0)
    assert f"{4 + administration} events in 3 chains" in output and "intact" in output


def test_an_edited_row_is_named(client, runner):
    instance_id, _ = _two_cases(client)
    edited = _event_ids(instance_id)[1]
    with transaction():
        session.execute(update(AuditEvent).where(AuditEvent.id == edited).values(decision="return"))
    output = verify(runner, expect=1)
    assert f"BROKEN at event {edited} (instance {instance_id})" in output


def test_a_deleted_row_is_named(client, runner):
    instance_id, _ = _two_cases(client)
    _, deleted, after = _event_ids(instance_id)
    with transaction():
        session.execute(delete(AuditEvent).where(AuditEvent.id == deleted))
    output = verify(runner, expect=1)
    assert f"BROKEN at event {after} (instance {instance_id})" in output


def test_swapped_rows_are_named(client, runner):
    instance_id, _ = _two_cases(client)
    first, second, _ = _event_ids(instance_id)
    with transaction():
        session.execute(update(AuditEvent).where(AuditEvent.id == first).values(seq=-1))
        session.execute(update(AuditEvent).where(AuditEvent.id == second).values(seq=1))
        session.execute(update(AuditEvent).where(AuditEvent.id == first).values(seq=2))
    output = verify(runner, expect=1)
    assert f"BROKEN at event {second} (instance {instance_id})" in output


def test_cutting_off_the_newest_events_is_found_by_the_checkpoint(client, runner):
    instance_id, other = _two_cases(client)
    assert "3 chain heads signed" in checkpoint(runner)  # two cases, the administration trail
    assert "no chain moved" in checkpoint(runner)
    with transaction():
        session.execute(delete(AuditEvent).where(AuditEvent.id == _event_ids(instance_id)[-1]))
        session.execute(delete(AuditEvent).where(AuditEvent.instance_id == other))
    output = verify(runner, expect=1)
    assert f"BROKEN at instance {instance_id}:" in output
    assert f"also at instance {other}:" in output


def test_an_edited_checkpoint_is_found(client, runner):
    instance_id, _ = _two_cases(client)
    checkpoint(runner)
    with transaction():
        session.execute(update(AuditCheckpointHead).where(AuditCheckpointHead.instance_id == instance_id)
                        .values(seq=2))
    output = verify(runner, expect=1)
    assert "at checkpoints" in output
    assert f"BROKEN at event {_event_ids(instance_id)[1]} (instance {instance_id})" in output
