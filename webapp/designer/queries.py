"""What the designer pages show: processes with their versions and cases, the changes between two
versions, and which running cases may move to a version."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import func, select

from webapp import engine
from webapp.auth.models import User
from webapp.auth.queries import is_national_admin
from webapp.db import session
from webapp.errors import Forbidden
from webapp.i18n import _, english
from webapp.vocabulary import process_name


def require_designer(user: User | None) -> None:
    """`None` is the command line, run by the operator."""
    if user is not None and not is_national_admin(user):
        raise Forbidden(_("Only a national administrator may change processes and forms."))


@dataclass(frozen=True)
class VersionRow:
    definition: engine.ProcessDefinition
    deployed_by: str | None
    running: int
    finished: int
    files: list[tuple[str, str]]
    """The files it was deployed from: (file name, what it declares as people call it; see `file_titles`)."""


@dataclass(frozen=True)
class ProcessRow:
    key: str
    name: str
    versions: list[VersionRow]


def processes() -> list[ProcessRow]:
    counts: dict[tuple[int, str], int] = {
        (definition_id, str(status)): count for definition_id, status, count in session.execute(
            select(engine.ProcessInstance.definition_id, engine.ProcessInstance.status, func.count())
            .group_by(engine.ProcessInstance.definition_id, engine.ProcessInstance.status))}
    names = dict(session.execute(select(User.id, User.display_name)).all())
    rows: dict[str, list[VersionRow]] = {}
    definitions = session.scalars(select(engine.ProcessDefinition).order_by(
        engine.ProcessDefinition.key, engine.ProcessDefinition.version.desc()))
    for definition in definitions:
        rows.setdefault(definition.key, []).append(VersionRow(
            definition, names.get(definition.deployed_by_id or 0),
            counts.get((definition.id, str(engine.InstanceStatus.RUNNING)), 0),
            counts.get((definition.id, str(engine.InstanceStatus.COMPLETED)), 0),
            list(file_titles(definition.sources).items())))
    return [ProcessRow(key, process_name(key, versions[0].definition.name), versions)
            for key, versions in rows.items()]


def file_titles(files: Mapping[str, str]) -> dict[str, str]:
    """Each BPMN or DMN file as people call it: the names of the processes and decisions it declares
    ("" when it names none), by file name."""
    separator = ", " if english() else "、"
    return {name: separator.join(filter(None, (process_name(key, title) for key, title in
                                               engine.declared_names(text.encode("utf-8"), name).items())))
            for name, text in files.items()}


def version_of(instance: engine.ProcessInstance) -> int:
    definition = session.get(engine.ProcessDefinition, instance.definition_id)
    assert definition is not None  # enforced by the foreign key
    return definition.version


@dataclass(frozen=True)
class Candidate:
    instance: engine.ProcessInstance
    version: int
    eligibility: engine.Eligibility
    """Whether it may move as it stands."""
    options: engine.MoveOptions | None = None
    """With `options=True`: where it waits, where it would wait, and the equivalent steps it may move to."""


def migration_preview(key: str, number: int, *, options: bool = False) -> list[Candidate]:
    """Every running case of `key` on another version (older or newer), with whether it may move to
    `number` as it stands; with `options`, what each way of moving it would do (slower: each case
    is run again on that version)."""
    target = engine.version(key, number)
    rows = session.execute(
        select(engine.ProcessInstance, engine.ProcessDefinition.version)
        .join(engine.ProcessDefinition, engine.ProcessDefinition.id == engine.ProcessInstance.definition_id)
        .where(engine.ProcessInstance.process_key == key,
               engine.ProcessInstance.status == engine.InstanceStatus.RUNNING,
               engine.ProcessInstance.definition_id != target.id)
        .order_by(engine.ProcessInstance.id))
    if not options:
        return [Candidate(instance, version, engine.migration_check(instance, target)) for instance, version in rows]
    found = []
    for instance, version in rows:
        moves = engine.migration_options(instance, target)
        found.append(Candidate(instance, version, moves.eligibility, moves))
    return found
