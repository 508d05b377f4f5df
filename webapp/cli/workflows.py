"""`brandcert workflows`: check, deploy and list process versions; move running cases."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask

from webapp.cli import cli, with_app
from webapp.errors import ProcessDefinitionError


@cli.group(help="Process definitions: validate and deploy BPMN/DMN files, move running cases.")
def workflows() -> None:
    pass


def _read(paths: tuple[str, ...]) -> dict[str, bytes]:
    """Files by name; a directory stands for the BPMN and DMN files in it."""
    files: dict[str, bytes] = {}
    for given in paths:
        path = Path(given)
        found = sorted(p for p in path.iterdir() if p.suffix in (".bpmn", ".dmn")) if path.is_dir() else [path]
        files.update({p.name: p.read_bytes() for p in found})
    if not files:
        raise click.UsageError("no .bpmn or .dmn file given")
    return files


def _problems(error: ProcessDefinitionError) -> None:
    click.echo(f"refused, {len(error.problems)} problem(s); nothing was deployed:", err=True)
    for problem in error.problems:
        click.echo(f"  {problem}", err=True)
    raise SystemExit(1)


@workflows.command("validate", help="Check files as a deploy would (with every deployed file), deploy nothing.")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@with_app
def validate(app: Flask, paths: tuple[str, ...]) -> None:
    from webapp import engine
    from webapp.designer.services import check_files

    try:
        parsed = check_files(_read(paths))
    except ProcessDefinitionError as error:
        _problems(error)
    for key, process in sorted(parsed.items()):
        newest = engine.latest(key)
        state = "unchanged" if newest and newest.sha256 == process.sha256 else \
            f"would deploy v{(newest.version if newest else 0) + 1}"
        click.echo(f"valid: {key} ({state})")


@workflows.command("deploy", help="Deploy files: a new version of every process they change.")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@with_app
def deploy(app: Flask, paths: tuple[str, ...]) -> None:
    from webapp.designer.services import deploy_files

    try:
        deployed = deploy_files(_read(paths), actor=None)
    except ProcessDefinitionError as error:
        _problems(error)
    click.echo("deployed: " + (", ".join(f"{d.key} v{d.version}" for d in deployed) if deployed else "nothing changed"))


@workflows.command("list", help="Processes, their versions, and running cases per version.")
@with_app
def list_processes(app: Flask) -> None:
    from webapp.designer.queries import processes

    for process in processes():
        click.echo(f"{process.key}  {process.name}")
        for row in process.versions:
            d = row.definition
            click.echo(f"  v{d.version}  {d.deployed_at:%Y-%m-%d %H:%M}  {row.deployed_by or '(command line)'}"
                       f"  running {row.running}, finished {row.finished}")


@workflows.command("migrate", help="Move running cases to a version; --dry-run only says which would move.")
@click.option("--process", "key", default="recommendation", show_default=True)
@click.option("--to", "number", required=True, type=int, help="the version to move to, e.g. 2")
@click.option("--case", "cases", multiple=True, type=int, help="only these instance ids (repeatable)")
@click.option("--dry-run", is_flag=True)
@with_app
def migrate(app: Flask, key: str, number: int, cases: tuple[int, ...], dry_run: bool) -> None:
    from webapp.designer.services import migrate_cases

    report = migrate_cases(key, number, set(cases) or None, actor=None, dry_run=dry_run)
    verb = "would move" if dry_run else "moved"
    click.echo(f"{verb} to {key} v{number}: " + (", ".join(map(str, report.moved)) or "none"))
    for instance_id, reason in sorted(report.refused.items()):
        click.echo(f"  stays: {instance_id}: {reason}")
