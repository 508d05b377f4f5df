"""`brandcert users` and `brandcert token`: people and API tokens."""

from __future__ import annotations

import click
from flask import Flask

from webapp.cli import cli, with_app


@cli.group(help="Users and their roles.")
def users() -> None:
    pass


@users.command("create", help="Create a user; --role role@region may repeat, e.g. official@610323.")
@click.option("--username", required=True)
@click.option("--name", "display_name", default="")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--role", "roles", multiple=True, help="role@region-code")
@click.option("--unit", "unit_id", type=int, default=None,
              help="creation unit id (for applicants; the operator may bind any unit)")
@with_app
def create_user(app: Flask, username: str, display_name: str, password: str, roles: tuple[str, ...],
                unit_id: int | None) -> None:
    from webapp.people.services import create_user as create

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
@click.option("--name", default="", help="a label the user sees in their list of tokens, e.g. the script using it")
@with_app
def create_token(app: Flask, username: str, hours: int, name: str) -> None:
    from webapp.auth.tokens import create_token as issue

    value, token = issue(username, ttl_hours=hours, name=name)
    click.echo(value)
    click.echo(f"token {token.id}, expires {token.expires_at.isoformat()}", err=True)
