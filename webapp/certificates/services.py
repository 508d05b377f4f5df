"""Certificates: planned when a level recognizes a brand, rendered and signed by the worker,
revoked by the exit procedure, re-issued in batches when an authority's key changes.

The certificate table is its own queue: the worker takes pending rows one at a time, with
`FOR UPDATE SKIP LOCKED` on PostgreSQL, so several workers never sign the same certificate.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Collection
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite

from webapp import engine, signals
from webapp.applications.models import Application, Brand, CreationUnit
from webapp.audit import admin_trail
from webapp.audit import services as audit
from webapp.audit.models import AdminAction, AuditAction
from webapp.auth.models import User, unit_owner_key
from webapp.certificates import keys, queries, render, sign
from webapp.certificates.models import (
    Certificate,
    CertificateBatch,
    CertificateCounter,
    CertificateFile,
    CertificateStatus,
    SigningIdentity,
)
from webapp.certificates.settings import current
from webapp.clock import now_utc
from webapp.command_log import logged
from webapp.db import dialect, session, skipping_locked, transaction
from webapp.errors import Conflict, Forbidden, Invalid, NotFound
from webapp.i18n import N_, _
from webapp.notifications.models import MessageKind
from webapp.notifications.services import tell_unit
from webapp.regions import queries as regions
from webapp.workdays.calendar import CHINA

TOKEN_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
REASON_LIMIT = 500
"""A revocation's reason is printed on the public verification page: a sentence or two."""


class NoSigningKey(Invalid):
    code = "no_signing_key"


@signals.brand_recognized.connect
def on_brand_recognized(brand: Brand, *, level: str, region_code: str | None, application: Application,
                        at: datetime, **_: Any) -> None:
    if region_code is not None:
        plan(brand, level=level, region_code=region_code, application_id=application.id, at=at)


def plan(brand: Brand, *, level: str, region_code: str, application_id: int | None, at: datetime) -> Certificate:
    """Step: reserve the number of the certificate a recognition earns; the worker signs it."""
    issued_on = at.astimezone(CHINA).date()
    certificate = Certificate(
        number=_next_number(region_code, issued_on.year), token=_token(), brand_id=brand.id, level=level,
        region_code=region_code, application_id=application_id, issued_on=issued_on,
        valid_until=_years_later(issued_on, current().valid_years) - timedelta(days=1))
    session.add(certificate)
    session.flush()
    return certificate


def issue_next() -> Certificate | None:
    """Command: render and sign the oldest pending certificate; None when nothing is pending."""
    with transaction():
        query = (select(Certificate).where(Certificate.status == CertificateStatus.PENDING)
                 .order_by(Certificate.id).limit(1))
        query = skipping_locked(query)
        certificate = session.scalars(query).first()
        if certificate is None:
            return None
        identity = keys.active_identity(certificate.region_code)
        if identity is None:
            raise NoSigningKey(_("No signing key for region %(code)s: run `brandcert keys init` (development) "
                                 "or `brandcert keys import`.", code=certificate.region_code))
        pdf = _signed_pdf(certificate, identity)
        digest = hashlib.sha256(pdf).hexdigest()
        path = current().pdf_dir / str(certificate.issued_on.year) / f"{certificate.number}-{digest[:12]}.pdf"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(pdf)
        certificate.status, certificate.pdf_sha256, certificate.pdf_path = CertificateStatus.ISSUED, digest, str(path)
        certificate.signed_at, certificate.identity_id = now_utc(), identity.id
        session.add(CertificateFile(certificate_id=certificate.id, sha256=digest, path=str(path),
                                    identity_id=identity.id))
        action = AuditAction.CERTIFICATE_REISSUED if certificate.batch_id else AuditAction.CERTIFICATE_ISSUED
        _audit(certificate, action, {"sha256": digest, "authority": identity.authority})
        _finish_batch(certificate.batch_id)
        if action == AuditAction.CERTIFICATE_ISSUED:
            _tell_unit(certificate)
        return certificate


def _tell_unit(certificate: Certificate) -> None:
    brand = session.get(Brand, certificate.brand_id)
    application = session.get(Application, certificate.application_id) if certificate.application_id else None
    assert brand is not None  # enforced by the foreign key
    tell_unit(unit_owner_key(brand.unit_id), MessageKind.CERTIFICATE_ISSUED,
              N_("The %(level)s certificate %(number)s of %(brand)s is issued; download it from the brand's page."),
              {"brand": brand.name, "number": certificate.number, **regions.level_names(certificate.level)},
              event_key=f"certificate:{certificate.id}:issued", link=f"/brands/{brand.id}",
              instance_id=application.instance_id if application else None)


def revoke_for_brand(brand_id: int, *, levels: Collection[str] | None, reason: str, at: datetime) -> list[Certificate]:
    """Step (for the exit procedure): revoke the brand's certificates at these levels (all if None)."""
    query = select(Certificate).where(Certificate.brand_id == brand_id,
                                      Certificate.status != CertificateStatus.REVOKED)
    if levels is not None:
        query = query.where(Certificate.level.in_(list(levels)))
    revoked = list(session.scalars(query))
    for certificate in revoked:
        certificate.status, certificate.revoked_at, certificate.revoke_reason = CertificateStatus.REVOKED, at, reason
    session.flush()
    return revoked


@logged("certificate {number} revoked by {who}")
def revoke(number: str, *, reason: str, actor: User | None) -> Certificate:
    """Command: revoke one certificate (an operator's correction; exits use `revoke_for_brand`).
    `actor` None is the command line, run by the operator."""
    reason = reason.strip()
    if not reason or len(reason) > REASON_LIMIT:
        message = _("This field is required.") if not reason else _("At most %(count)s characters.", count=REASON_LIMIT)
        raise Invalid(_("Give the reason for the revocation."), field_errors={"reason": [message]})
    with transaction():
        certificate = session.scalars(select(Certificate).where(Certificate.number == number)
                                      .with_for_update()).first()
        if certificate is None:
            raise NotFound(_("Certificate %(number)s does not exist.", number=number))
        if actor is not None and not queries.administers(actor, certificate.region_code):
            raise Forbidden(_("Only the administrators of %(region)s or of a region above it may revoke its "
                              "certificates.", region=_region_name(certificate.region_code)))
        if certificate.status == CertificateStatus.REVOKED and certificate.revoked_at is not None:
            raise Conflict(_("Certificate %(number)s was already revoked on %(day)s; nothing was changed.",
                             number=number, day=certificate.revoked_at.astimezone(CHINA).date().isoformat()))
        revoke_for_brand(certificate.brand_id, levels=[certificate.level], reason=reason, at=now_utc())
        _audit(certificate, AuditAction.CERTIFICATE_REVOKED, {"reason": reason}, actor=actor,
               actor_name=admin_trail.actor_name(actor))
        admin_trail.record(AdminAction.CERTIFICATE_REVOKED, actor=actor, subject=f"certificate {certificate.number}",
                           region_code=certificate.region_code, data={"reason": reason, "level": certificate.level})
        return certificate


@logged("certificate re-issue {result.id} started at region {region_code} by {who}")
def start_reissue(region_code: str, *, reason: str, actor: User | None) -> CertificateBatch:
    """Command: sign again every certificate a region's authority issued (e.g. after a new key).
    `actor` None is the command line, run by the operator."""
    if not region_code:
        raise Invalid(_("Choose the authority's region."), field_errors={"region": [_("This field is required.")]})
    with transaction():
        if actor is not None and regions.get(region_code) is not None and not queries.administers(actor, region_code):
            raise Forbidden(_("%(region)s is outside your jurisdiction.", region=_region_name(region_code)))
        query = select(Certificate).where(Certificate.region_code == region_code,
                                          Certificate.status == CertificateStatus.ISSUED)
        certificates = list(session.scalars(query))
        if not certificates:
            raise Invalid(_("%(region)s has issued no certificate to re-issue.", region=_region_name(region_code)))
        batch = CertificateBatch(region_code=region_code, reason=reason or "re-issue", total=len(certificates),
                                 created_by_id=actor.id if actor else None)
        session.add(batch)
        session.flush()
        for certificate in certificates:
            certificate.status, certificate.batch_id = CertificateStatus.PENDING, batch.id
        admin_trail.record(AdminAction.REISSUE_STARTED, actor=actor, subject=f"batch {batch.id}",
                           region_code=region_code, data={"reason": batch.reason, "certificates": batch.total})
        return batch


def init_development_keys() -> list[SigningIdentity]:
    """Command for `brandcert keys init`: a local CA and a signing identity per authority."""
    with transaction():
        created = keys.init_development_identities()
        if created:
            admin_trail.record(AdminAction.SIGNING_KEYS_CREATED, actor=None, subject="development signing keys",
                               data={"authorities": {identity.region_code: identity.authority for identity in created}})
        return created


@logged("signing key {result.id} imported for region {region_code}")
def import_key(region_code: str, data: bytes, password: bytes | None) -> SigningIdentity:
    """Command for `brandcert keys import`: an authority's PKCS#12 bundle replaces its key."""
    with transaction():
        identity = keys.import_pkcs12(region_code, data, password)
        admin_trail.record(AdminAction.SIGNING_KEY_IMPORTED, actor=None, subject=f"signing key of {identity.authority}",
                           region_code=region_code, data={"sha256": hashlib.sha256(identity.certificate_pem.encode())
                                                          .hexdigest()})
        return identity


def _signed_pdf(certificate: Certificate, identity: SigningIdentity) -> bytes:
    brand = session.get(Brand, certificate.brand_id)
    application = session.get(Application, certificate.application_id) if certificate.application_id else None
    unit = session.get(CreationUnit, brand.unit_id) if brand else None
    region = regions.get(certificate.region_code)
    assert brand is not None and unit is not None and region is not None  # enforced by foreign keys
    settings = current()
    view = render.CertificateView(
        number=certificate.number, token=certificate.token, brand=brand.name, brand_type=brand.brand_type,
        trades=str((application.data if application else {}).get("trades", brand.industry)), unit=unit.name,
        region_name=region.name, region_path=" ".join(r.name for r in regions.ancestors(brand.base_region_code)[1:]),
        level_name=_level_name(certificate.level), authority=identity.authority, issued_on=certificate.issued_on,
        valid_until=certificate.valid_until,
        verify_url=f"{settings.public_url.rstrip('/')}/verify/{certificate.number}?t={certificate.token}")
    signer = sign.signer_for(identity.key_path, identity.certificate_pem, identity.chain_pem)
    return sign.sign_pdf(render.render_pdf(view), signer, reason="劳务品牌认定", location=region.name)


def _audit(certificate: Certificate, action: AuditAction, data: dict[str, Any], *,
           actor: User | None = None, actor_name: str | None = None) -> None:
    """Certificates enter the trail of the recommendation that earned them."""
    application = session.get(Application, certificate.application_id) if certificate.application_id else None
    if application is None or application.instance_id is None:
        return
    instance = engine.lock(application.instance_id)
    audit.record(instance, action, lane=certificate.level, region_code=certificate.region_code, actor=actor,
                 actor_name=actor_name,
                 data={"number": certificate.number, "level": certificate.level, **data})


def _region_name(code: str) -> str:
    region = regions.get(code)
    return region.name if region else code


def _level_name(level: str) -> str:
    return next((lv.name_zh for lv in regions.all_levels() if lv.key == level), level)


def _finish_batch(batch_id: int | None) -> None:
    if batch_id is None:
        return
    left = session.scalar(select(func.count()).select_from(Certificate).where(
        Certificate.batch_id == batch_id, Certificate.status == CertificateStatus.PENDING))
    batch = session.get(CertificateBatch, batch_id)
    if batch is not None and not left:
        batch.finished_at = now_utc()


def _next_number(region_code: str, year: int) -> str:
    """LB-<region>-<year>-<sequence>; the counter row is bumped atomically, so two recognitions at
    the same moment never share a number."""
    insert = postgresql.insert if dialect() == "postgresql" else sqlite.insert
    table = CertificateCounter.__table__
    statement = (insert(table).values(region_code=region_code, year=year, last=1)
                 .on_conflict_do_update(index_elements=["region_code", "year"], set_={"last": table.c.last + 1})
                 .returning(table.c.last))
    last = session.execute(statement).scalar_one()
    return f"LB-{region_code}-{year}-{last:05d}"


def _token() -> str:
    code = "".join(secrets.choice(TOKEN_ALPHABET) for _ in range(8))
    return f"{code[:4]}-{code[4:]}"


def _years_later(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)
