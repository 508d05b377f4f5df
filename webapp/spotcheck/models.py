"""Yearly spot checks (年度抽查): campaigns, their schedules, and the sampled brands."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from webapp.clock import now_utc
from webapp.db import Base


class CampaignSchedule(Base):
    """A campaign the worker starts by itself every year on a date (Beijing time)."""

    __tablename__ = "campaign_schedule"

    id: Mapped[int] = mapped_column(primary_key=True)
    region_code: Mapped[str] = mapped_column(ForeignKey("region.code"))
    """The libraries in scope: those of this region and every region below it."""
    month: Mapped[int]
    day: Mapped[int]
    sample_rate: Mapped[float] = mapped_column(default=0.2)
    next_run_on: Mapped[date]
    """The next date the campaign starts; a schedule made after this year's date waits a year."""
    active: Mapped[bool] = mapped_column(default=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))


class Campaign(Base):
    __tablename__ = "campaign"
    __table_args__ = (UniqueConstraint("schedule_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int]
    region_code: Mapped[str] = mapped_column(ForeignKey("region.code"))
    sample_rate: Mapped[float]
    seed: Mapped[str] = mapped_column(String(60))
    """With the same libraries, the same seed draws the same sample."""
    schedule_id: Mapped[int | None] = mapped_column(ForeignKey("campaign_schedule.id"))
    started_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    started_by_name: Mapped[str | None] = mapped_column(String(100))
    """Who started it: an official, the operator's command line, or a schedule; its checks start in that name."""
    started_at: Mapped[datetime] = mapped_column(default=now_utc)
    active_brands: Mapped[int] = mapped_column(default=0)
    """How many active brands the libraries in scope held when the sample was drawn."""


class SpotCheckStatus(StrEnum):
    PLANNED = "planned"
    RUNNING = "running"
    FINISHED = "finished"


class SpotCheck(Base):
    __tablename__ = "spot_check"
    __table_args__ = (UniqueConstraint("campaign_id", "brand_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id"), index=True)
    brand_id: Mapped[int] = mapped_column(ForeignKey("brand.id"), index=True)
    level: Mapped[str] = mapped_column(String(40))
    """The library level the brand was drawn from; an exit it leads to starts there."""
    status: Mapped[SpotCheckStatus] = mapped_column(String(20), default=SpotCheckStatus.PLANNED, index=True)
    outcome: Mapped[str | None] = mapped_column(String(40))
    """passed | rectified | exit_proposed"""
    instance_id: Mapped[int | None] = mapped_column(ForeignKey("process_instance.id"), index=True)
    finished_at: Mapped[datetime | None]
