"""`brandcert workflows`: check, deploy and list process versions; move running cases."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from flask import Flask

from webapp.cli import cli, with_app
from webapp.errors import ProcessDefinitionError

if TYPE_CHECKING:
    from webapp.designer.staffing import StaffingReport


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
    from webapp.designer.staffing import staffing

    try:
        parsed = check_files(_read(paths))
    except ProcessDefinitionError as error:
        _problems(error)
    for key, process in sorted(parsed.items()):
        newest = engine.latest(key)
        state = "unchanged" if newest and newest.sha256 == process.sha256 else \
            f"would deploy v{(newest.version if newest else 0) + 1}"
        click.echo(f"valid: {key} ({state})")
    for warning in dict.fromkeys(str(w) for process in parsed.values() for w in process.warnings):
        click.echo(f"  warning: {warning}")  # deploys all the same; in English, like the rest of this command
    _staffing_table(staffing(parsed))


def _staffing_table(report: StaffingReport) -> None:
    """The places where a task would wait with nobody to act, one line each."""
    staffed = len(report.rows) - report.gaps
    click.echo(f"staffing: {staffed} place(s) staffed, {report.gaps} with nobody to act"
               + (":" if report.gaps else ""))
    if report.gaps:
        click.echo("  process | level | role | region | people | waiting | running cases | tasks")
    for row in report.gap_rows:
        click.echo(f"  {row.process} | {row.level_name} ({row.lane}) | {row.role_name} ({row.role}) | "
                   f"{row.region_name} {row.region_code or ''} | {row.people} | {row.waiting} | {row.cases} | "
                   + ", ".join(row.tasks))


@workflows.command("deploy", help="Deploy files: a new version of every process they change. Refused while a "
                   "task would wait where nobody may act, unless --accept-gaps gives the reason.")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--accept-gaps", "reason", default=None, metavar="REASON",
              help="deploy although some places have nobody to act; the reason is kept in the administration trail")
@with_app
def deploy(app: Flask, paths: tuple[str, ...], reason: str | None) -> None:
    from webapp.designer.services import deploy_files
    from webapp.designer.staffing import StaffingGaps

    try:
        deployed = deploy_files(_read(paths), actor=None, accept_gaps=reason)
    except ProcessDefinitionError as error:
        _problems(error)
    except StaffingGaps as gaps:
        _staffing_table(gaps.report)
        click.echo("refused: tasks would wait where nobody may act; nothing was deployed. Create the officials, "
                   'or deploy with --accept-gaps "why".', err=True)
        raise SystemExit(1) from None
    click.echo("deployed: " + (", ".join(f"{d.key} v{d.version}" for d in deployed) if deployed else "nothing changed"))
    _scenario_checks(deployed)


def _scenario_checks(deployed: list[Any]) -> None:
    """The saved rehearsals of what was deployed, run on the version before and the new one."""
    from webapp.designer.rehearsal import rerun_scenarios

    for check in rerun_scenarios(deployed, locale="en"):
        click.echo(f"scenario {check.process_key} / {check.name}: {'CHANGED PATH' if check.changed else 'same path'}")
        if check.changed:
            click.echo("  before: " + " > ".join(check.before))
            click.echo("  after:  " + " > ".join(check.after))


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
@click.option("--step", default=None, help="move the --case cases to this equivalent step of the version "
              "(an element id of its main process, e.g. CallActivity_county), for cases that cannot move as they stand")
@click.option("--dry-run", is_flag=True)
@with_app
def migrate(app: Flask, key: str, number: int, cases: tuple[int, ...], step: str | None, dry_run: bool) -> None:
    from webapp.designer.services import migrate_cases

    if step and not cases:
        raise click.UsageError("--step needs the cases it moves (--case)")
    report = migrate_cases(key, number, set(cases) or None, actor=None, dry_run=dry_run,
                           steps=dict.fromkeys(cases, step) if step else None)
    verb = "would move" if dry_run else "moved"
    click.echo(f"{verb} to {key} v{number}: " + (", ".join(map(str, report.moved)) or "none"))
    for instance_id, reason in sorted(report.refused.items()):
        click.echo(f"  stays: {instance_id}: {reason}")
