"""The labor brand resource library (劳务品牌资源库): one entry per brand, level and region."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from webapp.clock import now_utc
from webapp.db import Base


class EntryStatus(StrEnum):
    ACTIVE = "active"
    EXITED = "exited"


class LibraryEntry(Base):
    __tablename__ = "library_entry"
    __table_args__ = (Index("ix_library_entry_level_region", "level", "region_code", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    brand_id: Mapped[int] = mapped_column(ForeignKey("brand.id"), index=True)
    level: Mapped[str] = mapped_column(String(40))
    region_code: Mapped[str] = mapped_column(ForeignKey("region.code"))
    status: Mapped[EntryStatus] = mapped_column(String(20), default=EntryStatus.ACTIVE)
    application_id: Mapped[int | None] = mapped_column(ForeignKey("application.id"))
    entered_at: Mapped[datetime] = mapped_column(default=now_utc)
    exited_at: Mapped[datetime | None]
    exit_reason: Mapped[str | None] = mapped_column(Text)

    def __repr__(self) -> str:
        return f"<LibraryEntry {self.id} brand={self.brand_id} {self.level}@{self.region_code} {self.status}>"


class PolicyTarget(Base):
    """A number a policy sets for a region, which the dashboard compares with the library (政策目标),
    e.g. Jilin: at least 5 national brands by 2025."""

    __tablename__ = "policy_target"

    id: Mapped[int] = mapped_column(primary_key=True)
    region_code: Mapped[str] = mapped_column(ForeignKey("region.code"), index=True)
    metric: Mapped[str] = mapped_column(String(40))
    """What is counted, e.g. `brands` (active library entries) or `recommended_upward`."""
    level: Mapped[str | None] = mapped_column(String(40))
    brand_type: Mapped[str | None] = mapped_column(String(20))
    target: Mapped[int]
    due_year: Mapped[int]
    label: Mapped[str] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(String(200))
    """The policy document that sets it."""
