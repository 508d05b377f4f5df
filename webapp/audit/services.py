"""Writing audit events: steps called inside the command that made the change."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from webapp.audit import chain
from webapp.audit.models import AuditAction, AuditEvent
from webapp.auth.models import User
from webapp.clock import now_utc
from webapp.db import session
from webapp.engine import HumanTask, Outcome, ProcessInstance


def record(instance: ProcessInstance, action: AuditAction, *, actor: User | None = None,
           task: HumanTask | None = None, decision: str | None = None, data: dict[str, Any] | None = None,
           lane: str | None = None, role: str | None = None, region_code: str | None = None) -> AuditEvent:
    """Append one event to the instance's chain; the caller holds the instance lock."""
    last = session.scalars(
        select(AuditEvent).where(AuditEvent.instance_id == instance.id).order_by(AuditEvent.seq.desc()).limit(1)
    ).first()
    fields: dict[str, Any] = {
        "instance_id": instance.id,
        "seq": (last.seq + 1) if last else 1,
        "at": now_utc().replace(microsecond=0),
        "action": str(action),
        "actor_id": actor.id if actor else None,
        "actor_name": actor.display_name if actor else None,
        "role": role or (task.candidate_group if task else None),
        "region_code": region_code or (task.region_code if task else None),
        "lane": lane or (task.lane if task else None),
        "task_uuid": task.task_uuid if task else None,
        "bpmn_id": task.bpmn_id if task else None,
        "task_name": task.name if task else None,
        "decision": decision,
        "data": data,
    }
    prev_hash = last.hash if last else chain.GENESIS
    event = AuditEvent(**{**fields, "action": action}, prev_hash=prev_hash,
                       hash=chain.link(prev_hash, {**fields, "at": fields["at"].isoformat()}))
    session.add(event)
    session.flush()
    return event


def record_outcome(instance: ProcessInstance, outcome: Outcome) -> None:
    """The automatic part of an action: timers that fired, levels recognized, the end, warnings."""
    for step in outcome.timers_fired:
        record(instance, AuditAction.TIMER_FIRED, lane=step.lane, data={"element": step.bpmn_id, "name": step.name})
    for lane in outcome.recognitions:
        record(instance, AuditAction.LEVEL_RECOGNIZED, lane=lane)
    for message, params in outcome.warnings:
        record(instance, AuditAction.WARNING, data={"message": message, "params": params})
    if outcome.finished:
        record(instance, AuditAction.INSTANCE_FINISHED, decision=outcome.end_outcome)


def verify_instance(instance_id: int) -> AuditEvent | None:
    """The first event of an instance whose chain does not hold, or None if it is intact."""
    prev_hash = chain.GENESIS
    expected_seq = 1
    for event in session.scalars(select(AuditEvent).where(AuditEvent.instance_id == instance_id)
                                 .order_by(AuditEvent.seq)):
        fields = {name: getattr(event, name) for name in chain.CHAINED_FIELDS}
        fields["at"] = event.at.replace(microsecond=0).isoformat()
        fields["action"] = str(event.action)
        if event.seq != expected_seq or event.prev_hash != prev_hash or chain.link(prev_hash, fields) != event.hash:
            return event
        prev_hash, expected_seq = event.hash, expected_seq + 1
    return None
