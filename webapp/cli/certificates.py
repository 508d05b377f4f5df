"""`brandcert keys` and `brandcert cert`: signing keys and certificates."""

from __future__ import annotations

import click
from flask import Flask

from webapp.cli import cli, with_app


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

    click.echo(f"revoked {revoke(number, reason=reason, actor=None).number}")


@cert.command("reissue", help="Sign again every certificate of one authority (the worker does it).")
@click.option("--region", "region_code", required=True)
@click.option("--reason", default="re-issue with a new key")
@with_app
def cert_reissue(app: Flask, region_code: str, reason: str) -> None:
    from webapp.certificates.services import start_reissue

    batch = start_reissue(region_code, reason=reason, actor=None)
    click.echo(f"batch {batch.id}: {batch.total} certificates queued for the worker")
