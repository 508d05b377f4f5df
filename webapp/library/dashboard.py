"""The dashboard against policy targets (pure reads): for one region of the reader's jurisdiction, the
library's active brands by level, type, child region and year, each policy target with its progress,
one-county-one-brand coverage, the recommendation pipeline and overdue tasks.

A brand belongs to a region by its base region (where its workers come from), whatever level
recognized it: Baoji's brands recognized by the province still count for Baoji. Counts are "as of" a
moment: the end of the chosen year, or now."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from statistics import median
from typing import Any

from sqlalchemy import select

from webapp.applications.models import Application, ApplicationStatus, Brand, BrandType, CreationUnit
from webapp.audit.models import AuditAction, AuditEvent
from webapp.auth import queries as people
from webapp.auth.models import User
from webapp.clock import now_utc
from webapp.db import session
from webapp.engine.models import HumanTask, ProcessInstance, TaskStatus
from webapp.errors import Forbidden, NotFound
from webapp.i18n import _
from webapp.library.models import EntryStatus, LibraryEntry, PolicyTarget
from webapp.regions import queries as regions
from webapp.regions.models import Region
from webapp.workdays.calendar import CHINA


def brand_levels() -> list[str]:
    """The levels that recognize brands, top down: those with an HR authority to sign certificates
    (the region tree's levels table, not a list here; a township gets none)."""
    return [level.key for level in regions.all_levels() if level.authority_suffix]


TRAINING_UNIT_WORD = "培训"
"""A creation unit whose type names training (培训机构, 培训基地) counts as a training base."""


@dataclass(frozen=True)
class Scope:
    region: Region
    as_of: datetime
    year: int | None
    roots: list[Region]
    """The regions of the reader's grants (the top of what they may pick)."""


@dataclass(frozen=True)
class TargetProgress:
    target: PolicyTarget
    actual: int

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.actual / self.target.target)) if self.target.target > 0 else 100

    @property
    def met(self) -> bool:
        return self.actual >= self.target.target


def jurisdiction(user: User) -> list[Region]:
    """The regions where the user reads cases (officials, auditors, administrators); 403 otherwise."""
    codes = sorted(people.case_reader_codes(user))
    found = [region for code in codes if (region := regions.get(code)) is not None]
    if not found:
        raise Forbidden(_("The dashboard is for officials, auditors and administrators."))
    return found


def scope(user: User, region_code: str | None, year: int | None) -> Scope:
    roots = jurisdiction(user)
    region = regions.get(region_code) if region_code else roots[0]
    if region is None or not any(root.code in region.ancestor_codes for root in roots):
        raise NotFound(_("No region of your jurisdiction has this code."))
    as_of = datetime(year + 1, 1, 1, tzinfo=CHINA) if year else now_utc()
    return Scope(region=region, as_of=min(as_of, now_utc()), year=year, roots=roots)


def _within(scope_region: Region) -> Any:
    return Region.path.like(f"{scope_region.path}%")


def active_brands(scope: Scope) -> list[tuple[int, str, str, str, datetime]]:
    """(brand id, type, entry level, base region path, entered at) of every library entry active at
    `as_of` whose brand's base region lies in the region."""
    rows = session.execute(
        select(Brand.id, Brand.brand_type, LibraryEntry.level, Region.path, LibraryEntry.entered_at,
               LibraryEntry.status, LibraryEntry.exited_at)
        .join(LibraryEntry, LibraryEntry.brand_id == Brand.id)
        .join(Region, Region.code == Brand.base_region_code)
        .where(_within(scope.region), LibraryEntry.entered_at < scope.as_of))
    return [(brand, kind, level, path, entered) for brand, kind, level, path, entered, status, exited in rows
            if status == EntryStatus.ACTIVE or (exited is not None and exited >= scope.as_of)]


def measure(scope: Scope, target: PolicyTarget, entries: list[tuple[int, str, str, str, datetime]]) -> int:
    """What the system counts for a target (see `METRIC_MEANINGS`)."""
    if target.metric == "brands":
        levels = set(target.level.split(",")) if target.level else None
        return len({brand for brand, kind, level, _path, _at in entries
                    if (levels is None or level in levels) and (target.brand_type in (None, "", kind))})
    if target.metric == "recommended_upward":
        return recommended_upward(scope)
    if target.metric == "leading_enterprises":
        return len(leading_enterprises(scope))
    if target.metric == "training_bases":
        return training_bases(scope)
    return 0


METRIC_MEANINGS = {
    "brands": _("Brands active in the library, counted once each, whose home region lies in the region"),
    "recommended_upward": _("Brands this region's office recommended to the level above"),
    "leading_enterprises": _("Different leading enterprises (龙头企业) named in submitted applications"),
    "training_bases": _("Creation units of a training type (培训) in the region"),
}


def targets(scope: Scope, entries: list[tuple[int, str, str, str, datetime]]) -> list[TargetProgress]:
    rows = session.scalars(select(PolicyTarget).where(PolicyTarget.region_code == scope.region.code)
                           .order_by(PolicyTarget.due_year, PolicyTarget.id))
    return [TargetProgress(row, measure(scope, row, entries)) for row in rows]


def recommended_upward(scope: Scope) -> int:
    instances = session.execute(select(AuditEvent.instance_id).where(
        AuditEvent.action == AuditAction.TASK_COMPLETED, AuditEvent.decision == "recommend",
        AuditEvent.lane == scope.region.level, AuditEvent.region_code == scope.region.code,
        AuditEvent.at < scope.as_of)).scalars()
    return len(set(instances))


def leading_enterprises(scope: Scope) -> set[str]:
    rows = session.execute(select(Application.data).join(Region, Region.code == Application.base_region_code)
                           .where(_within(scope.region), Application.status != ApplicationStatus.DRAFT,
                                  Application.submitted_at < scope.as_of)).scalars()
    return {name.strip() for data in rows if isinstance(name := (data or {}).get("leading_enterprise"), str)
            and name.strip()}


def training_bases(scope: Scope) -> int:
    return len(list(session.scalars(select(CreationUnit.id).join(Region, Region.code == CreationUnit.region_code)
                                    .where(_within(scope.region), CreationUnit.created_at < scope.as_of,
                                           CreationUnit.unit_type.contains(TRAINING_UNIT_WORD)))))


def by_level(entries: list[tuple[int, str, str, str, datetime]]) -> dict[str, int]:
    return {level: len({b for b, _k, lv, _p, _a in entries if lv == level}) for level in brand_levels()}


def by_type(entries: list[tuple[int, str, str, str, datetime]]) -> dict[str, int]:
    kinds = {brand: kind for brand, kind, *_ in entries}
    counted = Counter(kinds.values())
    return {str(kind): counted.get(str(kind), 0) for kind in BrandType} | {
        kind: n for kind, n in counted.items() if kind not in set(BrandType)}


def by_year(entries: list[tuple[int, str, str, str, datetime]]) -> dict[int, int]:
    """Brands by the year (China time) of their first recognition among the active entries."""
    first: dict[int, datetime] = {}
    for brand, _k, _lv, _p, entered in entries:
        first[brand] = min(entered, first.get(brand, entered))
    return dict(sorted(Counter(at.astimezone(CHINA).year for at in first.values()).items()))


def children(region: Region) -> list[Region]:
    return list(session.scalars(select(Region).where(Region.parent_code == region.code).order_by(Region.code)))


def by_region(scope: Scope, entries: list[tuple[int, str, str, str, datetime]]) -> list[tuple[Region, int]]:
    return [(child, len({b for b, _k, _lv, path, _a in entries if path.startswith(child.path)}))
            for child in children(scope.region) if child.level in brand_levels()]


def counties(scope: Scope, entries: list[tuple[int, str, str, str, datetime]]) -> list[tuple[Region, int]]:
    """One county, one brand: every region of the lowest recognizing level (the counties) in the
    region, with its number of active brands."""
    found = session.scalars(select(Region).where(_within(scope.region), Region.level == brand_levels()[-1])
                            .order_by(Region.code))
    return [(county, len({b for b, _k, _lv, path, _a in entries if path.startswith(county.path)}))
            for county in found]


def pipeline(scope: Scope) -> dict[str, int]:
    """Applications under review (or returned for revision) by the level they wait at now."""
    rows = session.execute(select(Application.current_level).join(Region, Region.code == Application.base_region_code)
                           .where(_within(scope.region), Application.status.in_(
                               [ApplicationStatus.IN_REVIEW, ApplicationStatus.RETURNED])))
    counted = Counter(level for (level,) in rows if level)
    return {level.key: counted.get(level.key, 0) for level in regions.all_levels()}


def median_days(scope: Scope) -> dict[str, float | None]:
    """Median days a case spent at each level: from the first task of the level to the last one
    completed, over the cases (of the region) that have left that level (no task still open there)."""
    rows = session.execute(
        select(HumanTask.instance_id, HumanTask.lane, HumanTask.created_at, HumanTask.completed_at, HumanTask.status)
        .join(ProcessInstance, ProcessInstance.id == HumanTask.instance_id)
        .join(Region, Region.code == ProcessInstance.base_region_code)
        .where(_within(scope.region), ProcessInstance.process_key == "recommendation"))
    spans: dict[tuple[int, str], list[datetime]] = {}
    open_: set[tuple[int, str]] = set()
    for instance, lane, created, completed, status in rows:
        key = (instance, lane or "")
        if status == TaskStatus.READY:
            open_.add(key)
        if status != TaskStatus.DONE or completed is None:
            continue  # cancelled tasks (a notice period that ended) neither open nor close a level
        low, high = spans.get(key, [created, completed])
        spans[key] = [min(low, created), max(high, completed)]
    result: dict[str, float | None] = {}
    for level in regions.all_levels():
        days = [(high - low).total_seconds() / 86400 for (i, lane), (low, high) in spans.items()
                if lane == level.key and (i, lane) not in open_]
        result[level.key] = round(median(days), 1) if days else None
    return result


def overdue(scope: Scope) -> list[tuple[Region, int]]:
    """Tasks waiting past their due time, by child region (tasks at the region itself under it)."""
    rows = session.execute(select(Region.path).join(HumanTask, HumanTask.region_code == Region.code)
                           .where(_within(scope.region), HumanTask.status == TaskStatus.READY,
                                  HumanTask.due_at < now_utc())).scalars()
    paths = list(rows)
    groups = [scope.region, *children(scope.region)]
    counted: Counter[str] = Counter()
    for path in paths:
        owner = next((g for g in groups[1:] if path.startswith(g.path)), scope.region)
        counted[owner.code] += 1
    return [(g, counted.get(g.code, 0)) for g in groups if counted.get(g.code) or g is not scope.region]
