"""`brandcert audit`: verify the trail, sign a checkpoint."""

from __future__ import annotations

import click
from flask import Flask

from webapp.cli import cli, with_app


@cli.group(help="The audit trail: verify it, sign a checkpoint of its chain heads.")
def audit() -> None:
    pass


@audit.command("verify", help="Check every hash chain and checkpoint; exit 1 naming the first broken event.")
@with_app
def audit_verify(app: Flask) -> None:
    from webapp.audit.services import run_verification

    _verification, report = run_verification()
    click.echo(f"{report.events} events in {report.chains} chains; {report.checkpoints} checkpoints")
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
                                  "it hourly).")
@with_app
def audit_checkpoint(app: Flask) -> None:
    from webapp.audit.checkpoints import make_checkpoint

    checkpoint = make_checkpoint()
    click.echo(f"checkpoint {checkpoint.id}: {checkpoint.heads_count} chain heads signed" if checkpoint
               else "no chain moved since the last checkpoint")
