"""Migration 0017 puts each case's audit chain head on its row: an existing database, taken back to
0016 and upgraded again, gets exactly the heads its trails end with, and new events link to them."""

from __future__ import annotations

from sqlalchemy import select

from tests.ops import steps
from tests.worlds import starting_at
from webapp import db, migrations
from webapp.audit import services as audit
from webapp.audit.models import AuditAction
from webapp.db import session, transaction
from webapp.engine import ProcessInstance
from webapp.ops.check import check_all


def _heads() -> dict[int, tuple[int, str | None]]:
    return {instance.id: (instance.audit_seq, instance.audit_head)
            for instance in session.scalars(select(ProcessInstance).order_by(ProcessInstance.id))}


@starting_at(steps.four_cases)
def test_upgrading_a_database_with_cases_fills_each_head_from_its_trail(app, database_url):
    with app.app_context():
        recorded = _heads()
        db.dispose()
        migrations.downgrade(database_url, "0016")
        migrations.upgrade(database_url)
        db.configure(database_url)
        assert _heads() == recorded
        assert all(seq > 1 for seq, _head in recorded.values())
        case_id = min(recorded)
        with transaction():
            instance = session.get(ProcessInstance, case_id)
            event = audit.record(instance, AuditAction.WARNING, data={"message": "test", "params": {}})
        assert (event.seq, event.prev_hash) == (recorded[case_id][0] + 1, recorded[case_id][1])
        assert check_all().consistent
