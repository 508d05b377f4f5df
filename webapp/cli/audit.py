"""`brandcert audit`: verify the trail, sign a checkpoint."""

from __future__ import annotations

import click
from flask import Flask

from webapp.cli import cli, with_app


@cli.group(help="The audit trail: verify it, sign a checkpoint of its chain heads.")
def audit() -> None:
    pass


@audit.command("verify", help="Check every hash chain, the checkpoints and their witness; exit 1 naming the first "
                              "broken event.")
@with_app
def audit_verify(app: Flask) -> None:
    from webapp.audit.services import run_verification

    _verification, report = run_verification()
    click.echo(f"{report.events} events in {report.chains} chains; {report.checkpoints} checkpoints; "
               f"witness: {app.config['AUDIT_WITNESS']}")
    if report.intact:
        click.echo("the audit trail is intact")
        return
    first = report.problems[0]
    click.echo(f"BROKEN at {first.where}: {first.text()}", err=True)
    for problem in report.problems[1:20]:
        click.echo(f"  also at {problem.where}: {problem.text()}", err=True)
    if len(report.problems) > 20:
        click.echo(f"  ... {len(report.problems) - 20} more", err=True)
    raise SystemExit(1)


@audit.command("checkpoint", help="Sign the chain heads that moved since the last checkpoint (the worker does "
                                  "it hourly) and append it to the witness.")
@click.option("--new-witness", is_flag=True,
              help="Start a missing or empty witness with the newest checkpoint the database holds (after upgrading "
                   "to a version with a witness, or when a witness was lost: record why).")
@with_app
def audit_checkpoint(app: Flask, new_witness: bool) -> None:
    from webapp.audit.checkpoints import make_checkpoint

    checkpoint = make_checkpoint(new_witness=new_witness)
    click.echo(f"checkpoint #{checkpoint.seq}: {checkpoint.heads_count} chain heads signed" if checkpoint
               else "no chain moved since the last checkpoint")
    click.echo(f"witness: {app.config['AUDIT_WITNESS']}")
