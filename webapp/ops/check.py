"""`brandcert check`: does every case's stored state agree with its inbox rows and its audit trail?

After a crash (a killed web worker, a killed background worker, a database restart) an operator
runs this to know that nothing needs repair. It reads only; each finding names the case and says
what disagrees. What it checks, per process instance:

- the workflow state loads;
- the inbox (`human_task` rows still waiting) holds exactly the tasks the state has ready;
- every task the inbox marks done is done in the state and has exactly one `task_completed` event,
  and no such event exists for a task the inbox does not mark done (nothing lost, nothing twice); a
  withdrawal or a return takes back the completion of the task it reopens, and a done task the reset
  (or a move to an equivalent step of another version) dropped from the state stays done in the inbox
  as history;
- the instance row is finished exactly when the state is, with one `instance_finished` event then;
- a timer the state waits for is scheduled (`next_timer_at`), and no later than a retry postponed it;
- the instance's audit chain is intact, and the head its row keeps (the number and hash the next event
  links to) is the chain's last event.

It also lists the tasks waiting where no active user may act on them (`designer.stranded`): not a
disagreement of the stored state (nothing to repair), but cases nobody will move until an official
is created or the case is moved, so they are reported apart from the findings.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import undefer

from webapp.audit import verify
from webapp.audit.models import AuditAction, AuditEvent
from webapp.clock import now_utc
from webapp.db import session
from webapp.designer.stranded import StrandedTask, stranded_tasks
from webapp.engine import HumanTask, InstanceStatus, ProcessInstance, TaskStatus
from webapp.engine.consistency import StateFacts, state_facts
from webapp.worker import RETRY_AFTER

BATCH = 200
_REWINDS = (AuditAction.TASK_WITHDRAWN, AuditAction.CASE_RETURNED)
_COUNTED = (AuditAction.TASK_COMPLETED, AuditAction.INSTANCE_FINISHED, AuditAction.INSTANCE_MIGRATED, *_REWINDS)
_SLACK = timedelta(seconds=1)
"""Stored and computed timer moments may differ by rounding, never by more."""


@dataclass(frozen=True)
class Finding:
    instance_id: int
    message: str


@dataclass
class CheckReport:
    instances: int = 0
    tasks: int = 0
    events: int = 0
    timers_overdue: int = 0
    findings: list[Finding] = field(default_factory=list)
    stranded: list[StrandedTask] = field(default_factory=list)
    """Waiting tasks nobody may act on (see the module's docstring): not findings."""

    @property
    def consistent(self) -> bool:
        return not self.findings


def check_all(instance_ids: Sequence[int] | None = None) -> CheckReport:
    """Check every instance (or only these), a batch at a time, in one read transaction."""
    report = CheckReport()
    for batch in _batches(instance_ids):
        _check_batch(batch, report)
    report.stranded = [task for task in stranded_tasks()
                       if instance_ids is None or task.instance_id in set(instance_ids)]
    session.rollback()
    return report


def _batches(instance_ids: Sequence[int] | None) -> Iterator[list[ProcessInstance]]:
    after = 0
    while True:
        query = (select(ProcessInstance).options(undefer(ProcessInstance.state))
                 .where(ProcessInstance.id > after).order_by(ProcessInstance.id).limit(BATCH))
        if instance_ids is not None:
            query = query.where(ProcessInstance.id.in_(list(instance_ids)))
        batch = list(session.scalars(query))
        if not batch:
            return
        yield batch
        after = batch[-1].id
        session.expunge_all()  # a large database is read in bounded memory


def _check_batch(instances: list[ProcessInstance], report: CheckReport) -> None:
    ids = [instance.id for instance in instances]
    rows: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for instance_id, uuid, status in session.execute(
            select(HumanTask.instance_id, HumanTask.task_uuid, HumanTask.status).where(HumanTask.instance_id.in_(ids))):
        rows[instance_id].append((uuid, status))
    events: dict[int, list[tuple[str, str | None]]] = defaultdict(list)
    for instance_id, action, uuid, data in session.execute(
            select(AuditEvent.instance_id, AuditEvent.action, AuditEvent.task_uuid, AuditEvent.data).where(
                AuditEvent.instance_id.in_(ids), AuditEvent.action.in_(_COUNTED)).order_by(AuditEvent.seq)):
        if action == AuditAction.INSTANCE_MIGRATED and not (data or {}).get("equivalent_step"):
            continue  # a move as it stands keeps every done task in the state
        returned_to = (data or {}).get("to_task_uuid") if action == AuditAction.CASE_RETURNED else None
        events[instance_id].append((str(action), returned_to or uuid))
    heads = _trail_heads(ids)
    now = now_utc()
    for instance in instances:
        report.instances += 1
        report.tasks += len(rows[instance.id])
        try:
            facts = state_facts(instance)
        except Exception as error:  # a state that does not load is exactly what this command reports
            report.findings.append(Finding(instance.id, f"the workflow state does not load: {error}"))
            continue
        report.findings.extend(Finding(instance.id, message) for message in
                               _compare(instance, facts, rows[instance.id], events[instance.id]))
        last_seq, last_hash = heads.get(instance.id, (0, None))
        if (instance.audit_seq, instance.audit_head) != (last_seq, last_hash):
            report.findings.append(Finding(instance.id, f"the case row keeps audit event #{instance.audit_seq} as "
                                                        f"its trail's head, but the trail ends at #{last_seq}"))
        if instance.next_timer_at is not None and instance.next_timer_at < now:
            report.timers_overdue += 1
    chains = verify.verify_instances(ids)
    report.events += chains.events
    report.findings.extend(Finding(problem.instance_id or 0, f"audit trail: {problem.text()} ({problem.where})")
                           for problem in chains.problems)


def _trail_heads(ids: list[int]) -> dict[int, tuple[int, str]]:
    """The number and hash of each case's last audit event."""
    last = (select(AuditEvent.instance_id, func.max(AuditEvent.seq).label("seq"))
            .where(AuditEvent.instance_id.in_(ids)).group_by(AuditEvent.instance_id).subquery())
    return {instance_id: (seq, hash_) for instance_id, seq, hash_ in session.execute(
        select(AuditEvent.instance_id, AuditEvent.seq, AuditEvent.hash).join(
            last, (last.c.instance_id == AuditEvent.instance_id) & (last.c.seq == AuditEvent.seq)))}


def _compare(instance: ProcessInstance, facts: StateFacts, rows: list[tuple[str, str]],
             events: list[tuple[str, str | None]]) -> Iterator[str]:
    waiting = {uuid for uuid, status in rows if status == TaskStatus.READY}
    done = {uuid for uuid, status in rows if status == TaskStatus.DONE}
    if waiting - facts.ready:
        yield f"the inbox offers tasks the workflow does not wait for: {sorted(waiting - facts.ready)}"
    if facts.ready - waiting:
        yield f"the workflow waits for tasks missing from the inbox: {sorted(facts.ready - waiting)}"
    completions, before_rewind = _completions(events)
    if lacking := sorted(done - facts.completed - before_rewind):
        yield f"tasks marked done whose completion the workflow lacks: {lacking}"
    if twice := sorted(uuid for uuid, count in completions.items() if count > 1 and uuid):
        yield f"tasks with more than one completion event: {twice}"
    if silent := sorted(done - {uuid for uuid, count in completions.items() if count > 0}):
        yield f"tasks marked done without a completion event: {silent}"
    if unknown := sorted({uuid for uuid, count in completions.items() if count > 0 and uuid} - done):
        yield f"completion events for tasks not marked done: {unknown}"
    finished_events = sum(1 for action, _uuid in events if action == AuditAction.INSTANCE_FINISHED)
    if facts.finished != (instance.status == InstanceStatus.COMPLETED):
        yield f"the instance is {instance.status} but its workflow is {'finished' if facts.finished else 'running'}"
    if finished_events != (1 if facts.finished else 0):
        yield f"{finished_events} instance_finished events for a {'finished' if facts.finished else 'running'} case"
    yield from _compare_timer(instance, facts)


def _completions(events: list[tuple[str, str | None]]) -> tuple[Counter[str | None], set[str | None]]:
    """Completions per task that still count: a withdrawal (撤回) or a return (驳回) takes back the last
    completion of the task it reopens. Also the tasks completed before the last of those: the reset
    may have dropped them from the workflow, while their rows stay done as the case's history."""
    counted: Counter[str | None] = Counter()
    seen: set[str | None] = set()
    before_rewind: set[str | None] = set()
    for action, uuid in events:
        if action == AuditAction.TASK_COMPLETED:
            counted[uuid] += 1
            seen.add(uuid)
        elif action in _REWINDS:
            counted[uuid] -= 1
            before_rewind |= seen
        elif action == AuditAction.INSTANCE_MIGRATED:  # moved to an equivalent step: the run again on the
            before_rewind |= seen  # new version may not pass every task done before; their rows stay as history
    return counted, before_rewind


def _compare_timer(instance: ProcessInstance, facts: StateFacts) -> Iterator[str]:
    stored, due = instance.next_timer_at, facts.next_timer_at
    if due is None and stored is not None:
        yield f"a timer is scheduled for {stored.isoformat()} but the workflow waits for none"
    elif due is not None and stored is None:
        yield f"the workflow waits for a timer due {due.isoformat()} that is not scheduled, so it would never fire"
    elif due is not None and stored is not None and not (due - _SLACK <= stored <= max(due, now_utc()) + RETRY_AFTER):
        yield f"the timer due {due.isoformat()} is scheduled for {stored.isoformat()}"
