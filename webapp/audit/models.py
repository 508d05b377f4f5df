"""The audit trail: append-only, one row per change, hash-chained per instance (DESIGN.md §6), and the
administration trail beside it: one chain of the administrators' and operators' actions."""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from webapp.clock import now_utc
from webapp.db import Base


class AuditAction(StrEnum):
    INSTANCE_STARTED = "instance_started"
    TASK_CLAIMED = "task_claimed"
    TASK_UNCLAIMED = "task_unclaimed"
    TASK_COMPLETED = "task_completed"
    TIMER_FIRED = "timer_fired"
    LEVEL_RECOGNIZED = "level_recognized"
    INSTANCE_FINISHED = "instance_finished"
    BRAND_EXITED = "brand_exited"
    CERTIFICATE_ISSUED = "certificate_issued"
    CERTIFICATE_REISSUED = "certificate_reissued"
    CERTIFICATE_REVOKED = "certificate_revoked"
    INSTANCE_MIGRATED = "instance_migrated"
    WARNING = "warning"
    DEADLINE_MOVED = "deadline_moved"
    """A due date or time limit counted again after a year's holidays were entered."""
    URGED = "urged"
    """催办: someone urged the holders of the case's open tasks."""
    COPIED = "copied"
    """抄送: a reviewer copied their decision to other people, who may now read the case."""
    ESCALATED = "escalated"
    """A task overdue by its `escalateAfter` working days was reported to the officials above it."""
    TASK_TRANSFERRED = "task_transferred"
    """转办: the holder handed the task to a colleague, with a reason."""
    TASK_DELEGATED = "task_delegated"
    """委派: the holder asked a colleague to prepare the decision."""
    TASK_RESOLVED = "task_resolved"
    """The delegate prepared the decision; the task went back to its holder."""
    OPINION_ASKED = "opinion_asked"
    """加签: the holder asked colleagues for their opinion."""
    OPINION_GIVEN = "opinion_given"
    TASK_REASSIGNED = "task_reassigned"
    """An official of the level above, or an administrator of the region, gave the task to someone else."""
    TASK_RELEASED = "task_released"
    """A task was taken from its holder back to its group (by a supervisor, or when he was deactivated)."""
    TASK_WITHDRAWN = "task_withdrawn"
    """撤回: who completed a step took it back before the next one was acted on."""
    CASE_RETURNED = "case_returned"
    """驳回: a level sent the case back to an earlier level's decision."""
    APPLICATION_WITHDRAWN = "application_withdrawn"
    """The creation unit took its application back before the village acted on it."""
    EXPERT_DECLINED = "expert_declined"
    """An expert declared a conflict of interest and withdrew from the panel."""
    EXPERT_REPLACED = "expert_replaced"


class AuditEvent(Base):
    __tablename__ = "audit_event"
    __table_args__ = (
        UniqueConstraint("instance_id", "seq"),
        # the cases a person acted on as applicant, which he may not review (review/queries._own_cases)
        Index("ix_audit_event_applicant", "actor_id", "instance_id", postgresql_where=text("role = 'applicant'"),
              sqlite_where=text("role = 'applicant'")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    instance_id: Mapped[int] = mapped_column(ForeignKey("process_instance.id"), index=True)
    seq: Mapped[int]
    at: Mapped[datetime] = mapped_column(default=now_utc, index=True)
    action: Mapped[AuditAction] = mapped_column(String(40), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), index=True)
    actor_name: Mapped[str | None] = mapped_column(String(100))
    role: Mapped[str | None] = mapped_column(String(40))
    region_code: Mapped[str | None] = mapped_column(String(12))
    lane: Mapped[str | None] = mapped_column(String(40))
    task_uuid: Mapped[str | None] = mapped_column(String(36))
    bpmn_id: Mapped[str | None] = mapped_column(String(100))
    task_name: Mapped[str | None] = mapped_column(String(200))
    decision: Mapped[str | None] = mapped_column(String(60))
    data: Mapped[dict[str, Any] | None]
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))

    def __repr__(self) -> str:
        return f"<AuditEvent {self.id} instance={self.instance_id} #{self.seq} {self.action}>"


class AdminAction(StrEnum):
    """What administrators and operators do outside any case (管理操作)."""

    USER_CREATED = "user_created"
    ROLES_GRANTED = "roles_granted"
    ROLES_REVOKED = "roles_revoked"
    UNIT_CHANGED = "unit_changed"
    USER_DEACTIVATED = "user_deactivated"
    USER_REACTIVATED = "user_reactivated"
    PASSWORD_RESET = "password_reset"
    PROCESS_DEPLOYED = "process_deployed"
    FORMS_DEPLOYED = "forms_deployed"
    CASES_MIGRATED = "cases_migrated"
    SCHEMA_UPGRADED = "schema_upgraded"
    CALENDAR_ENTERED = "calendar_entered"
    SIGNING_KEYS_CREATED = "signing_keys_created"
    SIGNING_KEY_IMPORTED = "signing_key_imported"
    CERTIFICATE_REVOKED = "certificate_revoked"
    REISSUE_STARTED = "reissue_started"
    CAMPAIGN_STARTED = "campaign_started"
    CAMPAIGN_SCHEDULED = "campaign_scheduled"
    DELIVERY_RETRIED = "delivery_retried"
    SUBSTITUTE_SET = "substitute_set"
    SUBSTITUTE_CANCELLED = "substitute_cancelled"
    TASKS_RELEASED = "tasks_released"
    """A deactivated user's claimed and assigned tasks went back to their groups."""
    SCENARIO_SAVED = "scenario_saved"
    SCENARIO_DELETED = "scenario_deleted"


ADMIN_TRAIL = 0
"""The administration trail's place among the chain heads a checkpoint records: instance ids start at 1."""


class AdminEvent(Base):
    """One administrative action, hash-chained after the one before it (a single chain: they are rare)."""

    __tablename__ = "admin_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(unique=True)
    at: Mapped[datetime] = mapped_column(default=now_utc, index=True)
    action: Mapped[AdminAction] = mapped_column(String(40), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), index=True)
    actor_name: Mapped[str] = mapped_column(String(100))
    """The user's name, or `command line (account@host)` for the operator's commands."""
    region_code: Mapped[str | None] = mapped_column(String(12), index=True)
    """The smallest region covering what changed; None for the whole installation (a deployment, say)."""
    subject: Mapped[str] = mapped_column(String(200))
    """What it was done to, in a few words: `user 12 wang`, `recommendation v3`, `certificate LB-…`."""
    data: Mapped[dict[str, Any] | None]
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


CHECKPOINT_EVERY = timedelta(hours=1)
"""How often the worker signs a checkpoint; an event older than this should be under one."""


class AuditCheckpoint(Base):
    """A signed statement of every chain head that changed since the previous checkpoint.

    Checkpoints form their own chain (`seq`, `prev_hash`), so deleting a chain's newest events, or a whole
    instance's events, no longer goes unnoticed: the head a checkpoint recorded must still exist. Each one
    is also written to the witness outside the database (audit/witness.py), so that deleting checkpoints,
    the newest included, does not go unnoticed either.
    """

    __tablename__ = "audit_checkpoint"

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(unique=True)
    """1, 2, 3, … with no gap; signed."""
    at: Mapped[datetime] = mapped_column(default=now_utc)
    prev_hash: Mapped[str] = mapped_column(String(64), unique=True)
    """Unique: two checkpoints made at the same moment cannot both follow the same one."""
    heads_digest: Mapped[str] = mapped_column(String(64))
    heads_count: Mapped[int]
    public_key: Mapped[str] = mapped_column(String(64))
    """The Ed25519 public key (hex) whose private half signed this checkpoint."""
    signature: Mapped[str] = mapped_column(String(128))
    hash: Mapped[str] = mapped_column(String(64))


class AuditCheckpointHead(Base):
    """One chain head (instance, seq, hash) as a checkpoint recorded it."""

    __tablename__ = "audit_checkpoint_head"
    __table_args__ = (UniqueConstraint("checkpoint_id", "instance_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    checkpoint_id: Mapped[int] = mapped_column(ForeignKey("audit_checkpoint.id"))
    instance_id: Mapped[int] = mapped_column(index=True)
    """Not a foreign key: a checkpoint must outlive a deleted instance to report it."""
    seq: Mapped[int]
    hash: Mapped[str] = mapped_column(String(64))


class VerificationStatus(StrEnum):
    REQUESTED = "requested"
    RUNNING = "running"
    INTACT = "intact"
    BROKEN = "broken"


class AuditVerification(Base):
    """One full verification of the trail, requested from the auditor's page or run by the CLI."""

    __tablename__ = "audit_verification"

    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[VerificationStatus] = mapped_column(String(20), default=VerificationStatus.REQUESTED)
    requested_at: Mapped[datetime] = mapped_column(default=now_utc)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    finished_at: Mapped[datetime | None]
    events: Mapped[int | None]
    chains: Mapped[int | None]
    checkpoints: Mapped[int | None]
    problems: Mapped[int | None]
    first_problem: Mapped[dict[str, Any] | None]
    """The first problem found, as a message id and its parameters (translated when shown)."""
