"""The exit procedure (退出): started by a failed spot check, an official's proposal or the unit's
voluntary withdrawal, run by `workflows/exit.bpmn`. When the diagram reaches its `exits=true`
event, the brand's library entries at the case's level and above end, its certificates there are
revoked and the unit is told; nothing is deleted."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from webapp import engine, signals
from webapp.applications.models import Brand
from webapp.applications.queries import brand_for
from webapp.audit import services as audit
from webapp.audit.models import AuditAction
from webapp.auth.models import User, unit_owner_key
from webapp.auth.roles import OFFICIAL
from webapp.certificates import services as certificates
from webapp.clock import now_utc
from webapp.command_log import logged
from webapp.db import session, transaction
from webapp.errors import Conflict, Forbidden, Invalid
from webapp.exits import queries
from webapp.exits.models import ExitCase, ExitOrigin
from webapp.i18n import N_, _
from webapp.library import queries as library_queries
from webapp.library import services as library
from webapp.notifications.models import MessageKind
from webapp.notifications.services import tell_unit
from webapp.regions import queries as regions
from webapp.subjects import SubjectType

PROCESS_KEY = "exit"


@logged("exit case {result.id} of brand {brand_id} proposed by user {actor.id}")
def propose_exit(brand_id: int, reason: str, *, actor: User) -> ExitCase:
    """Command: an official proposes that a brand in their jurisdiction leave the library, from
    the level of the official's region nearest the brand."""
    with transaction():
        brand = brand_for(brand_id, actor)
        if not queries.may_propose(actor, brand):
            raise Forbidden(_("Only officials of the brand's own regions may propose its exit."))
        base = regions.get(brand.base_region_code)
        path = base.ancestor_codes if base else []
        held = [region for role, code in actor.role_pairs
                if role == OFFICIAL and code in path and (region := regions.get(code)) is not None]
        nearest = max(held, key=lambda region: len(region.ancestor_codes))
        return begin_exit(brand, origin=ExitOrigin.PROPOSAL, reason=_reason(reason), level=nearest.level, actor=actor)


@logged("exit case {result.id} of brand {brand_id}: withdrawal filed by user {actor.id}")
def withdraw(brand_id: int, reason: str, *, actor: User) -> ExitCase:
    """Command: the creation unit withdraws its brand from every library."""
    with transaction():
        brand = session.get(Brand, brand_id)
        if brand is None or actor.creation_unit_id != brand.unit_id:
            raise Forbidden(_("Only the brand's own creation unit may withdraw it."))
        ranks = {level.key: level.rank for level in regions.all_levels()}
        entries = library_queries.active_entries_of_brand(brand.id)
        lowest = max(entries, key=lambda entry: ranks.get(entry.level, 0)).level if entries else ""
        return begin_exit(brand, origin=ExitOrigin.WITHDRAWAL, reason=_reason(reason), level=lowest, actor=actor)


def begin_exit(brand: Brand, *, origin: ExitOrigin, reason: str, level: str, actor: User | None) -> ExitCase:
    """Step: open an exit case and start its process."""
    if not library_queries.active_entries_of_brand(brand.id):
        raise Invalid(_("%(brand)s is in no resource library, so it cannot exit one.", brand=brand.name))
    if open_case(brand.id) is not None:
        raise Conflict(_("An exit procedure for %(brand)s is already under way.", brand=brand.name))
    case = ExitCase(brand_id=brand.id, origin=origin, reason=reason, level=level,
                    created_by_id=actor.id if actor else None)
    session.add(case)
    session.flush()
    data = {"brand_id": brand.id, "brand_name": brand.name, "origin": str(origin), "reason": reason,
            "exit_level": level}
    instance, outcome = engine.start(engine.latest_or_fail(PROCESS_KEY), subject_type=SubjectType.EXIT_CASE,
                                     subject_id=case.id, title=brand.name, base_region_code=brand.base_region_code,
                                     owner_key=unit_owner_key(brand.unit_id), data=data)
    case.instance_id = instance.id
    audit.record(instance, AuditAction.INSTANCE_STARTED, actor=actor, data=data)
    audit.case_advanced(instance, outcome, actor=actor, task=None, data=data)
    return case


def open_case(brand_id: int) -> ExitCase | None:
    return session.scalars(select(ExitCase).where(ExitCase.brand_id == brand_id,
                                                  ExitCase.finished_at.is_(None))).first()


@signals.instance_advanced.connect_via(PROCESS_KEY)
def on_instance_advanced(process_key: str, *, instance: engine.ProcessInstance, outcome: engine.Outcome,
                         **_: Any) -> None:
    """The exit case follows its process: the exit applied at the `exits=true` event, the end recorded."""
    case = session.get(ExitCase, instance.subject_id)
    if case is None:
        return
    if any(step.properties.get("exits") == "true" for step in outcome.steps):
        _apply_exit(case, instance)
    if outcome.finished:
        case.outcome, case.finished_at = instance.end_outcome, now_utc()
        brand = session.get(Brand, case.brand_id)
        if brand is not None and instance.end_outcome != "exited":
            tell_unit(instance.owner_key, MessageKind.EXIT_DECIDED,
                      N_("%(brand)s stays in the labor brand resource library."), {"brand": brand.name},
                      event_key=f"exit:{case.id}:decided", link=f"/brands/{brand.id}", instance_id=instance.id)


def _apply_exit(case: ExitCase, instance: engine.ProcessInstance) -> None:
    at = now_utc()
    brand = session.get(Brand, case.brand_id)
    assert brand is not None  # enforced by the foreign key
    ended = library.exit_entries(brand.id, from_level=case.level, reason=case.reason, at=at)
    levels = [entry.level for entry in ended]
    revoked = certificates.revoke_for_brand(brand.id, levels=levels, reason=case.reason, at=at)
    audit.record(instance, AuditAction.BRAND_EXITED, data={
        "levels": levels, "certificates_revoked": [c.number for c in revoked], "reason": case.reason})
    for certificate in revoked:
        audit.record(instance, AuditAction.CERTIFICATE_REVOKED, lane=certificate.level,
                     region_code=certificate.region_code,
                     data={"number": certificate.number, "level": certificate.level, "reason": case.reason})
    names = {level.key: level.name_zh for level in regions.all_levels()}
    tell_unit(instance.owner_key, MessageKind.EXIT_DECIDED,
              N_("%(brand)s left the labor brand resource library (%(levels)s): %(reason)s"),
              {"brand": brand.name, "levels": "、".join(names.get(level, level) for level in levels),
               "reason": case.reason}, event_key=f"exit:{case.id}:decided", link=f"/brands/{brand.id}",
              instance_id=instance.id)


def _reason(reason: str) -> str:
    text = (reason or "").strip()
    if len(text) < 4:
        raise Invalid(_("Give the reason (at least 4 characters)."), field_errors={"reason": [
            _("Enter at least %(count)s characters.", count=4)]})
    return text[:2000]
