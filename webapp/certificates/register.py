"""The register of certificates (证书登记簿): what the authorities within the reader's jurisdiction issued,
filtered by brand, authority, level, status and year, a page at a time."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Select, extract, or_, select

from webapp.applications.models import Brand
from webapp.auth import queries as people
from webapp.auth.models import User
from webapp.certificates import queries
from webapp.certificates.models import Certificate, CertificateStatus
from webapp.db import session
from webapp.errors import Invalid, NotFound
from webapp.i18n import _
from webapp.listing import ListFilters, page_from, year_from
from webapp.paging import Page, fetch
from webapp.regions import picker
from webapp.regions import queries as regions
from webapp.workdays import calendar

TEXT_LIMIT = 60
STATUSES = (str(CertificateStatus.ISSUED), str(CertificateStatus.REVOKED))
"""The statuses one filters by; a certificate still being signed shows under neither, as on the brand page."""


@dataclass(frozen=True)
class Filters(ListFilters):
    q: str = ""
    """Part of a brand's name or of a certificate's number."""
    authority: str = ""
    """The region whose authority issued it (a code, shown by name in the choice)."""
    level: str = ""
    status: str = ""
    year: int | None = None
    page: int = 1

    @classmethod
    def parse(cls, args: Mapping[str, Any]) -> Filters:
        """Filters from a query string; bad values are reported by field."""
        errors: dict[str, list[Any]] = {}
        values: dict[str, Any] = {name: str(args.get(name) or "").strip()[:TEXT_LIMIT]
                                  for name in ("q", "authority", "level", "status")}
        if values["authority"] and (unknown := picker.unknown(values["authority"])):
            errors["authority"] = unknown
        if values["level"] and values["level"] not in {level.key for level in regions.all_levels()}:
            errors["level"] = [_("Unknown level.")]
        if values["status"] and values["status"] not in STATUSES:
            errors["status"] = [_("Choose issued or revoked.")]
        values["year"] = year_from(args, errors)
        values["page"] = page_from(args, errors)
        if errors:
            raise Invalid(_("The search has errors."), field_errors=errors)
        return cls(**values)



@dataclass(frozen=True)
class Row:
    certificate: Certificate
    brand: Brand
    has_file: bool
    revocable: bool
    """The reader may revoke it (the one rule of `services.revoke`) and it is not revoked yet."""

    @property
    def expired(self) -> bool:
        return self.certificate.valid_until < calendar.today()


def readable_regions(user: User) -> list[str] | None:
    """The regions whose authorities' certificates the user reads; None for no limit (a national role)."""
    return people.case_reader_scope(user, _("The register of certificates is for officials, auditors and "
                                            "administrators."))


def register(filters: Filters, user: User) -> Select[tuple[Certificate, Brand]]:
    """Certificates of the authorities within the user's jurisdiction with their brands, newest first."""
    within = readable_regions(user)
    query = select(Certificate, Brand).join(Brand, Brand.id == Certificate.brand_id)
    if filters.authority:  # that authority's own certificates, not those of the authorities below it
        picker.narrowed(within, filters.authority)  # refused by name outside the jurisdiction
        query = query.where(Certificate.region_code == filters.authority)
    elif within is not None:
        query = query.where(Certificate.region_code.in_(regions.codes_within(within)))
    if filters.level:
        query = query.where(Certificate.level == filters.level)
    if filters.status:
        query = query.where(Certificate.status == filters.status)
    if filters.year:
        query = query.where(extract("year", Certificate.issued_on) == filters.year)
    if filters.q:
        query = query.where(or_(Brand.name.contains(filters.q, autoescape=True),
                                Certificate.number.contains(filters.q, autoescape=True)))
    return query.order_by(Certificate.issued_on.desc(), Certificate.id.desc())


def page(filters: Filters, user: User) -> Page[Row]:
    def row(found: Any) -> Row:
        certificate, brand = found
        return Row(certificate=certificate, brand=brand, has_file=_has_file(certificate),
                   revocable=revocable(certificate, user))

    return fetch(register(filters, user), filters.page).map(row)


def authorities(user: User) -> list[picker.RegionChoice]:
    """The regions within the user's jurisdiction whose authorities issued certificates, for the filter."""
    within = readable_regions(user)
    query = select(Certificate.region_code).distinct()
    if within is not None:
        query = query.where(Certificate.region_code.in_(regions.codes_within(within)))
    found = [choice for code in session.scalars(query) if (choice := picker.choice_for(code)) is not None]
    return sorted(found, key=lambda choice: choice.label)


def readable(number: str, user: User) -> tuple[Certificate, Brand]:
    """A certificate of the register and its brand. Unknown numbers and those outside the jurisdiction
    get the same answer, so nobody can probe which numbers exist."""
    within = readable_regions(user)
    certificate = queries.by_number(number)
    region = regions.get(certificate.region_code) if certificate else None
    if certificate is None or region is None or (within is not None and not set(region.ancestor_codes) & set(within)):
        raise NotFound(_("Certificate %(number)s does not exist.", number=number))
    brand = session.get(Brand, certificate.brand_id)
    assert brand is not None  # enforced by the foreign key
    return certificate, brand


def revocable(certificate: Certificate, user: User) -> bool:
    return certificate.status != CertificateStatus.REVOKED and queries.administers(user, certificate.region_code)


def _has_file(certificate: Certificate) -> bool:
    return bool(certificate.pdf_path) and Path(str(certificate.pdf_path)).exists()
