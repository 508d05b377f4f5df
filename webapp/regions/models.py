"""Administrative regions (行政区划) and the levels of the region tree."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from webapp.db import Base


class RegionLevel(Base):
    """A level of the region tree (nation, province, city, county, township, village).

    A BPMN lane whose name is a level key is scoped to the region at that level.
    """

    __tablename__ = "region_level"

    key: Mapped[str] = mapped_column(String(30), primary_key=True)
    rank: Mapped[int] = mapped_column(unique=True)
    name_zh: Mapped[str] = mapped_column(String(30))
    name_en: Mapped[str] = mapped_column(String(30))
    authority_suffix: Mapped[str | None] = mapped_column(String(40))
    """Appended to a region's name to name its HR authority: 宝鸡市 + 人力资源和社会保障局.
    Levels without one (township, village) issue no certificates."""

    def __repr__(self) -> str:
        return f"<RegionLevel {self.key} rank={self.rank}>"


class Region(Base):
    """One region with its official code: GB/T 2260 to county level, 9-digit township and 12-digit
    village statistical codes. `path` lists the codes from the root, e.g. `/100000/610000/610300/`."""

    __tablename__ = "region"

    code: Mapped[str] = mapped_column(String(12), primary_key=True)
    name: Mapped[str] = mapped_column(String(60))
    level: Mapped[str] = mapped_column(ForeignKey("region_level.key"), index=True)
    parent_code: Mapped[str | None] = mapped_column(ForeignKey("region.code"), index=True)
    path: Mapped[str] = mapped_column(String(200), index=True)
    provisional: Mapped[bool] = mapped_column(default=False)
    """True when the official code was not found and a placeholder code is used."""

    def __repr__(self) -> str:
        return f"<Region {self.code} {self.name} {self.level}>"

    @property
    def ancestor_codes(self) -> list[str]:
        return [c for c in self.path.split("/") if c]
