"""The trail's events as a CSV file, worded like the library's export: headers in the reader's language,
levels, roles, regions, actions and decisions by name, and what an event holds as "field: value" text
(submitted forms by their field titles), never stored keys, codes or JSON."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from webapp import engine, spreadsheet
from webapp.db import session
from webapp.history import timeline
from webapp.history.cases import Case
from webapp.history.names import Names
from webapp.i18n import _
from webapp.vocabulary import ROLES, named, process_name
from webapp.workdays.calendar import CHINA

CHUNK = 500
"""Events read at a time: their tasks are looked up together."""


def header() -> list[str]:
    return [str(text) for text in (
        _("Time (China)"), _("Event number"), _("Case number"), _("Process"), _("Record in the case"), _("Brand"),
        _("Action"), _("Task"), _("Level"), _("Region"), _("Actor"), _("Role"), _("Decision"), _("Details"),
        _("Check code"))]


def lines(rows: Iterable[Any], *, locale: str) -> Iterator[str]:
    """(event, instance) rows as CSV text, a line at a time; UTF-8 with a byte-order mark first, which
    spreadsheet programs need to read Chinese correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow(header())
    names = Names(locale)
    definitions: dict[int, engine.ProcessDefinition] = {}
    found = iter(rows)
    while chunk := list(islice(found, CHUNK)):
        tasks = timeline.tasks_of(event for event, _instance in chunk)
        for event, instance in chunk:
            if instance.definition_id not in definitions:
                definitions[instance.definition_id] = session.get_one(engine.ProcessDefinition, instance.definition_id)
            definition = definitions[instance.definition_id]
            entry = timeline.read(event, Case(instance, definition), tasks.get(event.task_uuid or ""), names,
                                  version=definition.version)
            writer.writerow([spreadsheet.as_text(value) for value in _cells(entry, names)])
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _cells(entry: timeline.Entry, names: Names) -> list[Any]:
    event, case = entry.event, entry.case
    actor = event.actor_name or ""
    if entry.acting_for:
        actor += f" {_('(for %(name)s)', name=entry.acting_for)}"
    return [
        event.at.astimezone(CHINA).strftime("%Y-%m-%d %H:%M:%S"), event.id, case.instance.id,
        process_name(case.definition.key, case.definition.name), event.seq, case.instance.title, entry.action,
        entry.task or "", names.level(event.lane) if event.lane else "", names.region(event.region_code), actor,
        named(ROLES, event.role), entry.decision or "", details(entry, english=names.locale == "en"), event.hash,
    ]


def details(entry: timeline.Entry, *, english: bool) -> str:
    """What an event holds besides its headline, in one cell: its comment, its note, the certificate it
    names, and each field as "title：value"."""
    colon, semicolon = (": ", "; ") if english else ("：", "；")
    parts = [entry.comment or "", entry.note or ""]
    if entry.certificate:
        parts.append(f"{_('Certificate number')}{colon}{entry.certificate}")
    parts += [f"{value.label}{colon}{value.text}" for value in entry.values]
    return semicolon.join(part for part in parts if part)
