"""`brandcert spotcheck`: yearly spot check campaigns."""

from __future__ import annotations

import click
from flask import Flask

from webapp.cli import cli, with_app


@cli.group(help="Yearly spot checks of recognized brands.")
def spotcheck() -> None:
    pass


@spotcheck.command("start", help="Draw a sample over the libraries of a region and start the checks.")
@click.option("--region", "region_code", required=True)
@click.option("--rate", default=0.2, show_default=True, type=float)
@click.option("--seed", default=None, help="the same seed draws the same sample")
@with_app
def spotcheck_start(app: Flask, region_code: str, rate: float, seed: str | None) -> None:
    from webapp.spotcheck.services import start_campaign, start_planned

    campaign = start_campaign(region_code, rate=rate, seed=seed, actor=None)
    started = 0
    while count := start_planned(limit=200):
        started += count
    click.echo(f"campaign {campaign.id} (seed {campaign.seed}): {started} spot checks started")


@spotcheck.command("schedule", help="Start a campaign every year on a date, e.g. --date 03-01.")
@click.option("--region", "region_code", required=True)
@click.option("--date", "month_day", required=True, help="MM-DD, Beijing time")
@click.option("--rate", default=0.2, show_default=True, type=float)
@with_app
def spotcheck_schedule(app: Flask, region_code: str, month_day: str, rate: float) -> None:
    from webapp.spotcheck.services import schedule_campaign

    month, _, day = month_day.partition("-")
    if not (month.isdigit() and day.isdigit()):
        raise click.BadParameter("use MM-DD", param_hint="--date")
    schedule = schedule_campaign(region_code, month=int(month), day=int(day), rate=rate, actor=None)
    click.echo(f"schedule {schedule.id}: every year on {int(month):02d}-{int(day):02d}, {rate:.0%} of each library")
