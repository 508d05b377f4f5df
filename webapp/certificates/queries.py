"""Reads about certificates, and verification by number and code or by the PDF itself."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from sqlalchemy import func, select

from webapp.applications import queries as applications
from webapp.applications.models import Brand
from webapp.auth import permissions
from webapp.auth.models import User
from webapp.auth.roles import ADMIN
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
from webapp.errors import Forbidden, NotFound
from webapp.i18n import _
from webapp.regions import picker
from webapp.regions import queries as regions
from webapp.regions.picker import RegionChoice
from webapp.workdays.calendar import CHINA


class Verdict(StrEnum):
    """What verifying a certificate found."""

    VALID = "valid"
    REVOKED = "revoked"
    EXPIRED = "expired"
    PENDING = "pending"
    UNKNOWN = "unknown"
    INVALID = "invalid"
    """A signed file that does not check out."""


@dataclass(frozen=True)
class Verification:
    status: Verdict
    certificate: Certificate | None = None
    brand: Brand | None = None
    authority: str | None = None
    signature: sign.SignatureCheck | None = None
    superseded: bool = False
    """The uploaded copy was replaced by a re-issued one; the certificate's status still applies."""


def of_brand(brand_id: int) -> list[Certificate]:
    return list(session.scalars(select(Certificate).where(Certificate.brand_id == brand_id)
                                .order_by(Certificate.issued_on, Certificate.id)))


def signed_file_for(number: str, user: User) -> tuple[Certificate, Path]:
    """The signed PDF of a certificate of a brand the user may read. Unknown, unsigned and
    out-of-jurisdiction numbers get the same answer, so nobody can probe which numbers exist."""
    certificate = by_number(number)
    if certificate is not None and certificate.pdf_path and Path(certificate.pdf_path).exists():
        try:
            applications.brand_for(certificate.brand_id, user)
        except Forbidden:
            pass
        else:
            return certificate, Path(certificate.pdf_path)
    raise NotFound(_("Certificate %(number)s has no signed file yet.", number=number))


def by_number(number: str) -> Certificate | None:
    return session.scalars(select(Certificate).where(Certificate.number == number)).first()


def verify_number(number: str, token: str) -> Verification:
    """Without the code printed on the certificate, a number says nothing (no enumeration)."""
    certificate = by_number(number)
    given = token.strip().upper().replace(" ", "")
    # As bytes: compare_digest refuses str with non-ASCII characters, and anyone may type any code.
    if certificate is None or not hmac.compare_digest(certificate.token.encode(), given.encode()):
        return Verification(status=Verdict.UNKNOWN)
    return _verified(certificate)


def verify_file(data: bytes) -> Verification:
    """Check the signature and trust chain of an uploaded PDF and that its hash is one we issued."""
    check = sign.check_pdf(data, keys.trust_roots_pem())
    known = session.scalars(select(CertificateFile).where(
        CertificateFile.sha256 == hashlib.sha256(data).hexdigest())).first()
    if known is None or not check.valid:
        return Verification(status=Verdict.INVALID if check.signed else Verdict.UNKNOWN, signature=check)
    certificate = session.get(Certificate, known.certificate_id)
    assert certificate is not None  # enforced by the foreign key
    found = _verified(certificate)
    return Verification(status=found.status, certificate=certificate, brand=found.brand, authority=found.authority,
                        signature=check, superseded=certificate.pdf_sha256 != known.sha256)


def _verified(certificate: Certificate) -> Verification:
    brand = session.get(Brand, certificate.brand_id)
    identity = session.get(SigningIdentity, certificate.identity_id) if certificate.identity_id else None
    if certificate.status == CertificateStatus.REVOKED:
        status = Verdict.REVOKED
    elif certificate.status == CertificateStatus.PENDING and certificate.pdf_sha256 is None:
        status = Verdict.PENDING
    elif certificate.valid_until < now_utc().astimezone(CHINA).date():
        status = Verdict.EXPIRED
    else:
        status = Verdict.VALID
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


def administers(user: User, region_code: str) -> bool:
    """Re-issues belong to the administrators of the authority's region or of a region above it."""
    region = regions.get(region_code)
    mine = [code for role, code in user.role_pairs if role == ADMIN]
    return region is not None and permissions.may_administer(mine, region.ancestor_codes)


def reissue_regions(user: User) -> list[RegionChoice]:
    """The authorities whose certificates the user may re-issue: the regions with an HR bureau (not
    townships or villages) within the regions where he is an administrator."""
    levels = [level.key for level in regions.all_levels() if level.authority_suffix]
    return picker.choices([code for role, code in user.role_pairs if role == ADMIN], levels=levels)


def batches(user: User, limit: int = 20) -> list[BatchProgress]:
    """The latest re-issues of the authorities within the user's administered regions."""
    mine = [code for role, code in user.role_pairs if role == ADMIN]
    within = regions.codes_within(mine)
    ids = session.scalars(select(CertificateBatch.id).where(CertificateBatch.region_code.in_(within))
                          .order_by(CertificateBatch.id.desc()).limit(limit))
    return [progress for batch_id in ids if (progress := batch_progress(batch_id))]
