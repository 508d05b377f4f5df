"""The `brandcert` command line: set-up, demo, serving and the worker here; the command groups
(workflows, keys and certificates, spot checks, audit, users and tokens) in the modules beside it.

`cli` is a Flask `AppGroup`: each command runs inside the context of the app that the click context's
`ScriptInfo` loads. `main` (the installed `brandcert`) gives it `create_app`, which reads the
environment; `app.test_cli_runner()` gives it the test's app. Not a `FlaskGroup`: that one adds
`--app`/`--debug`/`--env-file`, loads the app to list commands in `--help`, and turns `app.run()` into
a no-op, none of which `brandcert` wants."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import click
from flask import Flask, current_app
from flask.cli import AppGroup, ScriptInfo

from webapp import create_app
from webapp.errors import DomainError


def with_app(command: Callable[..., Any]) -> Callable[..., Any]:
    """Hand a command the app whose context the group pushed; domain errors become a clean exit."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(current_app._get_current_object(), *args, **kwargs)  # type: ignore[attr-defined]
        except DomainError as error:
            for field, messages in error.field_errors.items():
                click.echo(f"  {field}: {'; '.join(map(str, messages))}", err=True)
            raise click.ClickException(str(error.message)) from None

    return wrapper


@click.group(cls=AppGroup, help="brandcert: recognition and supervision of labor-service brands (劳务品牌).")
def cli() -> None:
    pass


@cli.command(help="Create or migrate the database and deploy the bundled workflows.")
@with_app
def init(app: Flask) -> None:
    from webapp.admin.services import initialize
    from webapp.db import refresh_statistics
    from webapp.migrations import upgrade

    schema = upgrade(app.config["DATABASE_URL"])
    report = initialize(app.config["WORKFLOWS_DIR"], app.config["FORMS_DIR"], schema=schema)
    refresh_statistics()
    click.echo(f"database ready; calendar years added: {report.calendar_years_added}")
    if report.calendar_missing_year:
        click.echo(f"warning: the holidays of {report.calendar_missing_year} are not entered; deadlines reaching "
                   f"into it count Monday-Friday. Enter them: brandcert calendar set {report.calendar_missing_year} "
                   "--file NOTICE.txt (or 工作日历 in the web interface)")
    click.echo("deployed: " + (", ".join(report.deployed) if report.deployed else "nothing new"))
    if report.differing:
        click.echo("left as deployed (edit or deploy them with `brandcert workflows deploy`): "
                   + ", ".join(report.differing))


@cli.command(help="Load the demo regions, people and brands (once) and print the logins.")
@with_app
def demo(app: Flask) -> None:
    from webapp.audit.services import run_verification
    from webapp.certificates.services import init_development_keys
    from webapp.demo import scenario
    from webapp.worker import run_once

    loaded = scenario.load()
    click.echo("demo data loaded" if loaded else "demo data was already loaded")
    created = init_development_keys()
    click.echo(f"development signing keys: {len(created)} new, in {app.config['KEYS_DIR']}")
    _timers, signed = run_once()  # also signs the first checkpoint of the audit trail
    click.echo(f"certificates signed: {signed}")
    _verification, report = run_verification()
    click.echo(f"audit trail: {report.events} events in {report.chains} chains, "
               f"{'intact' if report.intact else 'BROKEN'}")
    click.echo(scenario.logins_text())


# Without the group's app context: requests served inside one would share it (and its `g` and session).
@cli.command(help="Serve the app (development server; use gunicorn in production).", with_appcontext=False)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--with-worker", is_flag=True, help="Also run the background worker in this process (demo).")
@click.pass_obj
def serve(script: ScriptInfo, host: str, port: int, with_worker: bool) -> None:
    app = script.load_app()
    if with_worker:
        import threading

        from webapp import worker as background

        def work() -> None:
            with app.app_context():  # messages are written in each recipient's language
                background.run_forever()

        threading.Thread(target=work, daemon=True, name="worker").start()
    app.run(host=host, port=port, threaded=True)


@cli.command(help="Fire every due timer once.")
@with_app
def timers(app: Flask) -> None:
    from webapp.worker import fire_due_timers

    click.echo(f"instances advanced: {fire_due_timers()}")


@cli.command(help="Run the background worker: due timers, campaigns, certificates, messages, audit checkpoints.")
@click.option("--once", is_flag=True, help="Do the work that is due now, then stop.")
@click.option("--interval", default=5.0, show_default=True, help="Seconds to wait when there is nothing to do.")
@with_app
def worker(app: Flask, once: bool, interval: float) -> None:
    from webapp import worker as background
    from webapp.ops import logs

    logs.configure()
    if once:
        fired, issued = background.run_once()
        click.echo(f"timers fired: {fired}; certificates issued: {issued}")
    else:
        background.run_forever(interval)


def main() -> None:
    """The installed `brandcert`: its app comes from `create_app`, which reads the environment."""
    cli(obj=ScriptInfo(create_app=create_app, set_debug_flag=False))


# The command groups register themselves on `cli` when imported.
from webapp.cli import (  # noqa: E402, F401
    audit,
    certificates,
    check,
    holidays,
    people,
    supervision,
    targets,
    workflows,
)
