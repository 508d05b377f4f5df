"""What the designer keeps besides the versions themselves: rehearsals saved as scenarios."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from webapp.clock import now_utc
from webapp.db import Base


class RehearsalScenario(Base):
    """A synthetic case an administrator tried and kept: every deploy of its process runs it again
    and says whether the new version takes it along another path."""

    __tablename__ = "rehearsal_scenario"
    __table_args__ = (UniqueConstraint("process_key", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    process_key: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(100))
    base_region_code: Mapped[str] = mapped_column(ForeignKey("region.code"))
    choices: Mapped[dict[str, Any]]
    """BPMN id of a task -> the decisions taken there, in order (the last one repeats)."""
    path: Mapped[dict[str, Any]]
    """The path it took when saved: `steps` ({bpmn_id, name, decision}), `outcome`, `stopped`."""
    saved_at: Mapped[datetime] = mapped_column(default=now_utc)
    saved_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))

    def __repr__(self) -> str:
        return f"<RehearsalScenario {self.id} {self.process_key} {self.name!r}>"
