"""Which awards and subsidies a brand qualifies for, and why.

The rules live in deployed DMN decisions (`workflows/award_*.dmn`) that administrators edit in the
designer; this module only gathers each decision's inputs from the brand's latest application and
the brand's region, and reports the decision with the matched rule's annotation as the reason.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from webapp import engine
from webapp.applications.models import Application, Brand
from webapp.applications.queries import applications_of_brand
from webapp.errors import NotFound, ProcessError
from webapp.i18n import N_, translate
from webapp.regions import queries as regions
from webapp.vocabulary import PROCESSES, named


@dataclass(frozen=True)
class Award:
    decision_id: str
    """Its name is the decision's in `vocabulary.PROCESSES`."""
    sources: str
    """msgid saying where the inputs come from."""
    inputs: Callable[[Brand, Mapping[str, Any]], dict[str, Any]]
    region_code: str | None
    """The region whose policy it is, None for a national one. Only brands based in it (or below it) are
    shown it: a brand elsewhere is not told on every visit that it does not qualify for another city's award."""


def _number(data: Mapping[str, Any], name: str) -> int:
    value = data.get(name)
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


AWARDS = [
    Award("award_baoji_absorption",
          N_("Region of the brand; workers absorbed under signed agreements (application form)."),
          lambda brand, data: {"region_code": brand.base_region_code,
                               "agreement_workers": _number(data, "agreement_workers")}, region_code="610300"),
    Award("award_luding_placement",
          N_("Region of the brand; persons placed, contract length and social insurance (application form)."),
          lambda brand, data: {"region_code": brand.base_region_code,
                               "placed_persons": _number(data, "placed_persons"),
                               "contract_months": _number(data, "contract_months"),
                               "social_insurance": data.get("social_insurance") is True}, region_code="513322"),
    Award("award_training_allowance",
          N_("People trained this year, training days and whether the allowance was paid this year "
             "(application form)."),
          lambda brand, data: {"trainees": _number(data, "trained_this_year"),
                               "training_days": _number(data, "training_days"),
                               "allowance_paid_this_year": data.get("allowance_paid_this_year") is True},
          region_code=None),
]


@dataclass(frozen=True)
class AwardStatus:
    decision_id: str
    title: str
    eligible: bool
    amount: float
    because: str
    """The matched rule's annotation; or why the decision could not be made."""
    version: int | None
    sources: str
    inputs: dict[str, Any]


def latest_application(brand_id: int) -> Application | None:
    applications = applications_of_brand(brand_id)
    return applications[-1] if applications else None


def for_brand(brand: Brand) -> list[AwardStatus]:
    """Every award of the brand's own regions (its region and those above it) with the brand's standing;
    an undeployed or failing decision reads as not eligible."""
    application = latest_application(brand.id)
    data = application.data if application is not None else {}
    own = set(regions.path_codes(brand.base_region_code))
    return [_status(award, award.inputs(brand, data)) for award in AWARDS
            if award.region_code is None or award.region_code in own]


def _status(award: Award, inputs: dict[str, Any]) -> AwardStatus:
    try:
        result = engine.decide(award.decision_id, inputs)
    except (NotFound, ProcessError) as error:
        return AwardStatus(award.decision_id, named(PROCESSES, award.decision_id), False, 0, str(error.message), None,
                           translate(award.sources), inputs)
    outputs = result.outputs
    because = result.rules[0].annotation if result.rules else translate(N_("No rule of the decision applies."))
    amount = outputs.get("amount")
    return AwardStatus(award.decision_id, named(PROCESSES, award.decision_id), outputs.get("eligible") is True,
                       amount if isinstance(amount, int | float) and not isinstance(amount, bool) else 0,
                       because, result.version, translate(award.sources), inputs)
