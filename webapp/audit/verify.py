"""Checking the trail (DESIGN.md §6): every instance's chain and the administration trail's, every head a
checkpoint recorded, and the checkpoints themselves (checkpoint_chain.py).

Problems carry a message id and parameters, so the CLI, the worker and the auditor's page can each
show them in their reader's language.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

from sqlalchemy import Row, select

from webapp.audit import chain, checkpoint_chain, witness
from webapp.audit.models import ADMIN_TRAIL, AdminEvent, AuditCheckpointHead, AuditEvent
from webapp.audit.problems import Problem
from webapp.db import session
from webapp.i18n import N_

STREAM_BATCH = 5000
_EVENT_COLUMNS = [AuditEvent.id, AuditEvent.prev_hash, AuditEvent.hash,
                  *(getattr(AuditEvent, name) for name in chain.CHAINED_FIELDS)]
_ADMIN_COLUMNS = [AdminEvent.id, AdminEvent.prev_hash, AdminEvent.hash,
                  *(getattr(AdminEvent, name) for name in chain.ADMIN_CHAINED_FIELDS)]


@dataclass
class Report:
    events: int = 0
    chains: int = 0
    checkpoints: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class RecordedHead:
    checkpoint_id: int
    seq: int
    hash: str


def verify_all(trusted_keys: Collection[str]) -> Report:
    """Every chain, every checkpoint and the witness: what `brandcert audit verify` and the worker run."""
    report = Report()
    witnessed = witness.read()  # before the database: see checkpoint_chain.check
    recorded = _recorded_heads(None)
    admin_recorded = recorded.pop(ADMIN_TRAIL, [])
    _check_chains(_stream(select(*_EVENT_COLUMNS)), recorded, report)
    _check_admin_trail(admin_recorded, report)
    report.checkpoints, problems = checkpoint_chain.check(trusted_keys, witnessed)
    report.problems.extend(problems)
    return report


def verify_instances(instance_ids: Collection[int]) -> Report:
    """The chains of some instances, with the heads checkpoints recorded for them (for one brand's page);
    `ADMIN_TRAIL` among them stands for the administration trail."""
    report = Report()
    if ADMIN_TRAIL in instance_ids:
        _check_admin_trail(_recorded_heads([ADMIN_TRAIL]).get(ADMIN_TRAIL, []), report)
        instance_ids = [instance_id for instance_id in instance_ids if instance_id != ADMIN_TRAIL]
    if instance_ids:
        query = select(*_EVENT_COLUMNS).where(AuditEvent.instance_id.in_(list(instance_ids)))
        _check_chains(_stream(query), _recorded_heads(instance_ids), report)
    return report


def _check_admin_trail(recorded: list[RecordedHead], report: Report) -> None:
    rows = session.execute(select(*_ADMIN_COLUMNS).order_by(AdminEvent.seq).execution_options(
        yield_per=STREAM_BATCH))
    events_before = report.events
    problem = _check_chain(ADMIN_TRAIL, rows, recorded, report, chain.ADMIN_CHAINED_FIELDS)
    report.chains += report.events > events_before
    if problem is not None:
        report.problems.append(problem)


def _stream(query: Any) -> Iterator[Row[Any]]:
    ordered = query.order_by(AuditEvent.instance_id, AuditEvent.seq).execution_options(yield_per=STREAM_BATCH)
    yield from session.execute(ordered)


def _recorded_heads(instance_ids: Collection[int] | None) -> dict[int, list[RecordedHead]]:
    query = select(AuditCheckpointHead.instance_id, AuditCheckpointHead.checkpoint_id, AuditCheckpointHead.seq,
                   AuditCheckpointHead.hash)
    if instance_ids is not None:
        query = query.where(AuditCheckpointHead.instance_id.in_(list(instance_ids)))
    recorded: dict[int, list[RecordedHead]] = defaultdict(list)
    for instance_id, checkpoint_id, seq, head_hash in session.execute(query):
        recorded[instance_id].append(RecordedHead(checkpoint_id, seq, head_hash))
    return recorded


def _check_chains(rows: Iterable[Row[Any]], recorded: dict[int, list[RecordedHead]], report: Report) -> None:
    seen: set[int] = set()
    for instance_id, events in groupby(rows, key=lambda row: row.instance_id):
        seen.add(instance_id)
        report.chains += 1
        problem = _check_chain(instance_id, events, recorded.get(instance_id, []), report)
        if problem is not None:
            report.problems.append(problem)
    for instance_id in sorted(set(recorded) - seen):
        head = max(recorded[instance_id], key=lambda h: h.seq)
        report.problems.append(Problem(
            N_("Instance %(instance)s has no audit events left, but checkpoint %(checkpoint)s recorded %(seq)s of "
               "them: they were deleted."),
            {"instance": instance_id, "checkpoint": head.checkpoint_id, "seq": head.seq}, instance_id))


def _check_chain(instance_id: int, events: Iterable[Row[Any]], recorded: list[RecordedHead], report: Report,
                 names: tuple[str, ...] = chain.CHAINED_FIELDS) -> Problem | None:
    """The first problem of one chain; later events of a broken chain cannot be trusted either."""
    expected = {head.seq: head for head in recorded}
    prev_hash, last_seq, problem = chain.GENESIS, 0, None
    for event in events:
        report.events += 1
        if problem is not None:
            continue
        where = {"event": event.id, "instance": instance_id, "seq": event.seq}
        fields = {name: getattr(event, name) for name in names}
        fields["at"] = chain.chained_time(event.at)
        if event.seq != last_seq + 1:
            problem = Problem(N_("Audit event %(event)s (%(chain)s, #%(seq)s): events #%(first)s to #%(last)s "
                                 "before it are missing: rows were deleted."),
                              {**where, "first": last_seq + 1, "last": event.seq - 1}, instance_id, event.id)
        elif event.prev_hash != prev_hash:
            problem = Problem(N_("Audit event %(event)s (%(chain)s, #%(seq)s) does not follow the event before it: "
                                 "rows were deleted or reordered."), where, instance_id, event.id)
        elif chain.link(prev_hash, fields, names) != event.hash:
            problem = Problem(N_("Audit event %(event)s (%(chain)s, #%(seq)s) does not match its hash: the row was "
                                 "edited or moved."), where, instance_id, event.id)
        elif event.seq in expected and expected[event.seq].hash != event.hash:
            problem = Problem(N_("Audit event %(event)s (%(chain)s, #%(seq)s) differs from what checkpoint "
                                 "%(checkpoint)s recorded: the chain was rewritten."),
                              {**where, "checkpoint": expected[event.seq].checkpoint_id}, instance_id, event.id)
        prev_hash, last_seq = event.hash, event.seq
    missing = [head for head in recorded if head.seq > last_seq]
    if problem is None and missing:
        head = max(missing, key=lambda h: h.seq)
        problem = Problem(N_("The chain of %(chain)s ends at event #%(last)s, but checkpoint %(checkpoint)s "
                             "recorded event #%(seq)s: the newest events were deleted."),
                          {"instance": instance_id, "last": last_seq, "checkpoint": head.checkpoint_id,
                           "seq": head.seq}, instance_id)
    return problem
