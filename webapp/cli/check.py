"""`brandcert check`: after a crash or a restore, do cases, inboxes and the audit trail agree?"""

from __future__ import annotations

import click
from flask import Flask

from webapp.cli import cli, with_app

SHOWN = 50


@cli.command(help="Check that every case's workflow state, inbox rows and audit events agree; exit 1 if not.")
@click.option("--case", "cases", multiple=True, type=int, help="Check only this process instance (repeatable).")
@with_app
def check(app: Flask, cases: tuple[int, ...]) -> None:
    from webapp.ops.check import check_all

    report = check_all(list(cases) or None)
    click.echo(f"{report.instances} cases, {report.tasks} inbox rows, {report.events} audit events checked; "
               f"{report.timers_overdue} cases with a timer overdue")
    if report.consistent:
        click.echo("consistent: nothing to repair")
        return
    for finding in report.findings[:SHOWN]:
        click.echo(f"case {finding.instance_id}: {finding.message}", err=True)
    if len(report.findings) > SHOWN:
        click.echo(f"... {len(report.findings) - SHOWN} more", err=True)
    click.echo(f"INCONSISTENT: {len(report.findings)} findings", err=True)
    raise SystemExit(1)
