"""Messages to a creation unit (an exit decided, a check passed), shown on its pages."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from webapp.clock import now_utc
from webapp.db import Base


class Notification(Base):
    __tablename__ = "notification"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_key: Mapped[str] = mapped_column(String(60), index=True)
    message: Mapped[str] = mapped_column(String(300))
    """A message id, translated when shown (webapp.i18n.translate)."""
    params: Mapped[dict[str, Any]]
    created_at: Mapped[datetime] = mapped_column(default=now_utc)
