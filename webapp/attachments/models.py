"""Uploaded files: one row per upload, the bytes stored on disk once per content hash; task data
holds only the row's id."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from webapp.clock import now_utc
from webapp.db import Base


class Attachment(Base):
    __tablename__ = "attachment"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    """Random for each upload: the same file uploaded twice is two attachments, each with its own
    uploader and name. (Uploads made before each got its own row carry their content's hash.)"""
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    """The content's hash, under which the bytes are stored once however often they are uploaded."""
    name: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    uploaded_at: Mapped[datetime] = mapped_column(default=now_utc)
    application_id: Mapped[int | None] = mapped_column(ForeignKey("application.id"), index=True)
    """The application (a draft at first) whose form named it first."""
    instance_id: Mapped[int | None] = mapped_column(ForeignKey("process_instance.id"), index=True)
    """The case whose form named it: from then on it belongs to that case and no other."""

    @property
    def bound_to(self) -> str | None:
        """The case (or draft) it belongs to, as `permissions.may_reference_attachment` compares it."""
        if self.instance_id is not None:
            return case_key(instance_id=self.instance_id)
        if self.application_id is not None:
            return case_key(application_id=self.application_id)
        return None

    def __repr__(self) -> str:
        return f"<Attachment {self.id} user={self.uploaded_by_id} case={self.bound_to}>"


def case_key(*, instance_id: int | None = None, application_id: int | None = None) -> str | None:
    """A case by its process instance, else a draft by its application; None for neither (a new form)."""
    if instance_id is not None:
        return f"instance:{instance_id}"
    if application_id is not None:
        return f"application:{application_id}"
    return None
