"""`brandcert check`: after a crash or a restore, do cases, inboxes and the audit trail agree?"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click
from flask import Flask

from webapp.cli import cli, with_app

if TYPE_CHECKING:
    from webapp.designer.stranded import StrandedTask

SHOWN = 50


@cli.command(help="Check that every case's workflow state, inbox rows and audit events agree; exit 1 if not. "
                  "Also lists waiting tasks that no active user may act on.")
@click.option("--case", "cases", multiple=True, type=int, help="Check only this process instance (repeatable).")
@with_app
def check(app: Flask, cases: tuple[int, ...]) -> None:
    from webapp.ops.check import check_all

    report = check_all(list(cases) or None)
    click.echo(f"{report.instances} cases, {report.tasks} inbox rows, {report.events} audit events checked; "
               f"{report.timers_overdue} cases with a timer overdue")
    _stranded(report.stranded)
    if report.consistent:
        click.echo("consistent: nothing to repair")
        return
    for finding in report.findings[:SHOWN]:
        click.echo(f"case {finding.instance_id}: {finding.message}", err=True)
    if len(report.findings) > SHOWN:
        click.echo(f"... {len(report.findings) - SHOWN} more", err=True)
    click.echo(f"INCONSISTENT: {len(report.findings)} findings", err=True)
    raise SystemExit(1)


def _stranded(tasks: list[StrandedTask]) -> None:
    """Waiting with nobody to act: the state is consistent (exit 0 for them alone, `/healthz` says
    `degraded`), but these cases move only once someone may act on them."""
    if not tasks:
        return
    click.echo(f"waiting with nobody to act: {len(tasks)} task(s); create the missing officials or move the cases "
               "(/admin/processes/stranded)")
    for task in tasks[:SHOWN]:
        where = f"{task.level_name} {task.region_name} {task.region_code or ''}".strip() if task.region_name else \
            f"{task.level_name or task.lane or '-'} (no region at this level)"
        click.echo(f"  case {task.instance_id} {task.title}: {task.name} ({task.bpmn_id}), {task.process_key} "
                   f"v{task.version}, {task.role} at {where}, waiting since {task.since:%Y-%m-%d %H:%M} UTC: "
                   f"{task.why}")
    if len(tasks) > SHOWN:
        click.echo(f"  ... {len(tasks) - SHOWN} more")
