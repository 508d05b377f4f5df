"""`brandcert check`: quiet on cases the app itself advanced (returned, recognized, finished, waiting
on a notice timer), and it names each kind of disagreement a crash or a hand edit could leave."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import delete, select, update

from tests import walk
from tests.api_client import Api
from tests.desk import steps as desk
from tests.ops import steps
from tests.worlds import starting_at
from webapp.audit import services as audit
from webapp.audit.models import AuditAction, AuditEvent
from webapp.cli import cli
from webapp.db import session, transaction
from webapp.engine import HumanTask, InstanceStatus, ProcessInstance, TaskStatus
from webapp.ops.check import check_all


def _run(app: Any, *args: str) -> Any:
    return app.test_cli_runner().invoke(cli, ["check", *args])


@starting_at(steps.four_cases)
def test_cases_the_app_advanced_are_consistent(app, world):
    cases = world.facts
    with app.app_context():
        report = check_all()
    assert report.consistent, report.findings
    assert report.instances == len(cases) and report.tasks > 20 and report.events > 30
    result = _run(app)
    assert result.exit_code == 0, result.output
    assert f"{len(cases)} cases" in result.output and "consistent" in result.output


def _lose_inbox_row(cases: dict[str, int]) -> int:
    session.execute(update(HumanTask).where(HumanTask.instance_id == cases["returned"],
                                            HumanTask.status == TaskStatus.READY).values(status=TaskStatus.CANCELLED))
    return cases["returned"]


def _mark_waiting_task_done(cases: dict[str, int]) -> int:
    session.execute(update(HumanTask).where(HumanTask.instance_id == cases["noticed"],
                                            HumanTask.status == TaskStatus.READY).values(status=TaskStatus.DONE))
    return cases["noticed"]


def _complete_twice(cases: dict[str, int]) -> int:
    instance = session.get(ProcessInstance, cases["rejected"])
    done = session.scalars(select(HumanTask).where(HumanTask.instance_id == instance.id,
                                                   HumanTask.status == TaskStatus.DONE)).first()
    audit.record(instance, AuditAction.TASK_COMPLETED, task=done, decision="reject")  # a chained, valid duplicate
    return instance.id


def _finish_without_the_workflow(cases: dict[str, int]) -> int:
    session.execute(update(ProcessInstance).where(ProcessInstance.id == cases["returned"])
                    .values(status=InstanceStatus.COMPLETED))
    return cases["returned"]


def _unschedule_timer(cases: dict[str, int]) -> int:
    session.execute(update(ProcessInstance).where(ProcessInstance.id == cases["noticed"]).values(next_timer_at=None))
    return cases["noticed"]


def _edit_audit_event(cases: dict[str, int]) -> int:
    first = session.scalars(select(AuditEvent).where(AuditEvent.instance_id == cases["finished"])
                            .order_by(AuditEvent.seq).limit(1)).one()
    session.execute(update(AuditEvent).where(AuditEvent.id == first.id).values(decision="forged"))
    return cases["finished"]


def _drop_newest_audit_event(cases: dict[str, int]) -> int:
    instance = session.get(ProcessInstance, cases["returned"])
    session.execute(delete(AuditEvent).where(AuditEvent.instance_id == instance.id,
                                             AuditEvent.seq == instance.audit_seq))
    return instance.id


def _corrupt_state(cases: dict[str, int]) -> int:
    session.execute(update(ProcessInstance).where(ProcessInstance.id == cases["rejected"]).values(state="{}"))
    return cases["rejected"]


@pytest.mark.parametrize(("damage", "expected"), [
    (_lose_inbox_row, "missing from the inbox"),
    (_mark_waiting_task_done, "whose completion the workflow lacks"),
    (_complete_twice, "more than one completion event"),
    (_finish_without_the_workflow, "but its workflow is running"),
    (_unschedule_timer, "would never fire"),
    (_edit_audit_event, "audit trail:"),
    (_drop_newest_audit_event, "as its trail's head, but the trail ends at"),
    (_corrupt_state, "does not load"),
])
@starting_at(steps.four_cases)
def test_each_disagreement_is_named_with_its_case(app, world, damage: Callable[[dict[str, int]], int],
                                                  expected: str):
    cases = world.facts
    with app.app_context():
        with transaction():
            damaged = damage(cases)
        report = check_all()
    assert {finding.instance_id for finding in report.findings} == {damaged}, report.findings
    assert any(expected in finding.message for finding in report.findings), report.findings
    result = _run(app)
    assert result.exit_code == 1
    assert f"case {damaged}: " in result.output and "INCONSISTENT" in result.output
    assert _run(app, "--case", str(cases["finished"] if damaged != cases["finished"] else cases["rejected"])
                ).exit_code == 0


@starting_at(desk.at_county_experts)
def test_a_review_one_expert_finished_and_the_other_not_is_consistent(app, client, world):
    api = Api(client)
    instance_id = world.facts[0]["instance_id"]
    first, second = walk.LEVELS["county"][1]
    api.complete(first, api.only_task(first)["id"], {"expert_review": walk.GOOD_SCORES})
    assert api.only_task(second)["form_key"] == "expert_review"
    with app.app_context():
        report = check_all([instance_id])
    assert report.consistent, report.findings
    result = _run(app, "--case", str(instance_id))
    assert result.exit_code == 0, result.output
