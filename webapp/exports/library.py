"""The library register as the pages and the exports show it: each entry with its brand, creation unit,
latest spot check and certificates. Here rather than in `webapp.library`, which sits below spot checks
and certificates in the layers and so cannot read them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from flask_babel import get_locale
from sqlalchemy import select

from webapp.applications.models import Brand, CreationUnit
from webapp.certificates.models import Certificate
from webapp.db import session
from webapp.i18n import _, translate
from webapp.library.models import LibraryEntry
from webapp.regions import queries as regions
from webapp.spotcheck.models import SpotCheck, SpotCheckStatus
from webapp.vocabulary import OUTCOMES
from webapp.workdays.calendar import CHINA


@dataclass
class RegisterRow:
    entry: LibraryEntry
    brand: Brand
    unit: CreationUnit
    spot_check: SpotCheck | None = None
    """The brand's latest finished spot check."""
    certificates: list[Certificate] = field(default_factory=list)
    """The brand's certificates at the entry's level."""


def register_rows(rows: Iterable[Any]) -> list[RegisterRow]:
    """(entry, brand, unit) rows with their spot checks and certificates, read in two queries."""
    found = [RegisterRow(entry, brand, unit) for entry, brand, unit in rows]
    brand_ids = sorted({row.brand.id for row in found})
    if not brand_ids:
        return found
    latest: dict[int, SpotCheck] = {}
    for check in session.scalars(select(SpotCheck).where(
            SpotCheck.brand_id.in_(brand_ids), SpotCheck.status == SpotCheckStatus.FINISHED)
            .order_by(SpotCheck.finished_at, SpotCheck.id)):
        latest[check.brand_id] = check
    certificates: dict[tuple[int, str], list[Certificate]] = defaultdict(list)
    for certificate in session.scalars(select(Certificate).where(Certificate.brand_id.in_(brand_ids))
                                       .order_by(Certificate.issued_on, Certificate.id)):
        certificates[certificate.brand_id, certificate.level].append(certificate)
    for row in found:
        row.spot_check = latest.get(row.brand.id)
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
        "certificates": {"pending": str(_("being signed")), "issued": str(_("valid")),
                         "revoked": str(_("revoked"))},
    }


def _day(moment: Any) -> str:
    return moment.astimezone(CHINA).strftime("%Y-%m-%d") if moment else ""


def cells(row: RegisterRow, names: dict[str, Any]) -> list[str]:
    """One row of an export, as text in the order of `labels()["headers"]`."""
    region = regions.get(row.entry.region_code)
    check = row.spot_check
    return [
        row.brand.name, row.brand.brand_type, row.unit.name,
        names["levels"].get(row.entry.level, row.entry.level), region.name if region else row.entry.region_code,
        names["statuses"].get(str(row.entry.status), str(row.entry.status)), _day(row.entry.entered_at),
        _day(row.entry.exited_at), row.entry.exit_reason or "",
        names["outcomes"].get(check.outcome or "", check.outcome or "") if check else "",
        _day(check.finished_at) if check else "",
        "; ".join(f"{c.number} ({names['certificates'].get(str(c.status), str(c.status))})"
                  for c in row.certificates),
    ]
