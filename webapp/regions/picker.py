"""The regions a person may choose on a page, each named with its parents (陕西省 › 宝鸡市 › 岐山县), for
the one region picker (`web/region_picker.html`). Pages offer these and the server still checks the code
that comes back: a picker limits what is shown, never what is allowed."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import NamedTuple

from sqlalchemy import Select, func, select

from webapp.db import session
from webapp.errors import Forbidden
from webapp.i18n import _
from webapp.regions.models import Region, RegionLevel
from webapp.regions.queries import codes_within

SEPARATOR = " › "
MAX_CHOICES = 3000
"""A picker lists at most this many regions: below a large jurisdiction its deepest levels are left out
(a nation's villages), which nobody chooses from that high up."""


class RegionChoice(NamedTuple):
    code: str
    label: str
    """The names from the province down, the region's own last."""
    name: str
    parent: str
    """The parent's code when the parent is offered too (the picker cascades from it), else empty."""


def choices(within: Iterable[str] | None, *, levels: Collection[str] | None = None,
            below_only: bool = False) -> list[RegionChoice]:
    """The regions at or below `within` (every region for None), parents before their children.
    `levels` keeps only regions at these levels; `below_only` leaves out the regions of `within` themselves."""
    tops = None if within is None else sorted(set(within))
    query = select(Region)
    if tops is not None:
        query = query.where(Region.code.in_(codes_within(tops)))
    if below_only and tops:
        query = query.where(Region.code.not_in(tops))
    if levels is not None:
        query = query.where(Region.level.in_(levels))
    query = query.where(Region.level.in_(_levels_that_fit(query)))
    found = list(session.scalars(query.order_by(Region.path)))
    return _named(found)


def choice_for(code: str | None) -> RegionChoice | None:
    """One region as a choice (e.g. the region a saved form holds, outside what may be chosen now)."""
    region = session.get(Region, code) if code else None
    return _named([region])[0] if region else None


def _levels_that_fit(query: Select[tuple[Region]]) -> list[str]:
    """The highest levels whose regions together stay within MAX_CHOICES (at least the highest one)."""
    subquery = query.subquery()
    counts = session.execute(select(RegionLevel.key, func.count()).join(subquery, subquery.c.level == RegionLevel.key)
                             .group_by(RegionLevel.key, RegionLevel.rank).order_by(RegionLevel.rank)).all()
    kept: list[str] = []
    total = 0
    for key, count in counts:
        total += count
        if kept and total > MAX_CHOICES:
            break
        kept.append(key)
    return kept


def _named(found: list[Region]) -> list[RegionChoice]:
    offered = {region.code for region in found}
    wanted = {code for region in found for code in region.ancestor_codes}
    names = dict(session.execute(select(Region.code, Region.name).where(Region.code.in_(wanted))).all())
    return [RegionChoice(code=region.code, label=_label(region, names), name=region.name,
                         parent=region.parent_code if region.parent_code in offered else "") for region in found]


def _label(region: Region, names: dict[str, str]) -> str:
    """The path without the nation, which every region shares, unless the region is the nation itself."""
    path = region.ancestor_codes[1:] or region.ancestor_codes
    return SEPARATOR.join(names.get(code, code) for code in path)


def narrowed(within: list[str] | None, code: str) -> list[str]:
    """A filter's region in place of the reader's jurisdiction (`within`, None for no limit): the region
    and what lies below it. One outside the jurisdiction is refused, by name."""
    region = session.get(Region, code)
    if within is not None and region is not None and not set(region.ancestor_codes) & set(within):
        raise Forbidden(_("%(region)s is outside your jurisdiction.", region=region.name))
    return [code]


def unknown(code: str) -> list[str]:
    """What is wrong with a code sent back by a picker: nothing, or that no region has it (a stale
    page or a hand-made address; the picker itself offers only real regions)."""
    return [_("Choose a region from the list.")] if code and session.get(Region, code) is None else []
