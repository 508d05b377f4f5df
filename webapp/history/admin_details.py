"""What an administration trail event holds, read as people read it: each datum under its name from
the vocabulary, roles and levels by name, regions, units, forms and cases by name, a check code short.
What is stored as a code (a draw number, a database revision) or under a key the vocabulary does not
know yet is shown as stored, marked as data (`translate="no"`), so a new kind of event still reads."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from markupsafe import Markup, escape
from sqlalchemy import select

from webapp import engine
from webapp.applications.models import CreationUnit
from webapp.audit.models import AdminAction, AdminEvent
from webapp.db import session
from webapp.history.names import Names
from webapp.i18n import N_, translate
from webapp.vocabulary import ADMIN_FACTS, CHANNELS, ROLES, named

ROLE_AT = "@"
"""A role held at a region, as the trail stores it: `official@610323`."""
SHORT_HASH = 12
"""Characters of a check code shown: enough to compare it with another by eye; the whole is its title."""
HIDDEN = frozenset({"substitution_id", "task_id", "instance_id"})
"""Record numbers nobody reading the trail knows: the user, brand and task around them say it."""
WORDS = frozenset({"reason", "gaps_reason", "brand", "task", "starts_on", "ends_on"})
"""Data stored as people wrote or read it (dates as 2026-05-11), shown as text."""
WHY = {"deactivated": N_("the user was deactivated")}
"""Why tasks were released (`desk.releasing.WHY`)."""


def as_is(text: Any) -> Markup:
    """User data or a stored code, shown as stored: neither translated nor checked for English."""
    return Markup('<bdi translate="no">{}</bdi>').format(text)


def as_code(text: Any) -> Markup:
    """A stored code (a draw number, a database revision), shown as stored."""
    return Markup('<code translate="no">{}</code>').format(text)


def check_code(sha256: Any) -> Markup:
    """A SHA-256 check code by its first characters, the whole of it on hover."""
    return Markup('<code translate="no" title="{}">{}</code>').format(sha256, str(sha256)[:SHORT_HASH])


def read(event: AdminEvent, names: Names) -> list[tuple[str, Markup]]:
    """(name, text) for each datum of the event, in the order it was recorded."""
    return [(named(ADMIN_FACTS, key), _datum(event, key, value, names))
            for key, value in (event.data or {}).items() if value not in (None, [], {}) and key not in HIDDEN]


def _datum(event: AdminEvent, key: str, value: Any, names: Names) -> Markup:
    if (key in {"from", "to"} and event.action == AdminAction.UNIT_CHANGED) or key == "creation_unit_id":
        return escape(_unit(value))
    if key in {"from", "to"} and event.action == AdminAction.SCHEMA_UPGRADED:
        return as_code(value)
    reader = _READERS.get(key)
    return reader(value, names) if reader else _text(key, value, names)


def _unit(unit_id: Any) -> str:
    unit = session.get(CreationUnit, unit_id) if isinstance(unit_id, int) else None
    return unit.name if unit else str(unit_id)


def _joined(names: Names, parts: list[Markup]) -> Markup:
    return Markup(", " if names.locale == "en" else "、").join(parts)


def _text(key: str, value: Any, names: Names) -> Markup:
    if isinstance(value, Mapping):
        colon = ": " if names.locale == "en" else "："
        return _joined(names, [Markup("{}{}{}").format(named(ADMIN_FACTS, str(k)), colon, _text(str(k), v, names))
                               for k, v in value.items() if k not in HIDDEN])
    if isinstance(value, list):
        return _joined(names, [_text(key, item, names) for item in value])
    if isinstance(value, int | float):
        return escape(value)
    return Markup("<bdi>{}</bdi>").format(value) if key in WORDS else as_is(value)


def _roles(value: Any, names: Names) -> Markup:
    def role(text: str) -> str:
        key, _at, code = text.partition(ROLE_AT)
        return f"{named(ROLES, key)} · {names.region(code)}" if code else named(ROLES, key)
    return _joined(names, [escape(role(str(item))) for item in value]) if isinstance(value, list) else as_is(value)


def _authorities(value: Any, names: Names) -> Markup:
    """{region code: authority name}: the authorities' names say their regions."""
    return _joined(names, [escape(name) for name in value.values()]) if isinstance(value, Mapping) else as_is(value)


def _versions(value: Any, names: Names) -> Markup:
    """{form key: [version, sha256]}: each form by its title with its check code."""
    if not isinstance(value, Mapping):
        return as_is(value)
    return _joined(names, [Markup("{} {}").format(names.form_title(key), check_code(stored[-1]))
                           for key, stored in value.items() if isinstance(stored, list) and stored])


def _cases(value: Any, names: Names) -> Markup:
    """Case numbers (or a mapping keyed by them): the cases by their titles, the brands' names."""
    ids = [int(i) for i in value if str(i).isdigit()] if isinstance(value, list | Mapping) else []
    titles = session.scalars(select(engine.ProcessInstance.title).where(engine.ProcessInstance.id.in_(ids))
                             .order_by(engine.ProcessInstance.id)) if ids else []
    return _joined(names, [escape(title) for title in titles])


def _tasks(value: Any, names: Names) -> Markup:
    """Released tasks: each as its brand and task."""
    if not isinstance(value, list):
        return as_is(value)
    colon = ": " if names.locale == "en" else "："
    return _joined(names, [Markup("{}{}{}").format(task.get("brand", ""), colon, task.get("task", ""))
                           if isinstance(task, Mapping) else as_is(task) for task in value])


def _account(value: Any, names: Names) -> Markup:
    """A username: the person's name, the username after it."""
    name = names.account(str(value))
    return Markup("{} ({})" if names.locale == "en" else "{}（{}）").format(name, as_is(value)) if name \
        else as_is(value)


_READERS: dict[str, Callable[[Any, Names], Markup]] = {
    "roles": _roles, "authorities": _authorities, "versions": _versions, "tasks": _tasks,
    "moved": _cases, "stayed": _cases, "steps": _cases, "recipient": _account, "substitute": _account,
    "sha256": lambda value, _names: check_code(value), "text_sha256": lambda value, _names: check_code(value),
    "level": lambda value, names: escape(names.level(value)),
    "channel": lambda value, _names: escape(named(CHANNELS, str(value))),
    "why": lambda value, _names: escape(translate(WHY[value])) if value in WHY else as_is(value),
    "rate": lambda value, _names: escape(f"{value * 100:g}%") if isinstance(value, int | float) else as_is(value),
    "choices": lambda value, _names: escape(len(value)) if isinstance(value, Mapping) else as_is(value),
    "seed": lambda value, _names: as_code(value),
}
"""How the data of a key reads, where it is not plain text."""
