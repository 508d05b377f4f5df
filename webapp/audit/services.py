"""Writing audit events: steps called inside the command that made the change."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from webapp import signals
from webapp.audit import chain, checkpoints, verify
from webapp.audit.models import AuditAction, AuditEvent, AuditVerification, VerificationStatus
from webapp.auth.models import User
from webapp.clock import now_utc
from webapp.command_log import logged
from webapp.db import session, skipping_locked, transaction
from webapp.engine import HumanTask, Outcome, ProcessInstance


def record(instance: ProcessInstance, action: AuditAction, *, actor: User | None = None,
           task: HumanTask | None = None, decision: str | None = None, data: dict[str, Any] | None = None,
           lane: str | None = None, role: str | None = None, region_code: str | None = None,
           actor_name: str | None = None) -> AuditEvent:
    """Append one event to the instance's chain; the caller holds the instance lock. `actor_name` names
    who acted when no user did (the operator's command line: `admin_trail.actor_name`)."""
    fields: dict[str, Any] = {
        "instance_id": instance.id,
        "seq": instance.audit_seq + 1,
        "at": now_utc().replace(microsecond=0),
        "action": str(action),
        "actor_id": actor.id if actor else None,
        "actor_name": actor.display_name if actor else actor_name,
        "role": role or (task.candidate_group if task else None),
        "region_code": region_code or (task.region_code if task else None),
        "lane": lane or (task.lane if task else None),
        "task_uuid": task.task_uuid if task else None,
        "bpmn_id": task.bpmn_id if task else None,
        "task_name": task.name if task else None,
        "decision": decision,
        "data": data,
    }
    prev_hash = instance.audit_head or chain.GENESIS
    event = AuditEvent(**{**fields, "action": action}, prev_hash=prev_hash,
                       hash=chain.link(prev_hash, {**fields, "at": chain.chained_time(fields["at"])}))
    instance.audit_seq, instance.audit_head = event.seq, event.hash
    session.add(event)
    return event


def case_advanced(instance: ProcessInstance, outcome: Outcome, *, actor: User | None, task: HumanTask | None,
                  data: dict[str, Any] | None) -> None:
    """Step: a case advanced (案件推进), called after the engine step of every command that moves a case.
    Records the automatic part of the action in the case's chain, then tells the other packages
    (`signals.instance_advanced`, with these arguments). A receiver that starts another case in turn
    hands that step back; it runs once every receiver has seen this case, so no dispatch nests in another."""
    _record_outcome(instance, outcome)
    answers = signals.instance_advanced.send(instance.process_key, instance=instance, outcome=outcome, actor=actor,
                                             task=task, data=data)
    for _receiver, then in answers:
        if then is not None:
            then()


def _record_outcome(instance: ProcessInstance, outcome: Outcome) -> None:
    """The automatic part of an action: timers that fired, levels recognized, the end, warnings."""
    for step in outcome.timers_fired:
        record(instance, AuditAction.TIMER_FIRED, lane=step.lane, data={"element": step.bpmn_id, "name": step.name})
    for lane in outcome.recognitions:
        record(instance, AuditAction.LEVEL_RECOGNIZED, lane=lane)
    for message, params in outcome.warnings:
        record(instance, AuditAction.WARNING, data={"message": message, "params": params})
    if outcome.finished:
        record(instance, AuditAction.INSTANCE_FINISHED, decision=outcome.end_outcome)


@logged("audit verification {result.id} requested by user {actor.id}")
def request_verification(actor: User) -> AuditVerification:
    """Command: ask the worker for a full verification (it can take minutes on a large trail)."""
    with transaction():
        pending = session.scalars(select(AuditVerification).where(
            AuditVerification.status.in_([VerificationStatus.REQUESTED, VerificationStatus.RUNNING]))).first()
        if pending is not None:
            return pending
        verification = AuditVerification(requested_by_id=actor.id)
        session.add(verification)
        return verification


def run_verification(verification_id: int | None = None) -> tuple[AuditVerification, verify.Report]:
    """Command: verify the whole trail and keep the result for the auditors' page.

    Verifying reads every event, so it runs in its own read transaction between two short writes.
    """
    with transaction():
        verification = session.get(AuditVerification, verification_id) if verification_id else None
        if verification is None:
            verification = AuditVerification()
            session.add(verification)
        verification.status = VerificationStatus.RUNNING
        session.flush()
        verification_id = verification.id
    report = verify.verify_all(checkpoints.trusted_keys())
    with transaction():
        verification = session.get(AuditVerification, verification_id)
        assert verification is not None  # created above
        verification.status = VerificationStatus.INTACT if report.intact else VerificationStatus.BROKEN
        verification.finished_at = now_utc()
        verification.events, verification.chains = report.events, report.chains
        verification.checkpoints, verification.problems = report.checkpoints, len(report.problems)
        verification.first_problem = report.problems[0].as_json() if report.problems else None
    return verification, report


def run_requested_verification() -> AuditVerification | None:
    """Step for the worker: claim the oldest requested verification, if any, and run it. Another
    worker skips the claimed row (SKIP LOCKED; on SQLite the command transactions take turns)."""
    with transaction():
        query = (select(AuditVerification).where(AuditVerification.status == VerificationStatus.REQUESTED)
                 .order_by(AuditVerification.id).limit(1))
        query = skipping_locked(query)
        requested = session.scalars(query).first()
        if requested is None:
            return None
        requested.status = VerificationStatus.RUNNING
        requested_id = requested.id
    return run_verification(requested_id)[0]
