"""The staffing check: before a process version is deployed, who will receive each of its tasks?

For every lane that is a level, every role acting there and every region at that level that cases
will reach, it counts the active people holding the role there. The regions cases reach come from
where cases are based: running cases of the process, the brands in the resource library (spot
checks and exits start from them), and the creation units (new applications are based within a
unit's region, so a level below the unit's region reaches every region at that level inside it).
A row with nobody is a gap: a case arriving there would wait where no inbox shows it. Reads only.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select

from webapp import engine
from webapp.applications.models import Brand, CreationUnit
from webapp.auth.models import RoleGrant, User
from webapp.auth.roles import APPLICANT, READ_ONLY_ROLES
from webapp.db import session
from webapp.engine.staffing_facts import HumanStep, human_steps
from webapp.errors import Conflict
from webapp.i18n import _
from webapp.library.models import EntryStatus, LibraryEntry
from webapp.regions import queries as regions
from webapp.regions.models import Region
from webapp.vocabulary import ROLES, named

CHUNK = 500
"""Codes per `IN (...)`: a country's villages do not fit in one statement."""


@dataclass(frozen=True)
class StaffingRow:
    process: str
    lane: str
    level_name: str
    level_name_en: str
    role: str
    role_name: str
    region_code: str | None
    """None: cases from `region_name` have no region at this level, so their task is stamped with none."""
    region_name: str
    people: int
    """Active people who may act (hold the role at exactly this region)."""
    waiting: int
    """Tasks of this role waiting there now."""
    cases: int
    """Running cases of the process that pass this region at this level."""
    tasks: tuple[str, ...]
    """The tasks concerned, as `name (id)`."""

    @property
    def gap(self) -> bool:
        return self.people == 0

    def as_json(self) -> dict[str, Any]:
        return {"process": self.process, "lane": self.lane, "level_name": self.level_name,
                "level_name_en": self.level_name_en, "role": self.role, "role_name": self.role_name,
                "region_code": self.region_code, "region_name": self.region_name, "people": self.people,
                "waiting": self.waiting, "cases": self.cases, "tasks": list(self.tasks), "gap": self.gap}


@dataclass
class StaffingReport:
    rows: list[StaffingRow] = field(default_factory=list)

    @property
    def gap_rows(self) -> list[StaffingRow]:
        return [row for row in self.rows if row.gap]

    @property
    def gap_lanes(self) -> list[str]:
        return sorted({row.lane for row in self.gap_rows})

    @property
    def gaps(self) -> int:
        return len(self.gap_rows)

    def as_json(self) -> dict[str, Any]:
        return {"rows": [row.as_json() for row in self.rows], "gap_lanes": self.gap_lanes, "gaps": self.gaps}


class StaffingGaps(Conflict):
    """A deploy that would leave tasks where nobody may act, not confirmed with a reason."""

    code = "staffing_gaps"

    def __init__(self, report: StaffingReport) -> None:
        super().__init__(_("%(count)s place(s) would receive tasks that nobody may act on: create the officials "
                           "first, or confirm the deploy and give a reason.", count=report.gaps))
        self.report = report


def staffing(parsed: Mapping[str, engine.ParsedProcess]) -> StaffingReport:
    """The staffing of every lane, role and reached region of these process versions."""
    levels = {level.key: level for level in regions.all_levels()}
    report = StaffingReport()
    origins = _Origins()
    for key, process in sorted(parsed.items()):
        steps = [s for s in human_steps(process.spec_json) if s.lane in levels and s.role != APPLICANT]
        if not steps:
            continue
        running = {code: count for code, count in session.execute(
            select(engine.ProcessInstance.base_region_code, func.count()).where(
                engine.ProcessInstance.process_key == key,
                engine.ProcessInstance.status == engine.InstanceStatus.RUNNING)
            .group_by(engine.ProcessInstance.base_region_code))}
        by_place: dict[tuple[str, str], list[HumanStep]] = defaultdict(list)
        for step in steps:
            by_place[(step.lane, step.role)].append(step)
        waiting = _waiting(key)
        reached_at: dict[str, dict[str | None, tuple[str, int]]] = {}
        for lane, role in sorted(by_place, key=lambda place: (levels[place[0]].rank, place[1])):
            if lane not in reached_at:
                reached_at[lane] = origins.reached(lane, running)
            reached = reached_at[lane]
            counts = _people(role, [code for code in reached if code is not None])
            level = levels[lane]
            tasks = tuple(sorted({f"{s.name} ({s.bpmn_id})" for s in by_place[(lane, role)]}))
            for code, (name, cases) in sorted(reached.items(), key=lambda item: item[0] or ""):
                report.rows.append(StaffingRow(
                    process=key, lane=lane, level_name=level.name_zh, level_name_en=level.name_en, role=role,
                    role_name=named(ROLES, role), region_code=code, region_name=name,
                    people=counts.get(code, 0) if code is not None else 0,
                    waiting=waiting.get((lane, role, code), 0), cases=cases, tasks=tasks))
    return report


class _Origins:
    """Where cases are based, and which region at a level each of them reaches (read once per check)."""

    def __init__(self) -> None:
        self.units = sorted(set(session.scalars(select(CreationUnit.region_code))))
        self.library = sorted(set(session.scalars(select(Brand.base_region_code).join(
            LibraryEntry, LibraryEntry.brand_id == Brand.id).where(LibraryEntry.status == EntryStatus.ACTIVE))))
        self.ranks = {level.key: level.rank for level in regions.all_levels()}
        self._regions: dict[str, Region] = {}

    def reached(self, lane: str, running: Mapping[str, int]) -> dict[str | None, tuple[str, int]]:
        """Region code at `lane`'s level -> (its name, running cases passing it). The key None gathers
        the places from which cases would find no region at that level."""
        self._load([*running, *self.library, *self.units])
        found: dict[str | None, tuple[str, int]] = {}
        stranded_from: dict[str, int] = {}
        for base in sorted(set(running) | set(self.library)):
            code = self._at_level(base, lane)
            if code is None:
                stranded_from[base] = stranded_from.get(base, 0) + running.get(base, 0)
            else:
                name, cases = found.get(code, (self._name(code), 0))
                found[code] = (name, cases + running.get(base, 0))
        for unit_region in self.units:
            codes = [code] if (code := self._at_level(unit_region, lane)) else self._below(unit_region, lane)
            if not codes:
                stranded_from.setdefault(unit_region, 0)
            for code in codes:
                found.setdefault(code, (self._name(code), 0))
        if stranded_from:
            places = sorted(stranded_from)
            shown = "、".join(self._name(code) for code in places[:5]) + ("…" if len(places) > 5 else "")
            found[None] = (str(_("none: cases based in %(regions)s find no %(level)s in the region tree",
                                 regions=shown, level=regions.level_names(lane)["level"])),
                           sum(stranded_from.values()))
        return found

    def _load(self, codes: Iterable[str]) -> None:
        missing = sorted({code for code in codes if code and code not in self._regions})
        paths = set()
        for rows in _chunks(missing):
            for region in session.scalars(select(Region).where(Region.code.in_(rows))):
                self._regions[region.code] = region
                paths.update(region.ancestor_codes)
        for rows in _chunks(sorted(paths - self._regions.keys())):
            self._regions.update({r.code: r for r in session.scalars(select(Region).where(Region.code.in_(rows)))})

    def _at_level(self, code: str, level: str) -> str | None:
        region = self._regions.get(code)
        if region is None:
            return None
        return next((c for c in region.ancestor_codes if (r := self._regions.get(c)) and r.level == level), None)

    def _below(self, code: str, level: str) -> list[str]:
        region = self._regions.get(code)
        if region is None or self.ranks.get(level, 0) <= self.ranks.get(region.level, 0):
            return []
        below = list(session.scalars(select(Region).where(
            Region.level == level, Region.path.contains(f"/{code}/", autoescape=True))))
        self._regions.update({r.code: r for r in below})
        return [r.code for r in below]

    def _name(self, code: str) -> str:
        region = self._regions.get(code)
        return region.name if region else code


def _people(role: str, codes: list[str]) -> dict[str, int]:
    """Active holders of `role` per region code; a read-only role acts on nothing."""
    if role in READ_ONLY_ROLES:
        return {}
    counts: dict[str, int] = {}
    for rows in _chunks(sorted(set(codes))):
        counts.update({code: people for code, people in session.execute(
            select(RoleGrant.region_code, func.count(func.distinct(RoleGrant.user_id))).join(User).where(
                RoleGrant.role == role, RoleGrant.region_code.in_(rows), User.active.is_(True))
            .group_by(RoleGrant.region_code))})
    return counts


def _waiting(key: str) -> dict[tuple[str | None, str, str | None], int]:
    """Waiting tasks of the process's cases by (lane, role, region)."""
    rows = session.execute(
        select(engine.HumanTask.lane, engine.HumanTask.candidate_group, engine.HumanTask.region_code, func.count())
        .join(engine.ProcessInstance, engine.ProcessInstance.id == engine.HumanTask.instance_id)
        .where(engine.ProcessInstance.process_key == key, engine.HumanTask.status == engine.TaskStatus.READY)
        .group_by(engine.HumanTask.lane, engine.HumanTask.candidate_group, engine.HumanTask.region_code))
    return {(lane, role, code): count for lane, role, code, count in rows}


def _chunks(codes: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(codes), CHUNK):
        yield codes[start:start + CHUNK]
