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
    from webapp.demo import scenario

    loaded = scenario.load()
    click.echo("demo data loaded" if loaded else "demo data was already loaded")
    click.echo(scenario.logins_text())


@cli.command(help="Serve the app (development server; use gunicorn in production).")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
def serve(host: str, port: int) -> None:
    create_app().run(host=host, port=port, threaded=True)


@cli.command(help="Fire every due timer once.")
@with_app
def timers(app: Flask) -> None:
    from webapp.worker import fire_due_timers

    click.echo(f"instances advanced: {fire_due_timers()}")


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
