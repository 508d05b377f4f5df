"""The rules of an application (steps, inside the caller's transaction)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from webapp import engine
from webapp.applications.models import Application, ApplicationStatus, Brand, CreationUnit
from webapp.applications.naming import canonical_name, naming_warnings
from webapp.auth.roles import APPLICANT
from webapp.clock import now_utc
from webapp.db import session
from webapp.errors import Invalid
from webapp.i18n import _
from webapp.regions import queries as regions

ACTIVE = (ApplicationStatus.IN_REVIEW, ApplicationStatus.RETURNED)
WITHDRAWN_OUTCOME = "withdrawn"
"""The end outcome of a case its creation unit took back before anyone acted on it (desk.rewinding)."""


def base_region_errors(code: str, unit: CreationUnit) -> dict[str, list[str]]:
    region = regions.get(code)
    if region is None:
        return {"base_region": [_("There is no region with code %(code)s.", code=code)]}
    if unit.region_code not in region.ancestor_codes:
        home = regions.get(unit.region_code)
        return {"base_region": [_("The brand's region must lie within your unit's region (%(home)s).",
                                  home=home.name if home else unit.region_code)]}
    return {}


def warnings_for(data: dict[str, Any]) -> dict[str, Any]:
    names = [r.name for r in regions.ancestors(data["base_region"])]
    found = naming_warnings(data["brand_name"], names)
    return {"brand_name": found} if found else {}


def register_brand(data: dict[str, Any], unit: CreationUnit, application: Application) -> Brand:
    """The brand of a new application: a new one, or the unit's own brand applying again."""
    name = canonical_name(data["brand_name"])
    brand = session.scalar(select(Brand).where(Brand.name == name))
    if brand is None:
        brand = Brand(name=name, brand_type=data["brand_type"], industry=data["industry"],
                      base_region_code=data["base_region"], unit_id=unit.id)
        session.add(brand)
        session.flush()
        return brand
    if brand.unit_id != unit.id:
        raise _invalid_name(_("The brand name %(name)s is already registered by another unit.", name=name))
    for other in session.scalars(select(Application).where(Application.brand_id == brand.id,
                                                           Application.id != application.id)):
        if other.status in ACTIVE:
            raise _invalid_name(_("%(name)s already has an application under review (no. %(id)s).", name=name,
                                   id=other.id))
        if other.recognized_levels:
            raise _invalid_name(_("%(name)s is already recognized; a recognized brand does not apply again.",
                                   name=name))
    brand.brand_type, brand.industry, brand.base_region_code = data["brand_type"], data["industry"], data["base_region"]
    return brand


def check_revision(application: Application, data: dict[str, Any]) -> None:
    """The applicant resubmits the form: same region, a name no other brand uses (checked before the
    engine step, so a refusal changes nothing)."""
    if data.get("base_region") != application.base_region_code:
        raise Invalid(_("The form has errors; nothing was saved."), field_errors={"base_region": [
            _("The region cannot change after submission; withdraw and file a new application instead.")]})
    name = canonical_name(data["brand_name"])
    if name != _brand_of(application).name and session.scalar(select(Brand.id).where(Brand.name == name)) is not None:
        raise _invalid_name(_("The brand name %(name)s is already registered.", name=name))


def apply_revision(application: Application, instance: engine.ProcessInstance, data: dict[str, Any]) -> None:
    """The applicant resubmitted the form (`check_revision` passed): the brand and application take it."""
    brand = _brand_of(application)
    name = canonical_name(data["brand_name"])
    if name != brand.name:
        brand.name = instance.title = name
    brand.brand_type, brand.industry = data["brand_type"], data["industry"]
    application.data = dict(data)
    application.warnings = warnings_for(data)
    application.updated_at = now_utc()


def follow_process(application: Application, instance: engine.ProcessInstance, outcome: engine.Outcome) -> None:
    """Status, current level and recognized levels from the process as it now stands."""
    if instance.end_outcome == WITHDRAWN_OUTCOME:  # a draft again, to change and submit anew
        application.status, application.outcome, application.current_level = ApplicationStatus.DRAFT, None, None
        return
    open_tasks = engine.waiting_tasks(instance)
    reviewers = [t for t in open_tasks if t.candidate_group != APPLICANT]
    if instance.status == engine.InstanceStatus.COMPLETED:
        application.status = ApplicationStatus.FINISHED
        application.outcome = instance.end_outcome
        application.finished_at = now_utc()
    elif open_tasks and not reviewers:
        application.status = ApplicationStatus.RETURNED
    else:
        application.status = ApplicationStatus.IN_REVIEW
    if reviewers:
        application.current_level = reviewers[0].lane
    new_levels = [lane for lane in outcome.recognitions if lane not in application.recognized_levels]
    if new_levels:
        application.recognized_levels = [*application.recognized_levels, *new_levels]
    application.updated_at = now_utc()


def _brand_of(application: Application) -> Brand:
    brand = session.get(Brand, application.brand_id)
    assert brand is not None  # a submitted application always has its brand
    return brand


def _invalid_name(message: Any) -> Invalid:
    return Invalid(_("The form has errors; nothing was saved."), field_errors={"brand_name": [message]})
