"""Uploaded files, stored on disk by content hash; task data holds only their id."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from webapp.clock import now_utc
from webapp.db import Base


class Attachment(Base):
    __tablename__ = "attachment"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    """The SHA-256 of the content."""
    name: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    uploaded_at: Mapped[datetime] = mapped_column(default=now_utc)
