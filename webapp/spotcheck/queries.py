"""Reads about campaigns: who may see them, their sample, progress and outcomes."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import select

from webapp import engine
from webapp.applications.models import Brand
from webapp.auth import queries as people
from webapp.auth.models import User
from webapp.db import session
from webapp.errors import Forbidden, NotFound
from webapp.i18n import _
from webapp.regions import queries as regions
from webapp.spotcheck.models import Campaign, SpotCheck


@dataclass(frozen=True)
class SampledBrand:
    check: SpotCheck
    brand: Brand
    open_tasks: list[engine.HumanTask]


@dataclass(frozen=True)
class CampaignReport:
    campaign: Campaign
    sample: list[SampledBrand]
    status: dict[str, int]
    outcomes: dict[str, int]


def _related(campaign: Campaign, user: User) -> bool:
    """Case readers (officials, auditors) of the campaign's region, of a region above it or of a region
    inside it."""
    scope = regions.get(campaign.region_code)
    scope_path = scope.ancestor_codes if scope else []
    for code in people.case_reader_codes(user):
        region = regions.get(code)
        if code in scope_path or (region is not None and campaign.region_code in region.ancestor_codes):
            return True
    return False


def _visible(campaign: Campaign, rows: list[tuple[SpotCheck, Brand]], user: User) -> list[tuple[SpotCheck, Brand]]:
    """All of the sample for readers at the campaign's region or above; their own part for those inside it."""
    scope = regions.get(campaign.region_code)
    mine = people.case_reader_codes(user)
    if scope is None or mine & set(scope.ancestor_codes):
        return rows
    return [(check, brand) for check, brand in rows
            if (base := regions.get(brand.base_region_code)) is not None and mine & set(base.ancestor_codes)]


def campaigns_for(user: User, *, limit: int = 50) -> list[Campaign]:
    recent = session.scalars(select(Campaign).order_by(Campaign.id.desc()).limit(500))
    return [c for c in recent if _related(c, user)][:limit]


def report(campaign_id: int, user: User) -> CampaignReport:
    campaign = session.get(Campaign, campaign_id)
    if campaign is None:
        raise NotFound(_("Campaign %(id)s does not exist.", id=campaign_id))
    if not _related(campaign, user):
        raise Forbidden(_("Campaign %(id)s is outside your jurisdiction.", id=campaign_id))
    rows = _visible(campaign, [(check, brand) for check, brand in session.execute(
        select(SpotCheck, Brand).join(Brand, Brand.id == SpotCheck.brand_id)
        .where(SpotCheck.campaign_id == campaign.id).order_by(Brand.name))], user)
    sample = [SampledBrand(check, brand, engine.open_tasks(check.instance_id) if check.instance_id else [])
              for check, brand in rows]
    return CampaignReport(campaign=campaign, sample=sample,
                          status=dict(Counter(str(s.check.status) for s in sample)),
                          outcomes=dict(Counter(s.check.outcome for s in sample if s.check.outcome)))
