"""Brand creation units (培育创建单位), brands (劳务品牌) and their applications (申报)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from webapp.auth.models import unit_owner_key
from webapp.clock import now_utc
from webapp.db import Base, JSONDocument


class BrandType(StrEnum):
    """The four brand types of the national guideline (人社部发〔2021〕66号)."""

    SKILLED = "中高端技能型"
    SERVICE = "高品质服务型"
    CULTURE_TOURISM = "文化和旅游类"
    LIVELIHOOD = "民生保障型"


class CreationUnit(Base):
    """An enterprise, cooperative, association, training body or HR agency that builds a brand."""

    __tablename__ = "creation_unit"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    unit_type: Mapped[str] = mapped_column(String(40))
    region_code: Mapped[str] = mapped_column(ForeignKey("region.code"), index=True)
    credit_code: Mapped[str | None] = mapped_column(String(18))
    """统一社会信用代码, when known."""
    created_at: Mapped[datetime] = mapped_column(default=now_utc)

    @property
    def owner_key(self) -> str:
        return unit_owner_key(self.id)

    def __repr__(self) -> str:
        return f"<CreationUnit {self.id} {self.name}>"


class Brand(Base):
    __tablename__ = "brand"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    brand_type: Mapped[str] = mapped_column(String(20))
    industry: Mapped[str] = mapped_column(String(100))
    base_region_code: Mapped[str] = mapped_column(ForeignKey("region.code"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("creation_unit.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=now_utc)

    def __repr__(self) -> str:
        return f"<Brand {self.id} {self.name}>"


class ApplicationStatus(StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    RETURNED = "returned"
    """Sent back to the applicant for revision; resumes at the level that returned it."""
    FINISHED = "finished"


class Application(Base):
    __tablename__ = "application"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("creation_unit.id"), index=True)
    brand_id: Mapped[int | None] = mapped_column(ForeignKey("brand.id"), index=True)
    status: Mapped[ApplicationStatus] = mapped_column(String(20), default=ApplicationStatus.DRAFT, index=True)
    data: Mapped[dict[str, Any]]
    """The application form as last submitted (or as drafted)."""
    warnings: Mapped[dict[str, Any]] = mapped_column(default=dict)
    """Non-blocking remarks per field, e.g. a brand name outside the naming rule."""
    base_region_code: Mapped[str | None] = mapped_column(ForeignKey("region.code"), index=True)
    current_level: Mapped[str | None] = mapped_column(String(40))
    recognized_levels: Mapped[list[str]] = mapped_column(JSONDocument, default=list)
    instance_id: Mapped[int | None] = mapped_column(ForeignKey("process_instance.id"), index=True)
    outcome: Mapped[str | None] = mapped_column(String(40))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[datetime] = mapped_column(default=now_utc)
    submitted_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=now_utc)
    finished_at: Mapped[datetime | None]

    def __repr__(self) -> str:
        return f"<Application {self.id} {self.status}>"
