"""`brandcert targets`: the policy targets the dashboard measures the library against."""

from __future__ import annotations

import click
from flask import Flask

from webapp.cli import cli, with_app
from webapp.library.targets import METRICS


@cli.group(help="Policy targets (政策目标) shown on the dashboard.")
def targets() -> None:
    pass


@targets.command("list", help="Every target: region, what it counts, the number and the year.")
@with_app
def list_targets(app: Flask) -> None:
    from webapp.library.targets import all_targets

    for row in all_targets():
        scope = "/".join(part for part in (row.level, row.brand_type) if part) or "-"
        click.echo(f"{row.id:4} {row.region_code} {row.metric:20} {scope:16} >= {row.target:<5} by {row.due_year}  "
                   f"{row.label}  [{row.source}]")


@targets.command("set", help="Add a target, or change the one a region has for this metric, level and type.")
@click.option("--region", required=True, help="region code, e.g. 220000")
@click.option("--metric", required=True, type=click.Choice(METRICS))
@click.option("--level", default=None, help="level key(s), comma-separated, e.g. nation or city,county")
@click.option("--type", "brand_type", default=None, help="brand type, e.g. 高品质服务型")
@click.option("--target", required=True, type=int)
@click.option("--year", "due_year", required=True, type=int)
@click.option("--label", required=True)
@click.option("--source", default="", help="the policy document that sets it")
@with_app
def set_target(app: Flask, region: str, metric: str, level: str | None, brand_type: str | None, target: int,
               due_year: int, label: str, source: str) -> None:
    from webapp.library.targets import set_target as put

    row = put(region, metric, target, due_year, label, source, level=level, brand_type=brand_type)
    click.echo(f"target {row.id}: {row.region_code} {row.metric} >= {row.target} by {row.due_year}")


@targets.command("seed-demo", help="Put the demo's Jilin, Baoji and Guangxi targets (also done by `brandcert demo`).")
@with_app
def seed_demo(app: Flask) -> None:
    from webapp.demo.targets import TARGETS, seed_targets

    seed_targets()
    click.echo(f"{len(TARGETS)} targets set")
