"""Two background workers racing over 1,000 due timers fire every timer exactly once.

Each worker is a separate `brandcert worker --once` process on the test's database, as two
worker containers would be in production. On PostgreSQL they share the work through
`claim_due`'s `FOR UPDATE SKIP LOCKED`; on SQLite `BEGIN IMMEDIATE` serialises them. Without
that locking both workers fire the same instance: the loser's save hits the instance's version
check and `_postpone` gives the already advanced case a retry time and a warning, which the
checks below catch (as a second `timer_fired` event would be, had the save gone through).
Dropping only SKIP LOCKED stays correct (the workers queue on each row): that costs throughput,
which this test does not measure.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from tests.engine import samples
from tests.servers import process_env
from webapp import clock, engine, taskforms
from webapp.audit import verify
from webapp.audit.models import AuditAction, AuditEvent
from webapp.db import dialect, session, transaction
from webapp.engine import HumanTask, InstanceStatus, ProcessInstance, TaskStatus

TIMERS = 1000
BATCH = 250
COUNTY = "610323"  # 岐山县: the county lane of `Task_review` resolves to it
BRANDCERT = Path(sys.executable).with_name("brandcert")

NOTICE = samples.process(f"""
  <bpmn:startEvent id="StartEvent_1" />
  <bpmn:intermediateCatchEvent id="Timer_notice" name="Notice period">
    <bpmn:timerEventDefinition id="TimerDefinition_notice">
      <bpmn:timeDuration xsi:type="bpmn:tFormalExpression">"P1D"</bpmn:timeDuration>
    </bpmn:timerEventDefinition>
  </bpmn:intermediateCatchEvent>
  {samples.USER_TASK}
  <bpmn:endEvent id="EndEvent_1" />
  <bpmn:sequenceFlow id="Flow_1" sourceRef="StartEvent_1" targetRef="Timer_notice" />
  <bpmn:sequenceFlow id="Flow_2" sourceRef="Timer_notice" targetRef="Task_review" />
  <bpmn:sequenceFlow id="Flow_3" sourceRef="Task_review" targetRef="EndEvent_1" />""", "notice_race")


def start_waiting_instances() -> list[int]:
    """TIMERS instances of a start -> 1-day timer -> task process, each waiting on its timer."""
    with transaction():
        (definition,) = engine.deploy({"notice_race.bpmn": NOTICE}, form_exists=taskforms.catalog().exists)
    ids: list[int] = []
    # The workers run in other processes on the real clock: start the timers two days ago so that
    # they are due there, instead of moving a clock those processes cannot see.
    with clock.travel(clock.now_utc() - timedelta(days=2)):
        for first in range(0, TIMERS, BATCH):
            with transaction():
                for number in range(first, first + BATCH):
                    instance, _ = engine.start(definition, subject_type="race", subject_id=number,
                                               title=f"race {number}", base_region_code=COUNTY, owner_key=None,
                                               data={})
                    ids.append(instance.id)
    return ids


def run_two_workers(env: dict[str, str], logs: Path) -> list[int]:
    """Start both workers before waiting on either, so that their timer loops overlap. Output goes
    to files: a full pipe nobody reads yet would stall a worker and end the race early."""
    outputs = [(logs / f"worker{n}.out").open("w+") for n in range(2)]
    workers = [subprocess.Popen([str(BRANDCERT), "worker", "--once"], env=env, text=True,
                                stdout=out, stderr=subprocess.STDOUT) for out in outputs]
    fired = []
    for worker, out in zip(workers, outputs, strict=True):
        worker.wait(timeout=120)
        out.seek(0)
        text = out.read()
        out.close()
        found = re.search(r"timers fired: (\d+)", text)
        assert worker.returncode == 0 and found, text
        fired.append(int(found.group(1)))
    return fired


def per_instance(query: Any) -> dict[int, int]:
    return {key: count for key, count in session.execute(query)}


def test_two_workers_fire_each_of_1000_due_timers_exactly_once(app: Any, database_url: str, keys_dir: Path,
                                                              tmp_path: Path) -> None:
    ids = start_waiting_instances()
    assert session.scalar(select(func.count()).where(ProcessInstance.id.in_(ids),
                                                     ProcessInstance.next_timer_at <= clock.now_utc())) == TIMERS
    session.remove()  # that read's SQLite snapshot would hide the workers' commits
    env = {**process_env(), "DATABASE_URL": database_url, "BRANDCERT_KEYS": str(keys_dir),
           "BRANDCERT_ATTACHMENTS": str(tmp_path / "attachments"),
           "BRANDCERT_CERTIFICATES": str(tmp_path / "certificates")}

    started = time.perf_counter()
    fired = run_two_workers(env, tmp_path)
    print(f"\nworkers fired {fired[0]} + {fired[1]} timers in {time.perf_counter() - started:.1f} s")

    assert sum(fired) == TIMERS
    if dialect() == "postgresql":  # SQLite's busy wait may let one worker take every turn; PostgreSQL must share
        assert min(fired) > 0, fired
    one_each = dict.fromkeys(ids, 1)
    events = select(AuditEvent.instance_id, func.count()).where(AuditEvent.instance_id.in_(ids))
    assert per_instance(events.where(AuditEvent.action == AuditAction.TIMER_FIRED)
                        .group_by(AuditEvent.instance_id)) == one_each
    assert per_instance(events.where(AuditEvent.action == AuditAction.WARNING).group_by(AuditEvent.instance_id)) == {}
    assert per_instance(select(HumanTask.instance_id, func.count())
                        .where(HumanTask.instance_id.in_(ids), HumanTask.bpmn_id == "Task_review",
                               HumanTask.status == TaskStatus.READY, HumanTask.region_code == COUNTY)
                        .group_by(HumanTask.instance_id)) == one_each
    assert session.scalar(select(func.count()).where(
        ProcessInstance.id.in_(ids), ProcessInstance.status == InstanceStatus.RUNNING,
        ProcessInstance.next_timer_at.is_(None))) == TIMERS
    assert verify.verify_instances(ids).intact
