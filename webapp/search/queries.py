"""Finding a brand by its name, a creation unit by its name or a certificate by its number, among the
records the user may read: the rule of the brand and application pages (`applications.queries.readable_by`),
so that every result opens and nothing outside the user's jurisdiction is even named."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, exists, func, or_, select

from webapp.applications.models import Application, Brand, CreationUnit
from webapp.applications.queries import readable_by
from webapp.auth.models import User
from webapp.certificates.models import Certificate
from webapp.db import session
from webapp.paging import Page, fetch, fetch_scalars

KINDS = ("brand", "unit", "certificate")
TEXT_LIMIT = 60


@dataclass(frozen=True)
class BrandHit:
    brand: Brand
    unit: CreationUnit
    application: Application | None
    """The brand's latest application: where the case stands."""


@dataclass(frozen=True)
class UnitHit:
    unit: CreationUnit
    brands: list[Brand]
    """The unit's brands the user may read."""


@dataclass(frozen=True)
class CertificateHit:
    certificate: Certificate
    brand: Brand


def words(text: str | None) -> str:
    """What was typed, as searched: spaces trimmed and runs of them made one, at most TEXT_LIMIT characters."""
    return " ".join((text or "").split())[:TEXT_LIMIT]


def search(text: str, user: User, *, kind: str = "", number: int = 1) -> dict[str, Page[Any]]:
    """A page of each kind of record (page `number` of `kind` when one is chosen, else the first of each)."""
    return {"brand": _brands(text, user, number if kind == "brand" else 1),
            "unit": _units(text, user, number if kind == "unit" else 1),
            "certificate": _certificates(text, user, number if kind == "certificate" else 1)}


def _brands(text: str, user: User, number: int) -> Page[BrandHit]:
    query: Select[Any] = (select(Brand, CreationUnit).join(CreationUnit, CreationUnit.id == Brand.unit_id)
                          .where(Brand.name.contains(text, autoescape=True),
                                 readable_by(user, Brand.base_region_code, Brand.unit_id))
                          .order_by(Brand.name, Brand.id))
    page = fetch(query, number)
    latest = _latest_applications([brand.id for brand, _unit in page.rows])
    return page.map(lambda row: BrandHit(brand=row[0], unit=row[1], application=latest.get(row[0].id)))


def _units(text: str, user: User, number: int) -> Page[UnitHit]:
    """Units named so: the user's own, those within the user's regions, and those with a brand the user
    may read (a village official reads the brands of his village, not the county's units)."""
    readable_brand = exists().where(Brand.unit_id == CreationUnit.id,
                                    readable_by(user, Brand.base_region_code, Brand.unit_id))
    query = (select(CreationUnit).where(CreationUnit.name.contains(text, autoescape=True),
                                        or_(readable_by(user, CreationUnit.region_code, CreationUnit.id),
                                            readable_brand))
             .order_by(CreationUnit.name, CreationUnit.id))
    page = fetch_scalars(query, number)
    brands: dict[int, list[Brand]] = {}
    if page.rows:
        for brand in session.scalars(select(Brand).where(
                Brand.unit_id.in_([unit.id for unit in page.rows]),
                readable_by(user, Brand.base_region_code, Brand.unit_id)).order_by(Brand.name)):
            brands.setdefault(brand.unit_id, []).append(brand)
    return page.map(lambda unit: UnitHit(unit=unit, brands=brands.get(unit.id, [])))


def _certificates(text: str, user: User, number: int) -> Page[CertificateHit]:
    """By number, whatever the case typed (numbers are printed in capitals)."""
    query = (select(Certificate, Brand).join(Brand, Brand.id == Certificate.brand_id)
             .where(func.upper(Certificate.number).contains(text.upper(), autoescape=True),
                    readable_by(user, Brand.base_region_code, Brand.unit_id))
             .order_by(Certificate.issued_on.desc(), Certificate.id.desc()))
    return fetch(query, number).map(lambda row: CertificateHit(certificate=row[0], brand=row[1]))


def _latest_applications(brand_ids: list[int]) -> dict[int, Application]:
    latest: dict[int, Application] = {}
    if brand_ids:
        for application in session.scalars(select(Application).where(Application.brand_id.in_(brand_ids))
                                           .order_by(Application.id)):
            latest[application.brand_id or 0] = application
    return latest
