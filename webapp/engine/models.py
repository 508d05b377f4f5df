"""Engine tables (DESIGN.md §2): definitions, instances with their state, and the inbox."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.clock import now_utc
from webapp.db import Base


class ProcessDefinition(Base):
    """One deployed, immutable version of a process and the files it was parsed from."""

    __tablename__ = "process_definition"
    __table_args__ = (UniqueConstraint("key", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(100), index=True)
    version: Mapped[int]
    name: Mapped[str] = mapped_column(String(200))
    sha256: Mapped[str] = mapped_column(String(64))
    sources: Mapped[dict[str, Any]] = mapped_column(deferred=True)
    """File name -> BPMN or DMN XML text."""
    spec_json: Mapped[str] = mapped_column(Text, deferred=True)
    startable: Mapped[bool] = mapped_column(default=True)
    start_form_key: Mapped[str | None] = mapped_column(String(100))
    deployed_at: Mapped[datetime] = mapped_column(default=now_utc)
    deployed_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))

    def __repr__(self) -> str:
        return f"<ProcessDefinition {self.id} {self.key} v{self.version}>"


class InstanceStatus(StrEnum):
    RUNNING = "running"
    COMPLETED = "completed"


class ProcessInstance(Base):
    """A running or finished case; `state` is the workflow serialized without its spec."""

    __tablename__ = "process_instance"
    __table_args__ = (Index("ix_process_instance_subject", "subject_type", "subject_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    definition_id: Mapped[int] = mapped_column(ForeignKey("process_definition.id"), index=True)
    process_key: Mapped[str] = mapped_column(String(100))
    status: Mapped[InstanceStatus] = mapped_column(String(20), default=InstanceStatus.RUNNING)
    state: Mapped[str] = mapped_column(Text, deferred=True)
    """Read only by the engine, which asks for it (lists and inboxes never load it)."""
    serializer_version: Mapped[str] = mapped_column(String(20))
    subject_type: Mapped[str] = mapped_column(String(40))
    subject_id: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    """What the case is about, as people name it (the brand name)."""
    base_region_code: Mapped[str] = mapped_column(ForeignKey("region.code"), index=True)
    owner_key: Mapped[str | None] = mapped_column(String(60))
    """Who acts for the subject's owner, e.g. `unit:3` for a creation unit's staff."""
    next_timer_at: Mapped[datetime | None] = mapped_column(index=True)
    end_outcome: Mapped[str | None] = mapped_column(String(40))
    started_at: Mapped[datetime] = mapped_column(default=now_utc)
    updated_at: Mapped[datetime] = mapped_column(default=now_utc)
    finished_at: Mapped[datetime | None]
    lock_version: Mapped[int] = mapped_column(default=1)
    audit_seq: Mapped[int] = mapped_column(default=0, server_default="0")
    audit_head: Mapped[str | None] = mapped_column(String(64))
    """The number and hash of the case's last audit event: the head its next event links to, kept here
    so that recording an event never searches the trail (webapp/audit/services.record)."""
    tasks: Mapped[list[HumanTask]] = relationship(order_by="HumanTask.id")
    """Every human task the case ever had, oldest first: loaded with the case when a command locks it
    (`instances.lock`), so a command reads its inbox rows and their history without further queries."""

    __mapper_args__ = {"version_id_col": lock_version}  # noqa: RUF012 - SQLAlchemy's declared form

    def __repr__(self) -> str:
        return f"<ProcessInstance {self.id} {self.process_key} {self.status}>"


class TaskStatus(StrEnum):
    READY = "ready"
    DONE = "done"
    CANCELLED = "cancelled"


class DelegationState(StrEnum):
    PENDING = "pending"
    """The delegate prepares the decision; the holder waits."""
    RESOLVED = "resolved"
    """The delegate is done; the holder completes the task."""


class HumanTask(Base):
    """One human task of an instance, as the inbox shows it; rebuilt after every save."""

    __tablename__ = "human_task"
    __table_args__ = (
        Index("ix_human_task_inbox", "status", "candidate_group", "region_code"),
        Index("ix_human_task_owner", "status", "owner_key"),
        Index("ix_human_task_assignee", "status", "assignee_id"),
        Index("ix_human_task_ready", "candidate_group", "region_code", "due_at", "id", "assignee_id",
              "assigned_by_process", "instance_id", "owner_key", "lane", "bpmn_id", "name", "name_en",
              postgresql_where=text("status = 'ready'"), sqlite_where=text("status = 'ready'")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    instance_id: Mapped[int] = mapped_column(ForeignKey("process_instance.id"), index=True)
    task_uuid: Mapped[str] = mapped_column(String(36), unique=True)
    bpmn_id: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str | None] = mapped_column(String(200))
    """English name from the diagram's `name_en` property, shown in the English interface."""
    lane: Mapped[str | None] = mapped_column(String(40))
    candidate_group: Mapped[str] = mapped_column(String(40))
    form_key: Mapped[str | None] = mapped_column(String(100))
    documentation: Mapped[str | None] = mapped_column(Text)
    region_code: Mapped[str | None] = mapped_column(ForeignKey("region.code"))
    owner_key: Mapped[str | None] = mapped_column(String(60))
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    assigned_by_process: Mapped[bool] = mapped_column(default=False)
    """True when the diagram named the assignee (camunda:assignee); such a task cannot be unclaimed."""
    status: Mapped[TaskStatus] = mapped_column(String(20), default=TaskStatus.READY)
    due_at: Mapped[datetime | None] = mapped_column(index=True)
    due_counted_from: Mapped[datetime | None]
    due_working_days: Mapped[int | None]
    """When the due date counts Chinese working days: from when, and how many (to recount it)."""
    due_assumed_years: Mapped[str | None] = mapped_column(String(40))
    """Years (e.g. `2027`) whose holidays were unknown, so the due date counted Monday-Friday."""
    created_at: Mapped[datetime] = mapped_column(default=now_utc)
    claimed_at: Mapped[datetime | None]
    completed_at: Mapped[datetime | None]
    completed_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    submitted: Mapped[dict[str, Any] | None]
    """The validated form data the task was completed with."""
    properties: Mapped[dict[str, Any] | None]
    """The task's `camunda:properties` from the diagram, e.g. `remindBefore` and `escalateAfter`."""
    delegated_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    """委派: the holder who asked the assignee to prepare the decision (Camunda's task owner); the task
    returns to him when the assignee resolves it."""
    delegation_state: Mapped[DelegationState | None] = mapped_column(String(20))
    draft: Mapped[dict[str, Any] | None]
    """The form data a delegate prepared, offered to the holder when he completes the task."""

    def __repr__(self) -> str:
        return f"<HumanTask {self.id} {self.bpmn_id} {self.status}>"
