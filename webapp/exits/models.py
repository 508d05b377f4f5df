"""Exit cases (退出): a brand proposed for removal from the resource library."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from webapp.clock import now_utc
from webapp.db import Base


class ExitOrigin(StrEnum):
    SPOT_CHECK = "spot_check"
    """A yearly spot check found a reason to exit."""
    PROPOSAL = "proposal"
    """An official proposed it with a reason, e.g. a serious breach of integrity."""
    WITHDRAWAL = "withdrawal"
    """The creation unit withdrew the brand voluntarily."""


class ExitCase(Base):
    __tablename__ = "exit_case"

    id: Mapped[int] = mapped_column(primary_key=True)
    brand_id: Mapped[int] = mapped_column(ForeignKey("brand.id"), index=True)
    origin: Mapped[ExitOrigin] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text)
    level: Mapped[str] = mapped_column(String(40))
    """The library level the brand leaves, together with every level above it."""
    instance_id: Mapped[int | None] = mapped_column(ForeignKey("process_instance.id"), index=True)
    outcome: Mapped[str | None] = mapped_column(String(40))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[datetime] = mapped_column(default=now_utc)
    finished_at: Mapped[datetime | None]

    def __repr__(self) -> str:
        return f"<ExitCase {self.id} brand={self.brand_id} {self.origin} {self.outcome}>"
