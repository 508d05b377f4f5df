"""What the desk adds to a task besides its form: opinions asked of colleagues (加签)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Text
from sqlalchemy.orm import Mapped, mapped_column

from webapp.clock import now_utc
from webapp.db import Base


class Consultation(Base):
    """加签: the holder of a task asks a colleague for an opinion before deciding; the opinion shows on
    the task page and the task never leaves the holder. The consultant may read the case meanwhile."""

    __tablename__ = "consultation"
    __table_args__ = (Index("ix_consultation_consultant", "consultant_id", "answered_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("human_task.id"), index=True)
    instance_id: Mapped[int] = mapped_column(ForeignKey("process_instance.id"), index=True)
    asked_by_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    consultant_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    question: Mapped[str] = mapped_column(Text)
    opinion: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=now_utc)
    answered_at: Mapped[datetime | None]

    def __repr__(self) -> str:
        return f"<Consultation {self.id} task={self.task_id} consultant={self.consultant_id}>"
