"""Yearly spot checks: a campaign draws a reproducible sample from the libraries in its scope and
starts one short-lived `spot_check` instance per sampled brand (never one instance for years on a
cycle timer, DESIGN.md §3). A check that ends in an exit proposal opens the exit procedure."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial
from typing import Any

from sqlalchemy import select

from webapp import engine, signals
from webapp.applications.models import Application, Brand
from webapp.audit import admin_trail
from webapp.audit import services as audit
from webapp.audit.models import AdminAction, AuditAction
from webapp.auth.models import User, unit_owner_key
from webapp.auth.roles import OFFICIAL
from webapp.clock import now_utc
from webapp.command_log import logged
from webapp.db import session, skipping_locked, transaction
from webapp.errors import Forbidden, Invalid
from webapp.exits import services as exits
from webapp.exits.models import ExitOrigin
from webapp.i18n import N_, _
from webapp.library.models import EntryStatus, LibraryEntry
from webapp.notifications.models import MessageKind
from webapp.notifications.services import tell_unit
from webapp.regions import queries as regions
from webapp.regions.models import Region
from webapp.spotcheck import sampling
from webapp.spotcheck.models import Campaign, CampaignSchedule, SpotCheck, SpotCheckStatus
from webapp.subjects import SubjectType
from webapp.workdays.calendar import CHINA

PROCESS_KEY = "spot_check"
COVERAGE_LEVEL = "county"
"""The policy's "at least one per county": every county with active brands gets a check."""


@logged("spot check campaign {result.id} started at region {region_code} by {who}")
def start_campaign(region_code: str, *, rate: float = 0.2, seed: str | None = None, actor: User | None,
                   schedule_id: int | None = None) -> Campaign:
    """Command: draw the sample; the worker then starts the checks in chunks (`start_planned`)."""
    with transaction():
        return plan_campaign(region_code, rate=rate, seed=seed, actor=actor, schedule_id=schedule_id)


def plan_campaign(region_code: str, *, rate: float, seed: str | None, actor: User | None,
                  schedule_id: int | None) -> Campaign:
    """Step: the campaign and its planned checks."""
    if actor is not None and not _may_run(actor, region_code):
        raise Forbidden(_("Only officials of %(region)s or above may start its spot checks.",
                          region=region_code))
    if not 0 < rate <= 1:
        raise Invalid(_("The sample rate is a share between 0 and 1."),
                      field_errors={"rate": [_("Choose a share between 0 and 1.")]})
    year = now_utc().astimezone(CHINA).year
    candidates = _candidates(region_code)
    who = f"schedule {schedule_id}" if schedule_id is not None else admin_trail.actor_name(actor)
    campaign = Campaign(year=year, region_code=region_code, sample_rate=rate, schedule_id=schedule_id,
                        seed=seed or f"{year}-{region_code}-{now_utc():%m%d%H%M%S}",
                        started_by_id=actor.id if actor else None, started_by_name=who,
                        active_brands=len({c.brand_id for c in candidates}))
    session.add(campaign)
    session.flush()
    admin_trail.record(AdminAction.CAMPAIGN_STARTED, actor=actor, on_behalf=who, subject=f"campaign {campaign.id}",
                       region_code=region_code, data={"year": year, "rate": rate, "seed": campaign.seed})
    ranks = {level.rank: level.key for level in regions.all_levels()}
    for brand_id, drawn in sampling.draw(candidates, rate=rate, seed=campaign.seed).items():
        session.add(SpotCheck(campaign_id=campaign.id, brand_id=brand_id, level=ranks[drawn.level_rank]))
    session.flush()
    return campaign


@logged("spot check schedule {result.id} set at region {region_code} by {who}")
def schedule_campaign(region_code: str, *, month: int, day: int, rate: float, actor: User | None) -> CampaignSchedule:
    with transaction():
        if actor is not None and not _may_run(actor, region_code):
            raise Forbidden(_("Only officials of %(region)s or above may start its spot checks.",
                              region=region_code))
        today = now_utc().astimezone(CHINA).date()
        schedule = CampaignSchedule(region_code=region_code, month=month, day=day, sample_rate=rate,
                                    next_run_on=_next_date(month, day, after=today),
                                    created_by_id=actor.id if actor else None)
        session.add(schedule)
        session.flush()
        admin_trail.record(AdminAction.CAMPAIGN_SCHEDULED, actor=actor, subject=f"schedule {schedule.id}",
                           region_code=region_code, data={"month": month, "day": day, "rate": rate})
        return schedule


def run_due_schedules() -> list[Campaign]:
    """Start the campaign of every schedule whose date has come, once, and move it a year on."""
    today = now_utc().astimezone(CHINA).date()
    due = list(session.scalars(select(CampaignSchedule.id).where(
        CampaignSchedule.active.is_(True), CampaignSchedule.next_run_on <= today)))
    started = []
    for schedule_id in due:
        with transaction():
            schedule = session.get(CampaignSchedule, schedule_id, with_for_update=True, populate_existing=True)
            if schedule is None or schedule.next_run_on > today:
                continue  # another worker was quicker
            schedule.next_run_on = _next_date(schedule.month, schedule.day, after=today)
            started.append(plan_campaign(schedule.region_code, rate=schedule.sample_rate, actor=None,
                                         seed=f"{today.year}-schedule-{schedule.id}", schedule_id=schedule.id))
    return started


def _next_date(month: int, day: int, *, after: date) -> date:
    """The first such date after `after`; refuses dates that do not exist (30 February)."""
    try:
        this_year = date(after.year, month, day)
    except ValueError:
        raise Invalid(_("There is no such date: %(month)s-%(day)s.", month=month, day=day),
                      field_errors={"date": [_("Choose a date that exists every year.")]}) from None
    return this_year if this_year > after else date(after.year + 1, month, day if (month, day) != (2, 29) else 28)


def start_planned(limit: int = 100) -> int:
    """Command: start the instances of up to `limit` planned checks (SKIP LOCKED on PostgreSQL)."""
    with transaction():
        query = (select(SpotCheck).where(SpotCheck.status == SpotCheckStatus.PLANNED)
                 .order_by(SpotCheck.id).limit(limit))
        query = skipping_locked(query)
        planned = list(session.scalars(query))
        definition = engine.latest_or_fail(PROCESS_KEY) if planned else None
        for check in planned:
            _start(check, definition)
        return len(planned)


def _start(check: SpotCheck, definition: engine.ProcessDefinition | None) -> None:
    brand = session.get(Brand, check.brand_id)
    campaign = session.get(Campaign, check.campaign_id)
    assert brand is not None and campaign is not None and definition is not None
    facts = _recognized_facts(brand.id)
    data = {"brand_id": brand.id, "brand_name": brand.name, "campaign_year": campaign.year,
            "library_level": check.level, "workers_at_recognition": facts.get("agreement_workers", 0),
            "practitioners_at_recognition": facts.get("practitioners", 0)}
    instance, outcome = engine.start(definition, subject_type=SubjectType.SPOT_CHECK, subject_id=check.id,
                                     title=brand.name, base_region_code=brand.base_region_code,
                                     owner_key=unit_owner_key(brand.unit_id), data=data)
    check.instance_id, check.status = instance.id, SpotCheckStatus.RUNNING
    starter = session.get(User, campaign.started_by_id) if campaign.started_by_id else None
    audit.record(instance, AuditAction.INSTANCE_STARTED, actor=starter, actor_name=campaign.started_by_name,
                 data={**data, "campaign_id": campaign.id})
    tell_unit(instance.owner_key, MessageKind.SPOT_CHECK_SCHEDULED,
              N_("%(brand)s is drawn for the %(year)s spot check of the %(level)s resource library; the officials "
                 "will contact you."), {"brand": brand.name, "year": campaign.year, **regions.level_names(check.level)},
              event_key=f"spot_check:{check.id}:scheduled", link=f"/brands/{brand.id}", instance_id=instance.id)
    audit.case_advanced(instance, outcome, actor=None, task=None, data=data)


def _recognized_facts(brand_id: int) -> dict[str, Any]:
    """The figures the brand reported when it was recognized, to compare the present with."""
    applications = session.scalars(select(Application).where(Application.brand_id == brand_id)
                                   .order_by(Application.id.desc()))
    return next((a.data for a in applications if a.recognized_levels), {})


def _candidates(region_code: str) -> list[sampling.Candidate]:
    ranks = {level.key: level.rank for level in regions.all_levels()}
    rows = session.execute(
        select(LibraryEntry.brand_id, LibraryEntry.level, LibraryEntry.region_code, Brand.base_region_code)
        .join(Brand, Brand.id == LibraryEntry.brand_id)
        .join(Region, Region.code == LibraryEntry.region_code)
        .where(LibraryEntry.status == EntryStatus.ACTIVE,
               Region.path.contains(f"/{region_code}/", autoescape=True))).all()
    counties: dict[str, str] = {}
    candidates = []
    for brand_id, level, library_region, base in rows:
        if base not in counties:
            county = regions.ancestor_at_level(base, COVERAGE_LEVEL)
            counties[base] = county.code if county else base
        candidates.append(sampling.Candidate(brand_id=brand_id, library=f"{level}:{library_region}",
                                             level_rank=ranks.get(level, 0), county=counties[base]))
    return candidates


def _may_run(actor: User, region_code: str) -> bool:
    region = regions.get(region_code)
    return region is not None and any(role == OFFICIAL and code in region.ancestor_codes
                                      for role, code in actor.role_pairs)


@signals.instance_advanced.connect_via(PROCESS_KEY)
def on_instance_advanced(process_key: str, *, instance: engine.ProcessInstance, outcome: engine.Outcome,
                         **_: Any) -> Callable[[], object] | None:
    """A finished check records how it ended; one that ends proposing an exit hands back the start of the
    exit procedure, which `audit.case_advanced` runs once every receiver has seen this check."""
    if not outcome.finished:
        return None
    check = session.get(SpotCheck, instance.subject_id)
    if check is None:
        return None
    check.status, check.outcome, check.finished_at = SpotCheckStatus.FINISHED, instance.end_outcome, now_utc()
    if instance.end_outcome != "exit_proposed":
        return None
    brand = session.get(Brand, check.brand_id)
    assert brand is not None
    ending = next((step.name for step in outcome.steps if step.properties.get("outcome")), "")
    return partial(exits.begin_exit, brand, origin=ExitOrigin.SPOT_CHECK, reason=_findings(instance, ending),
                   level=check.level, actor=None)


def _findings(instance: engine.ProcessInstance, ending: str) -> str:
    """The reason an exit case records: how the check ended (the end event's name in the diagram)
    and what the evaluation found."""
    found = [f for f in engine.case_data(instance).get("finding") or [] if f != "已评估"]
    return f"年度抽查未通过（{ending}）：" + "、".join(found)
