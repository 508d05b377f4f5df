"""Exports that run in the background worker, with their progress (导出任务)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from webapp.clock import now_utc
from webapp.db import Base


class ExportStatus(StrEnum):
    PENDING = "pending"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class ExportJob(Base):
    __tablename__ = "export_job"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    """What is exported and how, e.g. `library.xlsx`, `dashboard.csv`, `library.pdf`."""
    params: Mapped[dict[str, Any]]
    """The filters of the page the export was asked from."""
    status: Mapped[ExportStatus] = mapped_column(String(20), default=ExportStatus.PENDING, index=True)
    total: Mapped[int | None]
    done: Mapped[int] = mapped_column(default=0)
    file_path: Mapped[str | None] = mapped_column(String(500))
    error: Mapped[str | None] = mapped_column(Text)
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"), index=True)
    requested_at: Mapped[datetime] = mapped_column(default=now_utc)
    finished_at: Mapped[datetime | None]
