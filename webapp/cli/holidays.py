"""`brandcert calendar`: the working-day calendar (节假日安排) from the command line.

The file for `set` holds the State Council notice's lines, one holiday per line (the format of
`webapp.workdays.arrangement`, the same as the administrators' page), in UTF-8.
"""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask

from webapp.cli import cli, with_app


@cli.group(help="The working-day calendar: holidays and make-up working days per year.")
def calendar() -> None:
    pass


@calendar.command("list", help="Every year the calendar knows, with its source.")
@with_app
def list_years(app: Flask) -> None:
    from webapp.workdays import calendar as workdays

    for row in workdays.years():
        document = row.arrangement or {}
        source = f"entered by {row.entered_by}" if row.entered_by else row.source
        click.echo(f"{row.year}  {len(document.get('holidays', [])):2} holidays  "
                   f"{len(document.get('workdays', [])):2} make-up working days  {source}  "
                   f"{row.updated_at.astimezone(workdays.CHINA):%Y-%m-%d %H:%M}")
    missing = workdays.missing_next_year(workdays.today())
    if missing:
        click.echo(f"warning: the holidays of {missing} are not entered yet")


@calendar.command("show", help="A year's holidays and make-up working days.")
@click.argument("year", type=int)
@with_app
def show(app: Flask, year: int) -> None:
    from webapp.db import session
    from webapp.workdays.arrangement import Arrangement
    from webapp.workdays.models import WorkdayYear

    row = session.get(WorkdayYear, year)
    if row is None or row.arrangement is None:
        raise click.ClickException(f"{year} is not in the calendar; days are counted Monday-Friday.")
    arrangement = Arrangement.from_json(year, row.arrangement)
    for holiday in arrangement.holidays:
        worked = "、".join(w.day.isoformat() for w in arrangement.workdays if w.name == holiday.name)
        span = holiday.first.isoformat() + (f" – {holiday.last.isoformat()}" if holiday.last != holiday.first else "")
        click.echo(f"{holiday.name}：{span} 放假" + (f"；{worked} 上班" if worked else ""))


@calendar.command("set", help="Enter a year's holidays from a file of the notice's lines; recounts deadlines.")
@click.argument("year", type=int)
@click.option("--file", "path", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_app
def set_year(app: Flask, year: int, path: Path) -> None:
    from webapp.holidays.services import enter_year

    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise click.ClickException(f"{path} is not UTF-8 text; nothing was saved.") from None
    entered = enter_year(year, text, actor=None)
    click.echo(f"{year}: {len(entered.arrangement.holidays)} holidays, "
               f"{len(entered.arrangement.workdays)} make-up working days saved")
    for instance_id, change in entered.moved:
        click.echo(f"  case {instance_id}: {change.name} {change.old.isoformat()} -> {change.new.isoformat()}")
