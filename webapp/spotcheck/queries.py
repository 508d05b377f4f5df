"""Reads about campaigns: who may see them, their sample, progress and outcomes."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import Select, or_, select

from webapp import engine
from webapp.applications.models import Brand
from webapp.auth import queries as people
from webapp.auth.models import User
from webapp.db import session
from webapp.errors import Forbidden, NotFound
from webapp.i18n import _
from webapp.paging import Page, fetch_scalars
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


def _covers(campaign: Campaign, user: User) -> bool:
    """Case readers (officials, auditors) of the campaign's region or of a region above it read all of it."""
    scope = regions.get(campaign.region_code)
    return scope is not None and bool(people.case_reader_codes(user) & set(scope.ancestor_codes))


def _checks_in_jurisdiction(user: User) -> Select[tuple[int]]:
    """Spot checks of brands based in the user's jurisdiction: a county inside a city's campaign
    follows its own brands, and a neighbouring county learns nothing of the campaign."""
    return (select(SpotCheck.id).join(Brand, Brand.id == SpotCheck.brand_id)
            .where(Brand.base_region_code.in_(regions.codes_within(people.case_reader_codes(user)))))


def campaigns_for(user: User, number: int) -> Page[Campaign]:
    """Newest first, a page at a time: the campaigns the user covers (`_covers`) and those that sampled
    a brand of their jurisdiction."""
    involved = select(SpotCheck.campaign_id).where(SpotCheck.id.in_(_checks_in_jurisdiction(user)))
    covered = Campaign.region_code.in_(regions.codes_within(people.case_reader_codes(user)))
    return fetch_scalars(select(Campaign).where(or_(covered, Campaign.id.in_(involved)))
                         .order_by(Campaign.id.desc()), number)


def report(campaign_id: int, user: User) -> CampaignReport:
    campaign = session.get(Campaign, campaign_id)
    if campaign is None:
        raise NotFound(_("Campaign %(id)s does not exist.", id=campaign_id))
    query = (select(SpotCheck, Brand).join(Brand, Brand.id == SpotCheck.brand_id)
             .where(SpotCheck.campaign_id == campaign.id).order_by(Brand.name))
    covered = _covers(campaign, user)
    if not covered:
        query = query.where(SpotCheck.id.in_(_checks_in_jurisdiction(user)))
    rows = [(check, brand) for check, brand in session.execute(query)]
    if not rows and not covered:
        raise Forbidden(_("Campaign %(id)s is outside your jurisdiction.", id=campaign_id))
    sample = [SampledBrand(check, brand, engine.open_tasks(check.instance_id) if check.instance_id else [])
              for check, brand in rows]
    return CampaignReport(campaign=campaign, sample=sample,
                          status=dict(Counter(str(s.check.status) for s in sample)),
                          outcomes=dict(Counter(s.check.outcome for s in sample if s.check.outcome)))
