"""Reads over the region tree."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Select, false, or_, select

from webapp.db import ReadCache, session
from webapp.i18n import translate
from webapp.regions.models import Region, RegionLevel
from webapp.vocabulary import LANES

_codes_at_level: ReadCache[str | None] = ReadCache()


def get(code: str) -> Region | None:
    return session.get(Region, code)


def ancestor_at_level(code: str, level: str) -> Region | None:
    """The region at `level` on the path of `code` (the region itself if it is at that level)."""
    region = get(code)
    if region is None:
        return None
    return session.scalars(
        select(Region).where(Region.code.in_(region.ancestor_codes), Region.level == level)
    ).first()


def code_at_level(code: str, level: str) -> str | None:
    """The code of `ancestor_at_level`, remembered: every task a case reaches asks it."""
    def read() -> str | None:
        region = ancestor_at_level(code, level)
        return region.code if region else None
    return _codes_at_level.get((code, level), read)


def forget_cached() -> None:
    """After a region is added: a code asked about before it existed may now have an answer."""
    _codes_at_level.clear()


def ancestors(code: str) -> list[Region]:
    region = get(code)
    if region is None:
        return []
    found = {r.code: r for r in session.scalars(select(Region).where(Region.code.in_(region.ancestor_codes)))}
    return [found[c] for c in region.ancestor_codes if c in found]


def path_codes(code: str | None) -> list[str]:
    """The codes from the root down to `code` (itself included); empty for no or an unknown region."""
    region = get(code) if code else None
    return region.ancestor_codes if region else []


def level_names(key: str | None) -> dict[str, str]:
    """A level's names as a stored message names it: `level` in Chinese with its English twin `level_en`."""
    level = next((lv for lv in all_levels() if lv.key == key), None)
    return {"level": level.name_zh, "level_en": level.name_en} if level else {"level": key or "", "level_en": key or ""}


def lane_names(english: bool) -> dict[str, str]:
    """Every lane a diagram may have, key -> name in that language: the levels from the top down (a
    lane's name is a level key, because the engine reads it), then the applicant's own lane."""
    names = {level.key: level.name_en if english else level.name_zh for level in all_levels()}
    return names | {key: translate(name) for key, name in LANES.items()}


def all_levels() -> list[RegionLevel]:
    return list(session.scalars(select(RegionLevel).order_by(RegionLevel.rank)))


def root() -> Region | None:
    """The region above all others (the nation)."""
    return session.scalars(select(Region).where(Region.parent_code.is_(None)).order_by(Region.code).limit(1)).first()


def codes_within(codes: Iterable[str]) -> Select[tuple[str]]:
    """The codes of these regions and of every region below them (nothing when `codes` is empty)."""
    wanted = [Region.path.contains(f"/{code}/", autoescape=True) for code in codes]
    return select(Region.code).where(or_(*wanted) if wanted else false())
