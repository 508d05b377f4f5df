"""Reads about certificates, and verification by number and code or by the PDF itself."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from sqlalchemy import func, select

from webapp.applications.models import Brand
from webapp.certificates import keys, sign
from webapp.certificates.models import (
    Certificate,
    CertificateBatch,
    CertificateFile,
    CertificateStatus,
    SigningIdentity,
)
from webapp.clock import now_utc
from webapp.db import session
from webapp.workdays.calendar import CHINA


@dataclass(frozen=True)
class Verification:
    status: str
    """valid | revoked | expired | pending | unknown | invalid (a signed file that does not check out)"""
    certificate: Certificate | None = None
    brand: Brand | None = None
    authority: str | None = None
    signature: sign.SignatureCheck | None = None
    superseded: bool = False
    """The uploaded copy was replaced by a re-issued one; the certificate's status still applies."""


def of_brand(brand_id: int) -> list[Certificate]:
    return list(session.scalars(select(Certificate).where(Certificate.brand_id == brand_id)
                                .order_by(Certificate.issued_on, Certificate.id)))


def by_number(number: str) -> Certificate | None:
    return session.scalars(select(Certificate).where(Certificate.number == number)).first()


def verify_number(number: str, token: str) -> Verification:
    """Without the code printed on the certificate, a number says nothing (no enumeration)."""
    certificate = by_number(number)
    given = token.strip().upper().replace(" ", "")
    if certificate is None or not hmac.compare_digest(certificate.token, given):
        return Verification(status="unknown")
    return _verified(certificate)


def verify_file(data: bytes) -> Verification:
    """Check the signature and trust chain of an uploaded PDF and that its hash is one we issued."""
    check = sign.check_pdf(data, keys.trust_roots_pem())
    known = session.scalars(select(CertificateFile).where(
        CertificateFile.sha256 == hashlib.sha256(data).hexdigest())).first()
    if known is None or not check.valid:
        return Verification(status="invalid" if check.signed else "unknown", signature=check)
    certificate = session.get(Certificate, known.certificate_id)
    assert certificate is not None  # enforced by the foreign key
    found = _verified(certificate)
    return Verification(status=found.status, certificate=certificate, brand=found.brand, authority=found.authority,
                        signature=check, superseded=certificate.pdf_sha256 != known.sha256)


def _verified(certificate: Certificate) -> Verification:
    brand = session.get(Brand, certificate.brand_id)
    identity = session.get(SigningIdentity, certificate.identity_id) if certificate.identity_id else None
    if certificate.status == CertificateStatus.REVOKED:
        status = "revoked"
    elif certificate.status == CertificateStatus.PENDING and certificate.pdf_sha256 is None:
        status = "pending"
    elif certificate.valid_until < now_utc().astimezone(CHINA).date():
        status = "expired"
    else:
        status = "valid"
    return Verification(status=status, certificate=certificate, brand=brand,
                        authority=identity.authority if identity else None)


@dataclass(frozen=True)
class BatchProgress:
    batch: CertificateBatch
    done: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.batch.total) if self.batch.total else 100


def batch_progress(batch_id: int) -> BatchProgress | None:
    batch = session.get(CertificateBatch, batch_id)
    if batch is None:
        return None
    pending = session.scalar(select(func.count()).select_from(Certificate).where(
        Certificate.batch_id == batch_id, Certificate.status == CertificateStatus.PENDING)) or 0
    return BatchProgress(batch=batch, done=batch.total - pending)


def batches(limit: int = 20) -> list[BatchProgress]:
    ids = session.scalars(select(CertificateBatch.id).order_by(CertificateBatch.id.desc()).limit(limit))
    return [progress for batch_id in ids if (progress := batch_progress(batch_id))]
