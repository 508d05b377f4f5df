"""Policy targets (政策目标): setting them (a command) and listing them."""

from __future__ import annotations

from sqlalchemy import select

from webapp.applications.models import BrandType
from webapp.command_log import logged
from webapp.db import session, transaction
from webapp.errors import Invalid
from webapp.i18n import _
from webapp.library.models import PolicyTarget
from webapp.regions import queries as regions

METRICS = ("brands", "recommended_upward", "leading_enterprises", "training_bases")
"""What a target can count; see `webapp.library.dashboard.METRIC_MEANINGS`."""


def all_targets() -> list[PolicyTarget]:
    return list(session.scalars(select(PolicyTarget).order_by(PolicyTarget.region_code, PolicyTarget.id)))


def put_target(region_code: str, metric: str, target: int, due_year: int, label: str, source: str, *,
               level: str | None = None, brand_type: str | None = None) -> PolicyTarget:
    """Step: add the target, or change the number, year, label and source of the one the region already
    has for this metric, level(s) and type."""
    errors: dict[str, list[object]] = {}
    if regions.get(region_code) is None:
        errors["region"] = [_("No region has code %(code)s.", code=region_code)]
    if metric not in METRICS:
        errors["metric"] = [_("Unknown metric.")]
    known_levels = {level.key for level in regions.all_levels()}
    if level and not set(level.split(",")) <= known_levels:
        errors["level"] = [_("Unknown level.")]
    if brand_type and brand_type not in set(BrandType):
        errors["brand_type"] = [_("Unknown brand type.")]
    if target < 0 or not 2000 <= due_year <= 2100:
        errors["target"] = [_("A target is a number of 0 or more, due in a year from 2000 to 2100.")]
    if errors:
        raise Invalid(_("The target has errors."), field_errors=errors)
    row = session.scalars(select(PolicyTarget).where(
        PolicyTarget.region_code == region_code, PolicyTarget.metric == metric,
        PolicyTarget.level.is_(None) if not level else PolicyTarget.level == level,
        PolicyTarget.brand_type.is_(None) if not brand_type else PolicyTarget.brand_type == brand_type)).first()
    if row is None:
        row = PolicyTarget(region_code=region_code, metric=metric, level=level or None,
                           brand_type=brand_type or None)
        session.add(row)
    row.target, row.due_year, row.label, row.source = target, due_year, label, source
    session.flush()
    return row


@logged("target {result.id} set at region {region_code}: {metric} for {due_year}")
def set_target(region_code: str, metric: str, target: int, due_year: int, label: str, source: str, *,
               level: str | None = None, brand_type: str | None = None) -> PolicyTarget:
    """Command: add or change one target."""
    with transaction():
        return put_target(region_code, metric, target, due_year, label, source, level=level, brand_type=brand_type)
