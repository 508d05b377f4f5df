"""The dashboard as tables: each one a title, column headers and rows (the page draws a chart above
each, and exports can write them as they are)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from webapp.auth.models import User
from webapp.i18n import _
from webapp.library import dashboard as numbers
from webapp.regions import queries as regions
from webapp.regions.models import Region


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    headers: list[str]
    rows: list[list[Any]]
    note: str = ""
    chart: dict[str, Any] = field(default_factory=dict)
    """For the chart: labels, and the values (and targets, where set) of one series."""
    row_regions: list[str] = field(default_factory=list)
    """The code of the region each row counts, where rows are regions: the page links the name to that
    region's dashboard (people read the name; the code is for the link only)."""


@dataclass(frozen=True)
class Dashboard:
    scope: numbers.Scope
    targets: list[numbers.TargetProgress]
    tables: list[Table]
    ancestors: list[Region]
    """The regions above the chosen one that the reader may also pick (breadcrumb)."""
    children: list[Region]


def build(user: User, region_code: str | None, year: int | None, *, locale: str) -> Dashboard:
    scope = numbers.scope(user, region_code, year)
    entries = numbers.active_brands(scope)
    progress = numbers.targets(scope, entries)
    level_names = {level.key: (level.name_en if locale.startswith("en") else level.name_zh)
                   for level in regions.all_levels()}
    tables = [_targets_table(progress, level_names), _levels_table(entries, progress, level_names),
              _types_table(entries, progress), _regions_table(scope, entries), _years_table(entries),
              *_coverage_table(scope, entries), _pipeline_table(scope, level_names), _overdue_table(scope)]
    reachable = {root.code for root in scope.roots}
    above = [r for r in regions.ancestors(scope.region.code)
             if r.code != scope.region.code and any(c in reachable for c in r.ancestor_codes)]
    return Dashboard(scope=scope, targets=progress, tables=tables, ancestors=above,
                     children=[c for c in numbers.children(scope.region) if c.level in numbers.brand_levels()])


def _single_target(progress: list[numbers.TargetProgress], *, level: str | None = None,
                   brand_type: str | None = None) -> int | None:
    """The target on plain brand counts for exactly this level or type, if the region has one."""
    for item in progress:
        t = item.target
        if t.metric == "brands" and (t.level or None) == level and (t.brand_type or None) == brand_type:
            return t.target
    return None


def _with_target(label: str, actual: int, target: int | None) -> list[Any]:
    return [label, actual, target if target is not None else "", _of(actual, target)]


def _of(actual: int, target: int | None) -> str:
    return str(_("%(actual)s of %(target)s", actual=actual, target=target)) if target is not None else ""


def _chart(labels: list[str], values: list[Any], targets: list[Any] | None = None) -> dict[str, Any]:
    chart: dict[str, Any] = {"labels": labels, "values": values}
    if targets and any(t not in ("", None) for t in targets):
        chart["targets"] = [t if t != "" else None for t in targets]
    return chart


def _targets_table(progress: list[numbers.TargetProgress], level_names: dict[str, str]) -> Table:
    rows = [[str(p.target.label), p.actual, p.target.target, _of(p.actual, p.target.target), p.target.due_year,
             str(numbers.METRIC_MEANINGS.get(p.target.metric, p.target.metric)), p.target.source]
            for p in progress]
    return Table("targets", str(_("Policy targets")), [
        str(_("Goal")), str(_("Count now")), str(_("Target")), str(_("Progress")), str(_("Due by")),
        str(_("What the system counts")), str(_("Set by"))], rows,
        chart=_chart([r[0] for r in rows], [p.percent for p in progress]))


def _levels_table(entries: list[Any], progress: list[numbers.TargetProgress], level_names: dict[str, str]) -> Table:
    counts = numbers.by_level(entries)
    rows = [_with_target(level_names.get(level, level), n, _single_target(progress, level=level))
            for level, n in counts.items()]
    return Table("levels", str(_("Brands by level of recognition")),
                 [str(_("Level")), str(_("Brands")), str(_("Target")), str(_("Progress"))], rows,
                 note=str(_("A brand recognized by the county and then the city counts at both levels.")),
                 chart=_chart([r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]))


def _types_table(entries: list[Any], progress: list[numbers.TargetProgress]) -> Table:
    rows = [_with_target(kind, n, _single_target(progress, brand_type=kind))
            for kind, n in numbers.by_type(entries).items()]
    return Table("types", str(_("Brands by type")),
                 [str(_("Type")), str(_("Brands")), str(_("Target")), str(_("Progress"))], rows,
                 chart=_chart([r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]))


def _regions_table(scope: numbers.Scope, entries: list[Any]) -> Table:
    counted = numbers.by_region(scope, entries)
    rows: list[list[Any]] = [[child.name, n] for child, n in counted]
    return Table("regions", str(_("Brands by region")), [str(_("Region")), str(_("Brands"))], rows,
                 chart=_chart([r[0] for r in rows], [r[1] for r in rows]),
                 row_regions=[child.code for child, _n in counted])


def _years_table(entries: list[Any]) -> Table:
    rows = [[str(year), n] for year, n in numbers.by_year(entries).items()]
    return Table("years", str(_("Brands by year of first recognition")), [str(_("Year")), str(_("Brands"))],
                 rows, chart=_chart([r[0] for r in rows], [r[1] for r in rows]))


def _coverage_table(scope: numbers.Scope, entries: list[Any]) -> list[Table]:
    """One county, one brand: none for a township or a village (no county lies within it); for a county,
    whether it has a brand; above, how many of its counties have one."""
    counted = numbers.counties(scope, entries)
    if not counted:
        return []
    rows = [[county.name, n, str(_("yes")) if n else str(_("no brand yet"))] for county, n in counted]
    covered = sum(1 for _c, n in counted if n)
    if [county.code for county, _n in counted] == [scope.region.code]:
        note = _("Active brands of %(county)s: %(count)s.", county=scope.region.name, count=counted[0][1])
    else:
        note = _("%(covered)s of %(total)s counties have at least one active brand.", covered=covered,
                 total=len(counted))
    return [Table("coverage", str(_("One county, one brand")),
                  [str(_("County")), str(_("Brands")), str(_("Has a brand"))], rows, note=str(note),
                  chart=_chart([str(_("With a brand")), str(_("Without a brand"))], [covered, len(counted) - covered]))]


def _pipeline_table(scope: numbers.Scope, level_names: dict[str, str]) -> Table:
    waiting, days = numbers.pipeline(scope), numbers.median_days(scope)
    rows = [[level_names.get(level, level), n, "—" if days.get(level) is None else days[level]]
            for level, n in reversed(waiting.items())]  # in the order a case climbs: village first
    return Table("pipeline", str(_("Applications in review, by the level they wait at")),
                 [str(_("Level")), str(_("Waiting now")), str(_("Median days at this level"))], rows,
                 note=str(_("Days count from the first task of a level to the last one completed, over the "
                            "applications that have left the level. Always today's numbers, whichever year "
                            "is chosen.")),
                 chart=_chart([r[0] for r in rows], [r[1] for r in rows]))


def _overdue_table(scope: numbers.Scope) -> Table:
    counted = numbers.overdue(scope)
    rows: list[list[Any]] = [[region.name, n] for region, n in counted]
    return Table("overdue", str(_("Overdue tasks by region")),
                 [str(_("Region")), str(_("Tasks past their due time"))], rows,
                 note=str(_("Tasks waiting now past their due time, by the region whose office must act.")),
                 chart=_chart([r[0] for r in rows], [r[1] for r in rows]),
                 row_regions=[region.code for region, _n in counted])


def as_json(dashboard: Dashboard) -> dict[str, Any]:
    scope = dashboard.scope
    return {"region": {"code": scope.region.code, "name": scope.region.name}, "year": scope.year,
            "as_of": scope.as_of.isoformat(),
            "tables": [{"key": t.key, "title": t.title, "headers": t.headers, "rows": t.rows, "note": t.note,
                        "row_regions": t.row_regions} for t in dashboard.tables]}


def table_rows(dashboard: Dashboard) -> list[tuple[str, list[str], list[list[Any]]]]:
    """Each table as (title, column headers, rows), for exports."""
    return [(t.title, t.headers, t.rows) for t in dashboard.tables]
