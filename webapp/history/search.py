"""Searching the trail within the reader's jurisdiction: audit events, or the cases they belong to.

One set of filters serves both: brand, creation unit, region (and below), actor, level, action,
outcome and a date range in China time. Newest first, a page at a time (`webapp.paging`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Select, exists, select

from webapp import engine
from webapp.applications.models import CreationUnit
from webapp.audit.models import AuditAction, AuditEvent
from webapp.auth import queries as people
from webapp.auth.models import User, unit_owner_key
from webapp.db import session
from webapp.errors import Invalid
from webapp.i18n import _
from webapp.listing import ListFilters, page_from
from webapp.paging import Page, fetch
from webapp.regions import picker
from webapp.regions import queries as regions
from webapp.review import queries as review
from webapp.workdays.calendar import CHINA

KINDS = ("events", "cases")
TEXT_LIMIT = 60
MAX_LISTED_REGIONS = 2000


@dataclass(frozen=True)
class Filters(ListFilters):
    kind: str = "events"
    brand: str = ""
    unit: str = ""
    region: str = ""
    actor: str = ""
    level: str = ""
    action: str = ""
    outcome: str = ""
    date_from: date | None = None
    date_to: date | None = None
    page: int = 1

    @classmethod
    def parse(cls, args: Mapping[str, str]) -> Filters:
        """Filters from a query string; any bad value is reported by field and nothing is searched."""
        errors: dict[str, list[Any]] = {}
        values: dict[str, Any] = {}
        for name in ("brand", "unit", "actor", "outcome"):
            values[name] = (args.get(name) or "").strip()[:TEXT_LIMIT]
        values["kind"] = args.get("kind") or "events"
        if values["kind"] not in KINDS:
            errors["kind"] = [_("Choose events or cases.")]
        values["action"] = args.get("action") or ""
        if values["action"] and values["action"] not in {str(a) for a in AuditAction}:
            errors["action"] = [_("Unknown action.")]
        values["level"] = args.get("level") or ""
        if values["level"] and values["level"] not in {level.key for level in regions.all_levels()}:
            errors["level"] = [_("Unknown level.")]
        values["region"] = (args.get("region") or "").strip()
        if unknown := picker.unknown(values["region"]):
            errors["region"] = unknown
        for name in ("date_from", "date_to"):
            text = (args.get(name) or "").strip()
            try:
                values[name] = date.fromisoformat(text) if text else None
            except ValueError:
                errors[name] = [_("Enter a date as YYYY-MM-DD.")]
        if not errors and values["date_from"] and values["date_to"] and values["date_from"] > values["date_to"]:
            errors["date_to"] = [_("The end of the range is before its start.")]
        values["page"] = page_from(args, errors)
        if errors:
            raise Invalid(_("The search has errors."), field_errors=errors)
        return cls(**values)



def search_events(filters: Filters, user: User) -> Page[Any]:
    """A page of (event, instance) rows."""
    return fetch(_events(filters, user).order_by(AuditEvent.at.desc(), AuditEvent.id.desc()), filters.page)


def search_cases(filters: Filters, user: User) -> Page[Any]:
    """A page of (instance, definition) rows."""
    instance = engine.ProcessInstance
    query = select(instance, engine.ProcessDefinition).join(
        engine.ProcessDefinition, engine.ProcessDefinition.id == instance.definition_id)
    query = _case_filters(query, filters, user)
    if filters.outcome:
        query = query.where(instance.end_outcome == filters.outcome)
    low, high = _range(filters)
    if low is not None:
        query = query.where(instance.started_at >= low)
    if high is not None:
        query = query.where(instance.started_at < high)
    event_filters = _event_filters(filters, with_outcome=False)
    if event_filters:
        query = query.where(exists().where(AuditEvent.instance_id == instance.id, *event_filters))
    return fetch(query.order_by(instance.started_at.desc(), instance.id.desc()), filters.page)


def all_events(filters: Filters, user: User) -> Iterator[Any]:
    """Every matching event, newest first, streamed (for the CSV export). The reader's jurisdiction is
    checked now, before the response starts: once it streams, a refusal could only cut it short."""
    query = _events(filters, user).order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    return _streamed(query.execution_options(yield_per=1000))


def _streamed(query: Select[Any]) -> Iterator[Any]:
    yield from session.execute(query)


def _events(filters: Filters, user: User) -> Select[Any]:
    query = select(AuditEvent, engine.ProcessInstance).join(
        engine.ProcessInstance, engine.ProcessInstance.id == AuditEvent.instance_id)
    query = _case_filters(query, filters, user)
    low, high = _range(filters)
    if low is not None:
        query = query.where(AuditEvent.at >= low)
    if high is not None:
        query = query.where(AuditEvent.at < high)
    return query.where(*_event_filters(filters, with_outcome=True))


def _case_filters(query: Select[Any], filters: Filters, user: User) -> Select[Any]:
    instance = engine.ProcessInstance
    within = jurisdiction(user)
    if filters.region:
        within = picker.narrowed(within, filters.region)
    if within is not None:
        query = query.where(instance.base_region_code.in_(_regions_under(within)))
    if filters.brand:
        query = query.where(instance.title.contains(filters.brand, autoescape=True))
    if filters.unit:
        units = select(CreationUnit.id).where(CreationUnit.name.contains(filters.unit, autoescape=True))
        query = query.where(instance.owner_key.in_([unit_owner_key(unit_id) for unit_id in session.scalars(units)]))
    return query


def _regions_under(codes: list[str]) -> Any:
    """The codes of these regions and all below them. Listed as values, PostgreSQL's planner sees how
    many cases they hold and walks a date range by its index (18 ms instead of 200 on a million
    events); a very large jurisdiction stays a subquery, far from the parameter limit."""
    below = regions.codes_within(codes)
    listed = list(session.scalars(below.limit(MAX_LISTED_REGIONS + 1)))
    return below if len(listed) > MAX_LISTED_REGIONS else listed


def _event_filters(filters: Filters, *, with_outcome: bool) -> list[Any]:
    conditions: list[Any] = []
    if filters.actor:
        conditions.append(AuditEvent.actor_name.contains(filters.actor, autoescape=True))
    if filters.level:
        conditions.append(AuditEvent.lane == filters.level)
    if filters.action:
        conditions.append(AuditEvent.action == filters.action)
    if filters.outcome and with_outcome:
        conditions.append(AuditEvent.decision == filters.outcome)
    return conditions


def jurisdiction(user: User) -> list[str] | None:
    """The region codes whose cases the user may read; None for no limit (a national role)."""
    return people.case_reader_scope(user, _("The audit trail is for officials and auditors."))


def readable_case(instance_id: int, user: User) -> engine.ProcessInstance:
    """A case whose trail the user may read: as an official or auditor within their jurisdiction (the trail
    names experts and their scores), or as someone a decision of the case was copied to (抄送)."""
    if not review.copied_to(instance_id, user):
        jurisdiction(user)
    return review.readable_instance(instance_id, user)


def _range(filters: Filters) -> tuple[datetime | None, datetime | None]:
    low = datetime.combine(filters.date_from, time(0), tzinfo=CHINA) if filters.date_from else None
    high = (datetime.combine(filters.date_to + timedelta(days=1), time(0), tzinfo=CHINA)
            if filters.date_to else None)
    return low, high
