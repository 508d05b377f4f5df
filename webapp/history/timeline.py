"""One brand's history: every audit event of every case, read as people read it (reads only).

Each entry says who did what, when, at which level and region, in which case and definition
version; for a submitted form, the data and what changed since the previous submission of the
same form in that case (a resubmission after a return shows exactly what the applicant changed).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from webapp import engine, taskforms
from webapp.audit import queries as audit
from webapp.audit.models import AuditAction, AuditEvent
from webapp.auth import queries as users
from webapp.db import session
from webapp.history.cases import Case
from webapp.history.values import Change, Reader, ShownValue, changes
from webapp.i18n import translate
from webapp.regions import queries as regions
from webapp.vocabulary import AUDIT_ACTIONS, CASE_FACTS, EXIT_ORIGINS, OUTCOMES, named

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
    tasks = _tasks({e.task_uuid for e in events if e.task_uuid})
    names = _Names(locale)
    previous: dict[tuple[Any, ...], list[ShownValue]] = {}
    versions = {case.instance.id: _first_version(case, events) for case in cases}
    entries = []
    for event in events:
        case = by_id[event.instance_id]
        task = tasks.get(event.task_uuid or "")
        form_key = _form_key(event, case, task)
        if event.action == AuditAction.INSTANCE_MIGRATED:
            versions[event.instance_id] = int((event.data or {}).get("to_version", versions[event.instance_id]))
        entry = Entry(event=event, case=case, action=named(AUDIT_ACTIONS, str(event.action)),
                      task=_task_name(event, task, locale), version=versions[event.instance_id])
        entry.acting_for, data = acting_for(event.data or {})
        if form_key is not None:
            form = taskforms.catalog().get(form_key) if taskforms.catalog().exists(form_key) else None
            _read_submission(entry, form, data, names, locale)
            submitted = names.reader(form).values(data)
            key = _resubmission_key(event, form_key, form)
            before = previous.get(key)
            entry.changes = changes(before, submitted) if before is not None else None
            previous[key] = submitted
        else:
            _read_automatic(entry, data, names)
        entries.append(entry)
    return entries


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


def _tasks(uuids: Collection[str]) -> dict[str, engine.HumanTask]:
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


def _read_submission(entry: Entry, form: taskforms.TaskForm | None, data: dict[str, Any], names: _Names,
                     locale: str) -> None:
    decision = data.get("decision")
    if decision is not None:
        entry.decision = taskforms.option_label(form, "decision", decision, locale=locale) if form else str(decision)
    comment = data.get("comment") or data.get("objection")
    entry.comment = str(comment) if comment else None
    entry.values = names.reader(form).values({k: v for k, v in data.items() if k not in HEADLINE_FIELDS})


HIDDEN_FACTS = frozenset({"reason", "brand_id", "number", "to_task_uuid", "draft"})
"""Shown elsewhere in the entry (the reason as its note), or internal (a task's uuid; a delegate's draft,
whose decision the entry shows)."""


def _read_automatic(entry: Entry, data: dict[str, Any], names: _Names) -> None:
    action = entry.event.action
    if action == AuditAction.INSTANCE_FINISHED:
        entry.decision = named(OUTCOMES, entry.event.decision)
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


def _fact_text(key: str, value: Any, names: _Names) -> str:
    if isinstance(value, dict) and "name" in value:  # a person the desk named (`to`, `from`, `back_to`)
        return str(value["name"])
    if key in ("level", "levels", "exit_level", "library_level", "to_level"):
        return "、".join(names.level(v) for v in (value if isinstance(value, list) else [value]))
    if key == "origin":
        return named(EXIT_ORIGINS, str(value))
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return str(value)


class _Names:
    """Names of users, regions and levels, looked up once per page."""

    def __init__(self, locale: str) -> None:
        self.locale = locale
        self._users: dict[int, str] = {}
        self._levels = {level.key: (level.name_en if locale == "en" else level.name_zh)
                        for level in regions.all_levels()}

    def reader(self, form: taskforms.TaskForm | None) -> Reader:
        yes_no = ("yes", "no") if self.locale == "en" else ("是", "否")
        return Reader(form, self.locale, self.user, self.region, yes_no)

    def user(self, user_id: Any) -> str:
        if not isinstance(user_id, int):
            return str(user_id)
        if user_id not in self._users:
            self._users.update(users.user_names({user_id}))
        return self._users.get(user_id, f"#{user_id}")

    def region(self, code: Any) -> str:
        region = regions.get(str(code)) if code else None
        return " · ".join(r.name for r in regions.ancestors(region.code)[1:]) if region else str(code or "")

    def level(self, key: Any) -> str:
        return self._levels.get(str(key), str(key))
