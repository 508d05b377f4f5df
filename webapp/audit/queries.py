"""Reads over the audit trail."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import select

from webapp.audit import checkpoints, witness
from webapp.audit.models import AuditCheckpoint, AuditEvent, AuditVerification, VerificationStatus
from webapp.db import session


def events_of(instance_id: int) -> list[AuditEvent]:
    return list(session.scalars(select(AuditEvent).where(AuditEvent.instance_id == instance_id)
                                .order_by(AuditEvent.seq)))


def events_of_instances(instance_ids: Collection[int]) -> list[AuditEvent]:
    """One timeline over several instances: by time, then in the order they were written."""
    if not instance_ids:
        return []
    return list(session.scalars(select(AuditEvent).where(AuditEvent.instance_id.in_(list(instance_ids)))
                                .order_by(AuditEvent.at, AuditEvent.id)))


def latest_verification() -> AuditVerification | None:
    """The newest verification, finished or not."""
    return session.scalars(select(AuditVerification).order_by(AuditVerification.id.desc()).limit(1)).first()


def latest_finished_verification() -> AuditVerification | None:
    return session.scalars(select(AuditVerification).where(
        AuditVerification.status.in_([VerificationStatus.INTACT, VerificationStatus.BROKEN]))
        .order_by(AuditVerification.id.desc()).limit(1)).first()


@dataclass(frozen=True)
class CheckpointState:
    """The newest checkpoint in the database beside the newest one the witness holds."""

    latest: AuditCheckpoint | None
    witnessed: witness.Witnessed | None

    @property
    def agrees(self) -> bool:
        if self.latest is None or self.witnessed is None:
            return self.latest is None and self.witnessed is None
        return (self.latest.seq, self.latest.hash) == (self.witnessed.seq, self.witnessed.hash)


def checkpoint_state() -> CheckpointState:
    return CheckpointState(latest=checkpoints.latest(), witnessed=witness.newest())
