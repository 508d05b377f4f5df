"""Deployed versions of the task forms, as administrators edit them (the files in `forms/` seed them)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from webapp.clock import now_utc
from webapp.db import Base


class FormVersion(Base):
    """One immutable version of a form: its JSON Schema and its `.ui.json` (order, widgets, English)."""

    __tablename__ = "form_version"
    __table_args__ = (UniqueConstraint("key", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(100), index=True)
    version: Mapped[int]
    schema_text: Mapped[str] = mapped_column(Text)
    """Kept as text: the order of the fields is the order the form shows them (JSONB would sort it)."""
    ui_text: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    deployed_at: Mapped[datetime] = mapped_column(default=now_utc)
    deployed_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))

    def __repr__(self) -> str:
        return f"<FormVersion {self.key} v{self.version}>"
