"""Recognition certificates (授牌), the keys that sign them, and batches of re-issues."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from webapp.clock import now_utc
from webapp.db import Base


class SigningIdentity(Base):
    """The key and certificate with which an authority (e.g. 宝鸡市人力资源和社会保障局) signs.

    The private key lives in a file outside the repository (mode 600); only its path is stored.
    """

    __tablename__ = "signing_identity"

    id: Mapped[int] = mapped_column(primary_key=True)
    region_code: Mapped[str] = mapped_column(ForeignKey("region.code"), index=True)
    authority: Mapped[str] = mapped_column(String(120))
    certificate_pem: Mapped[str] = mapped_column(Text)
    chain_pem: Mapped[str] = mapped_column(Text)
    """Issuing CA certificates, up to and including the root."""
    key_path: Mapped[str] = mapped_column(String(500))
    source: Mapped[str] = mapped_column(String(20))
    """`development` (brandcert keys init) or `pkcs12` (imported)."""
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=now_utc)

    def __repr__(self) -> str:
        return f"<SigningIdentity {self.id} {self.region_code} {self.authority}>"


class CertificateStatus(StrEnum):
    PENDING = "pending"
    """Planned at recognition; the worker renders and signs it."""
    ISSUED = "issued"
    REVOKED = "revoked"


class Certificate(Base):
    __tablename__ = "certificate"
    __table_args__ = (Index("ix_certificate_pending", "status", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(40), unique=True)
    """Readable and unique: LB-<region code>-<year>-<sequence>, e.g. LB-610300-2026-00042."""
    token: Mapped[str] = mapped_column(String(20))
    """Random verification code printed on the certificate, so numbers cannot be enumerated."""
    brand_id: Mapped[int] = mapped_column(ForeignKey("brand.id"), index=True)
    application_id: Mapped[int | None] = mapped_column(ForeignKey("application.id"))
    level: Mapped[str] = mapped_column(String(40))
    region_code: Mapped[str] = mapped_column(ForeignKey("region.code"))
    status: Mapped[CertificateStatus] = mapped_column(String(20), default=CertificateStatus.PENDING)
    issued_on: Mapped[date]
    valid_until: Mapped[date]
    identity_id: Mapped[int | None] = mapped_column(ForeignKey("signing_identity.id"))
    pdf_sha256: Mapped[str | None] = mapped_column(String(64))
    pdf_path: Mapped[str | None] = mapped_column(String(500))
    signed_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    revoke_reason: Mapped[str | None] = mapped_column(Text)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("certificate_batch.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=now_utc)

    def __repr__(self) -> str:
        return f"<Certificate {self.id} {self.number} {self.status}>"


class CertificateFile(Base):
    """Every signed copy ever issued, so an uploaded older copy is recognized as superseded."""

    __tablename__ = "certificate_file"

    id: Mapped[int] = mapped_column(primary_key=True)
    certificate_id: Mapped[int] = mapped_column(ForeignKey("certificate.id"), index=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    path: Mapped[str] = mapped_column(String(500))
    identity_id: Mapped[int] = mapped_column(ForeignKey("signing_identity.id"))
    signed_at: Mapped[datetime] = mapped_column(default=now_utc)


class CertificateBatch(Base):
    """A re-issue of many certificates (e.g. after an authority's key changed), run by the worker."""

    __tablename__ = "certificate_batch"

    id: Mapped[int] = mapped_column(primary_key=True)
    region_code: Mapped[str] = mapped_column(ForeignKey("region.code"))
    reason: Mapped[str] = mapped_column(Text)
    total: Mapped[int]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[datetime] = mapped_column(default=now_utc)
    finished_at: Mapped[datetime | None]


class CertificateCounter(Base):
    """The last sequence number given out per region and year."""

    __tablename__ = "certificate_counter"
    __table_args__ = (UniqueConstraint("region_code", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    region_code: Mapped[str] = mapped_column(String(12))
    year: Mapped[int]
    last: Mapped[int] = mapped_column(default=0)
