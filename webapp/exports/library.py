"""The library register as the pages and the exports show it: each entry with its brand, creation unit,
latest spot check and certificates. Here rather than in `webapp.library`, which sits below spot checks
and certificates in the layers and so cannot read them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from flask_babel import get_locale
from sqlalchemy import func, select

from webapp.applications.models import Brand, CreationUnit
from webapp.auth.models import User
from webapp.certificates.models import Certificate
from webapp.db import session
from webapp.i18n import _, translate
from webapp.library import queries
from webapp.library.models import LibraryEntry
from webapp.paging import Page
from webapp.regions import queries as regions
from webapp.spotcheck.models import Campaign, SpotCheck, SpotCheckStatus
from webapp.vocabulary import CERTIFICATE_STATUSES, OUTCOMES
from webapp.workdays.calendar import CHINA


@dataclass
class RegisterRow:
    entry: LibraryEntry
    brand: Brand
    unit: CreationUnit
    spot_check: SpotCheck | None = None
    """The brand's latest finished spot check."""
    spot_check_open: int | None = None
    """The year of the campaign whose spot check of the brand is planned or under way, if any."""
    certificates: list[Certificate] = field(default_factory=list)
    """The brand's certificates at the entry's level."""


def register_page(filters: queries.Filters, user: User) -> Page[RegisterRow]:
    """One page of the register as the library page shows it."""
    found = queries.register_page(filters, user)
    return replace(found, rows=register_rows(found.rows))


def register_rows(rows: Iterable[Any]) -> list[RegisterRow]:
    """(entry, brand, unit) rows with their spot checks and certificates, read in three queries."""
    found = [RegisterRow(entry, brand, unit) for entry, brand, unit in rows]
    brand_ids = sorted({row.brand.id for row in found})
    if not brand_ids:
        return found
    latest: dict[int, SpotCheck] = {}
    for check in session.scalars(select(SpotCheck).where(
            SpotCheck.brand_id.in_(brand_ids), SpotCheck.status == SpotCheckStatus.FINISHED)
            .order_by(SpotCheck.finished_at, SpotCheck.id)):
        latest[check.brand_id] = check
    open_checks = dict(session.execute(
        select(SpotCheck.brand_id, func.max(Campaign.year)).join(Campaign, Campaign.id == SpotCheck.campaign_id)
        .where(SpotCheck.brand_id.in_(brand_ids), SpotCheck.status != SpotCheckStatus.FINISHED)
        .group_by(SpotCheck.brand_id)).all())
    certificates: dict[tuple[int, str], list[Certificate]] = defaultdict(list)
    for certificate in session.scalars(select(Certificate).where(Certificate.brand_id.in_(brand_ids))
                                       .order_by(Certificate.issued_on, Certificate.id)):
        certificates[certificate.brand_id, certificate.level].append(certificate)
    for row in found:
        row.spot_check = latest.get(row.brand.id)
        row.spot_check_open = open_checks.get(row.brand.id)
        row.certificates = certificates.get((row.brand.id, row.entry.level), [])
    return found


def labels() -> dict[str, Any]:
    """The export's title, headers and value names in the reader's language, taken when the export is
    asked for: the worker that writes the file has no reader."""
    english = str(get_locale()) == "en"
    return {
        "title": str(_("Labor brand resource library")),
        # Filled in by the worker when it writes the file (placeholders left as they are here).
        "generated": str(_("Generated %(at)s by %(reader)s; %(count)s entries.")),
        "headers": [str(h) for h in (
            _("Brand"), _("Brand type"), _("Creation unit"), _("Level"), _("Region"), _("Status"),
            _("Recognized since"), _("Exited on"), _("Reason for exit"), _("Latest spot check"),
            _("Spot check date"), _("Certificates"))],
        "levels": {level.key: (level.name_en if english else level.name_zh) for level in regions.all_levels()},
        "statuses": {"active": str(_("in the library")), "exited": str(_("exited"))},
        "outcomes": {key: translate(message) for key, message in OUTCOMES.items()},
        "certificates": {key: translate(message) for key, message in CERTIFICATE_STATUSES.items()},
        "spot_check_open": str(_("Spot check under way (%(year)s)")),
    }


def _day(moment: Any) -> str:
    return moment.astimezone(CHINA).strftime("%Y-%m-%d") if moment else ""


def cells(row: RegisterRow, names: dict[str, Any]) -> list[str]:
    """One row of an export, as text in the order of `labels()["headers"]`."""
    region = regions.get(row.entry.region_code)
    # a spot check under way is the latest one; the result of the one before waits for the page
    check = None if row.spot_check_open else row.spot_check
    open_check = names.get("spot_check_open", "") % {"year": row.spot_check_open} if row.spot_check_open else ""
    return [
        row.brand.name, row.brand.brand_type, row.unit.name,
        names["levels"].get(row.entry.level, row.entry.level), region.name if region else row.entry.region_code,
        names["statuses"].get(str(row.entry.status), str(row.entry.status)), _day(row.entry.entered_at),
        _day(row.entry.exited_at), row.entry.exit_reason or "",
        names["outcomes"].get(check.outcome or "", check.outcome or "") if check else open_check,
        _day(check.finished_at) if check else "",
        "; ".join(f"{c.number} ({names['certificates'].get(str(c.status), str(c.status))})"
                  for c in row.certificates),
    ]
