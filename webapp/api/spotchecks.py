"""Spot check campaigns and the exit procedure over the API."""

from __future__ import annotations

from typing import Any

from webapp.api import actor, documented, json_body
from webapp.errors import Invalid
from webapp.exits import services as exits
from webapp.exits.models import ExitCase
from webapp.i18n import _
from webapp.spotcheck import queries, services


@documented("Start a spot check campaign over the libraries of a region (officials)", body="CampaignRequest",
            response="Campaign", status=201)
def start_campaign() -> Any:
    body = json_body()
    rate = body.get("rate", 0.2)
    if not isinstance(rate, int | float) or isinstance(rate, bool):
        raise Invalid(_("The sample rate is a share between 0 and 1."),
                      field_errors={"rate": [_("Choose a share between 0 and 1.")]})
    seed = body.get("seed")
    campaign = services.start_campaign(str(body.get("region", "")), rate=float(rate), actor=actor(),
                                       seed=str(seed) if seed else None)
    return campaign_json(campaign.id), 201


@documented("A campaign: its sample, progress and outcomes", response="Campaign")
def get_campaign(campaign_id: int) -> Any:
    return campaign_json(campaign_id)


def campaign_json(campaign_id: int) -> dict[str, Any]:
    report = queries.report(campaign_id, actor())
    campaign = report.campaign
    return {"id": campaign.id, "year": campaign.year, "region": campaign.region_code, "rate": campaign.sample_rate,
            "seed": campaign.seed, "active_brands": campaign.active_brands, "status": report.status,
            "outcomes": report.outcomes,
            "sample": [{"brand_id": row.brand.id, "brand": row.brand.name, "level": row.check.level,
                        "status": str(row.check.status), "outcome": row.check.outcome,
                        "instance_id": row.check.instance_id} for row in report.sample]}


@documented("Propose a brand's exit from the library, with a reason (officials)", body="ReasonRequest",
            response="ExitCase", status=201)
def propose_exit(brand_id: int) -> Any:
    return exit_json(exits.propose_exit(brand_id, str(json_body().get("reason", "")), actor=actor())), 201


@documented("Withdraw one's own brand from the library, with a reason (its creation unit)", body="ReasonRequest",
            response="ExitCase", status=201)
def withdraw(brand_id: int) -> Any:
    return exit_json(exits.withdraw(brand_id, str(json_body().get("reason", "")), actor=actor())), 201


def exit_json(case: ExitCase) -> dict[str, Any]:
    return {"id": case.id, "brand_id": case.brand_id, "origin": str(case.origin), "reason": case.reason,
            "level": case.level, "instance_id": case.instance_id, "outcome": case.outcome}
