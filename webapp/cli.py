"""The `brandcert` command line."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import click
from flask import Flask

from webapp import create_app
from webapp.errors import DomainError


def with_app(command: Callable[..., Any]) -> Callable[..., Any]:
    """Run a command inside an application context; domain errors become a clean exit."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        app = create_app()
        with app.app_context():
            try:
                return command(app, *args, **kwargs)
            except DomainError as error:
                for field, messages in error.field_errors.items():
                    click.echo(f"  {field}: {'; '.join(map(str, messages))}", err=True)
                raise click.ClickException(str(error.message)) from None

    return wrapper


@click.group(help="brandcert: recognition and supervision of labor-service brands (劳务品牌).")
def cli() -> None:
    pass


@cli.command(help="Create or migrate the database and deploy the bundled workflows.")
@with_app
def init(app: Flask) -> None:
    from webapp.admin.services import initialize
    from webapp.migrations import upgrade

    upgrade(app.config["DATABASE_URL"])
    report = initialize(app.config["WORKFLOWS_DIR"])
    click.echo(f"database ready; calendar years added: {report.calendar_years_added}")
    click.echo("deployed: " + (", ".join(report.deployed) if report.deployed else "nothing new"))


@cli.command(help="Load the demo regions, people and brands (once) and print the logins.")
@with_app
def demo(app: Flask) -> None:
    from webapp.certificates.services import init_development_keys
    from webapp.demo import scenario
    from webapp.worker import run_once

    loaded = scenario.load()
    click.echo("demo data loaded" if loaded else "demo data was already loaded")
    created = init_development_keys()
    click.echo(f"development signing keys: {len(created)} new, in {app.config['KEYS_DIR']}")
    _timers, signed = run_once()
    click.echo(f"certificates signed: {signed}")
    click.echo(scenario.logins_text())


@cli.command(help="Serve the app (development server; use gunicorn in production).")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--with-worker", is_flag=True, help="Also run the background worker in this process (demo).")
def serve(host: str, port: int, with_worker: bool) -> None:
    app = create_app()
    if with_worker:
        import threading

        from webapp import worker as background

        threading.Thread(target=background.run_forever, daemon=True, name="worker").start()
    app.run(host=host, port=port, threaded=True)


@cli.command(help="Fire every due timer once.")
@with_app
def timers(app: Flask) -> None:
    from webapp.worker import fire_due_timers

    click.echo(f"instances advanced: {fire_due_timers()}")


@cli.command(help="Run the background worker: due timers and pending certificates.")
@click.option("--once", is_flag=True, help="Do the work that is due now, then stop.")
@click.option("--interval", default=5.0, show_default=True, help="Seconds to wait when there is nothing to do.")
@with_app
def worker(app: Flask, once: bool, interval: float) -> None:
    from webapp import worker as background

    if once:
        fired, issued = background.run_once()
        click.echo(f"timers fired: {fired}; certificates issued: {issued}")
    else:
        background.run_forever(interval)


@cli.group(help="Signing keys of the issuing authorities.")
def keys() -> None:
    pass


@keys.command("init", help="Development and demo: a local CA and one signing key per authority.")
@with_app
def keys_init(app: Flask) -> None:
    from webapp.certificates.services import init_development_keys

    created = init_development_keys()
    click.echo(f"keys in {app.config['KEYS_DIR']}; new signing identities: {len(created)}")
    for identity in created:
        click.echo(f"  {identity.region_code} {identity.authority}")


@keys.command("import", help="Production: use an authority's PKCS#12 file from now on.")
@click.option("--region", "region_code", required=True, help="region code of the authority, e.g. 610300")
@click.option("--p12", "p12_file", required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--password-env", default=None, help="name of the environment variable holding the password")
@with_app
def keys_import(app: Flask, region_code: str, p12_file: str, password_env: str | None) -> None:
    import os
    from pathlib import Path

    from webapp.certificates.services import import_key

    password = os.environ.get(password_env, "").encode() if password_env else None
    identity = import_key(region_code, Path(p12_file).read_bytes(), password or None)
    click.echo(f"imported {identity.authority} for {identity.region_code}; run `brandcert cert reissue` to re-sign")


@cli.group(help="Certificates: verify, revoke, re-issue.")
def cert() -> None:
    pass


@cert.command("verify", help="Check a certificate PDF: signature, trust chain, fingerprint and status.")
@click.argument("pdf", type=click.Path(exists=True, dir_okay=False))
@with_app
def cert_verify(app: Flask, pdf: str) -> None:
    from pathlib import Path

    from webapp.certificates.queries import verify_file

    result = verify_file(Path(pdf).read_bytes())
    click.echo(f"status: {result.status}")
    if result.signature is not None:
        check = result.signature
        click.echo(f"signature: signed={check.signed} intact={check.intact} trusted={check.trusted} "
                   f"signer={check.signer}")
    if result.certificate is not None:
        certificate = result.certificate
        click.echo(f"certificate: {certificate.number} {result.brand.name if result.brand else ''} "
                   f"{certificate.level} {certificate.issued_on}..{certificate.valid_until}")
        if certificate.revoked_at:
            click.echo(f"revoked: {certificate.revoked_at.isoformat()} {certificate.revoke_reason}")
    if result.status != "valid":
        raise SystemExit(1)


@cert.command("revoke", help="Revoke one certificate.")
@click.argument("number")
@click.option("--reason", required=True)
@with_app
def cert_revoke(app: Flask, number: str, reason: str) -> None:
    from webapp.certificates.services import revoke

    click.echo(f"revoked {revoke(number, reason=reason).number}")


@cert.command("reissue", help="Sign again every certificate of one authority (the worker does it).")
@click.option("--region", "region_code", required=True)
@click.option("--reason", default="re-issue with a new key")
@with_app
def cert_reissue(app: Flask, region_code: str, reason: str) -> None:
    from webapp.certificates.services import start_reissue

    batch = start_reissue(region_code, reason=reason, actor=None)
    click.echo(f"batch {batch.id}: {batch.total} certificates queued for the worker")


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


@cli.group(help="Users and their roles.")
def users() -> None:
    pass


@users.command("create", help="Create a user; --role role@region may repeat, e.g. official@610323.")
@click.option("--username", required=True)
@click.option("--name", "display_name", default="")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--role", "roles", multiple=True, help="role@region-code")
@click.option("--unit", "unit_id", type=int, default=None, help="creation unit id (for applicants)")
@with_app
def create_user(app: Flask, username: str, display_name: str, password: str, roles: tuple[str, ...],
                unit_id: int | None) -> None:
    from webapp.auth.services import create_user as create

    pairs = []
    for item in roles:
        role, _, region = item.partition("@")
        if not role or not region:
            raise click.BadParameter(f"{item!r} is not role@region", param_hint="--role")
        pairs.append((role, region))
    user = create(username, password, display_name, roles=pairs, creation_unit_id=unit_id)
    click.echo(f"created user {user.id} {user.username}")


@cli.group(help="API tokens.")
def token() -> None:
    pass


@token.command("create", help="Issue an API token for a user.")
@click.argument("username")
@click.option("--hours", default=12, show_default=True, type=int)
@with_app
def create_token(app: Flask, username: str, hours: int) -> None:
    from webapp.auth.services import create_token as issue

    value, expires = issue(username, ttl_hours=hours)
    click.echo(value)
    click.echo(f"expires {expires.isoformat()}", err=True)


def main() -> None:
    cli()
