"""One brand's history: every audit event of every case, read as people read it (reads only).

Each entry says who did what, when, at which level and region, in which case and definition
version; for a submitted form, the data and what changed since the previous submission of the
same form in that case (a resubmission after a return shows exactly what the applicant changed).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from webapp import engine, taskforms
from webapp.audit import queries as audit
from webapp.audit.models import AuditAction, AuditEvent
from webapp.db import session
from webapp.history.cases import Case
from webapp.history.names import Names
from webapp.history.values import Change, ShownValue, changes
from webapp.i18n import translate
from webapp.vocabulary import AUDIT_ACTIONS, CASE_FACTS, EXIT_ORIGINS, named

HEADLINE_FIELDS = ("decision", "comment", "objection")
"""Shown in the entry's headline, not again among its data."""
MINOR_ACTIONS = frozenset({AuditAction.TASK_CLAIMED, AuditAction.TASK_UNCLAIMED})


@dataclass
class Entry:
    event: AuditEvent
    case: Case
    action: str
    task: str | None = None
    decision: str | None = None
    comment: str | None = None
    note: str | None = None
    """A warning's text, a timer's name, an exit's reason."""
    values: list[ShownValue] = field(default_factory=list)
    changes: list[Change] | None = None
    """None when there is no earlier submission of the same form to compare with."""
    certificate: str | None = None
    version: int = 0
    """The version of the case's process when the event happened (a migration moves it on)."""
    acting_for: str | None = None
    """代理: the person the actor stood in for, if he acted as a substitute."""

    @property
    def minor(self) -> bool:
        return self.event.action in MINOR_ACTIONS


def timeline(cases: list[Case], *, locale: str) -> list[Entry]:
    by_id = {case.instance.id: case for case in cases}
    events = audit.events_of_instances(list(by_id))
    tasks = tasks_of(events)
    names = Names(locale)
    previous: dict[tuple[Any, ...], list[ShownValue]] = {}
    versions = {case.instance.id: _first_version(case, events) for case in cases}
    entries = []
    for event in events:
        case = by_id[event.instance_id]
        if event.action == AuditAction.INSTANCE_MIGRATED:
            versions[event.instance_id] = int((event.data or {}).get("to_version", versions[event.instance_id]))
        task = tasks.get(event.task_uuid or "")
        entry = read(event, case, task, names, version=versions[event.instance_id])
        form_key = _form_key(event, case, task)
        if form_key is not None:
            form = names.form(form_key)
            submitted = names.reader(form).values(acting_for(event.data or {})[1])
            key = _resubmission_key(event, form_key, form)
            before = previous.get(key)
            entry.changes = changes(before, submitted) if before is not None else None
            previous[key] = submitted
        entries.append(entry)
    return entries


def read(event: AuditEvent, case: Case, task: engine.HumanTask | None, names: Names, *, version: int) -> Entry:
    """One event as people read it: its action, task and decision in words, the data it holds by field title."""
    entry = Entry(event=event, case=case, action=named(AUDIT_ACTIONS, str(event.action)),
                  task=_task_name(event, task, names.locale), version=version)
    entry.acting_for, data = acting_for(event.data or {})
    form_key = _form_key(event, case, task)
    if form_key is not None:
        _read_submission(entry, names.form(form_key), data, names)
    else:
        _read_automatic(entry, data, names)
    return entry


@dataclass(frozen=True)
class Wording:
    task: str
    decision: str


def wording(events: list[AuditEvent], *, locale: str) -> dict[int, Wording]:
    """Event id -> its task's name and its decision in the reader's words (a page of the trail's search)."""
    tasks = tasks_of(events)
    names = Names(locale)
    found = {}
    for event in events:
        task = tasks.get(event.task_uuid or "")
        found[event.id] = Wording(task=_task_name(event, task, locale) or "",
                                  decision=names.decision(event, task.form_key if task else None))
    return found


def acting_for(data: dict[str, Any]) -> tuple[str | None, dict[str, Any]]:
    """Whom the actor stood in for (`review.acting.Acting.trail`), and the event's data without it: it is
    shown beside the actor, never as a submitted field."""
    behalf = data.get("on_behalf_of")
    name = behalf.get("name") if isinstance(behalf, dict) else None
    return (str(name) if name else None), {key: value for key, value in data.items() if key != "on_behalf_of"}


def _first_version(case: Case, events: list[AuditEvent]) -> int:
    """The version a case started on: the one its first migration moved it from, if it moved."""
    moves = [e for e in events if e.instance_id == case.instance.id and e.action == AuditAction.INSTANCE_MIGRATED]
    return int((moves[0].data or {}).get("from_version", case.definition.version)) if moves else \
        case.definition.version


def tasks_of(events: Iterable[AuditEvent]) -> dict[str, engine.HumanTask]:
    """The tasks these events concern, by task uuid (one query)."""
    uuids = {event.task_uuid for event in events if event.task_uuid}
    if not uuids:
        return {}
    rows = session.scalars(select(engine.HumanTask).where(engine.HumanTask.task_uuid.in_(list(uuids))))
    return {task.task_uuid: task for task in rows}


def _form_key(event: AuditEvent, case: Case, task: engine.HumanTask | None) -> str | None:
    """The form an event submitted: a completed task's form, or the start form of the case."""
    if event.action == AuditAction.TASK_COMPLETED and task is not None:
        return task.form_key
    if event.action == AuditAction.INSTANCE_STARTED:
        return case.definition.start_form_key
    return None


def _resubmission_key(event: AuditEvent, form_key: str, form: taskforms.TaskForm | None) -> tuple[Any, ...]:
    """What a submission is compared with: the case's own form (the application, prefilled for its
    revisions) with its previous version anywhere in the case; any other form with the same
    person's earlier completion of the same task at the same level (a review repeated after a return)."""
    if event.action == AuditAction.INSTANCE_STARTED or (form is not None and form.ui.get("prefill_from_case")):
        return (event.instance_id, form_key)
    return (event.instance_id, form_key, event.bpmn_id, event.lane, event.actor_id)


def _task_name(event: AuditEvent, task: engine.HumanTask | None, locale: str) -> str | None:
    if locale == "en" and task is not None and task.name_en:
        return task.name_en
    return event.task_name


def _read_submission(entry: Entry, form: taskforms.TaskForm | None, data: dict[str, Any], names: Names) -> None:
    entry.decision = names.decision(entry.event, form.key if form else None) or None
    comment = data.get("comment") or data.get("objection")
    entry.comment = str(comment) if comment else None
    entry.values = names.reader(form).values({k: v for k, v in data.items() if k not in HEADLINE_FIELDS})


HIDDEN_FACTS = frozenset({"reason", "brand_id", "campaign_id", "number", "to_task_uuid", "draft"})
"""Shown elsewhere in the entry (the reason as its note), or internal (record numbers, a task's uuid; a
delegate's draft, whose decision the entry shows)."""


def _read_automatic(entry: Entry, data: dict[str, Any], names: Names) -> None:
    action = entry.event.action
    if action == AuditAction.INSTANCE_FINISHED:
        entry.decision = names.decision(entry.event, None)
    elif action in (AuditAction.WARNING, AuditAction.DEADLINE_MOVED):
        entry.note = translate(str(data.get("message", "")), data.get("params") or {})
        return
    elif action == AuditAction.TIMER_FIRED:
        entry.note = str(data.get("name") or data.get("element") or "")
        return
    if action in (AuditAction.CERTIFICATE_ISSUED, AuditAction.CERTIFICATE_REISSUED, AuditAction.CERTIFICATE_REVOKED):
        entry.certificate = str(data.get("number") or "")
    entry.note = str(data["reason"]) if data.get("reason") else None
    facts = {key: value for key, value in data.items() if key not in HIDDEN_FACTS and value is not None}
    entry.values = [ShownValue(key, named(CASE_FACTS, key), _fact_text(key, value, names))
                    for key, value in facts.items()]


def _fact_text(key: str, value: Any, names: Names) -> str:
    if isinstance(value, dict) and "name" in value:  # a person the desk named (`to`, `from`, `back_to`)
        return str(value["name"])
    if key in ("level", "levels", "exit_level", "library_level", "to_level"):
        return "、".join(names.level(v) for v in (value if isinstance(value, list) else [value]))
    if key == "origin":
        return named(EXIT_ORIGINS, str(value))
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return str(value)
