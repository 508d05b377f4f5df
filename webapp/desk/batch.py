"""批量办理 (batch work): claim several tasks at once, or complete several tasks of one kind with the
same decision and comment, e.g. a village forwarding thirty endorsements in one go.

A batch is not one transaction. Each task belongs to its own case, with its own lock, its own rule of
who may act and its own audit event, so the batch runs the existing commands one task at a time
(`review.services.claim_task` / `complete_task`). Each of those commits or rolls back by itself: a
task that is refused, or that changed meanwhile, is reported and the others go ahead, and nothing of
a refused task is half-applied. This module is therefore no command: it opens no transaction and
writes nothing except through those commands.

Only what holds for the whole request is checked up front, read-only, and refuses it all: at most
MAX_TASKS ids, and for completion one kind of task (the same BPMN task and form) whose form has a
`decision` with the chosen option among its choices. Tasks the actor may not even read take no part in
these checks (nothing about them shows): the command refuses them one by one, with its own reason.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from flask_babel import get_locale
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from webapp import engine, taskforms
from webapp.auth.models import User
from webapp.errors import DomainError, Invalid
from webapp.i18n import _
from webapp.review import acting, services

MAX_TASKS = 200
MAX_ID = 2**31 - 1
MAX_DECISION = 100
MAX_COMMENT = 2000


class BatchAction(StrEnum):
    CLAIM = "claim"
    COMPLETE = "complete"


@dataclass(frozen=True)
class NextTask:
    """A task the completion created: where the case went next."""

    id: int
    name: str
    name_en: str | None
    lane: str | None


@dataclass(frozen=True)
class TaskResult:
    """One task's outcome. `brand` and `task` are None when the actor may not read the case."""

    task_id: int
    ok: bool
    message: str = ""
    error: str | None = None
    """The refusal's code (`task_not_ready`, `forbidden`, `invalid`, `conflict`...), None when done."""
    instance_id: int | None = None
    brand: str | None = None
    task: engine.HumanTask | None = None
    next_tasks: list[NextTask] = field(default_factory=list)


@dataclass(frozen=True)
class BatchResult:
    action: BatchAction
    items: list[TaskResult]

    @property
    def done(self) -> int:
        return sum(1 for item in self.items if item.ok)

    @property
    def not_done(self) -> int:
        return len(self.items) - self.done


@dataclass(frozen=True)
class BatchOffer:
    """What the inbox offers when filtered to one kind of task: completing the selected ones together."""

    task: engine.HumanTask
    """One of them, for the kind's name."""
    options: list[tuple[str, str]]


def check_ids(values: Any) -> list[int]:
    """The ids of a request, once each and in order; Invalid unless 1 to MAX_TASKS whole numbers."""
    if not isinstance(values, list) or not 1 <= len(values) <= MAX_TASKS:
        raise Invalid(_("Choose between 1 and %(max)s tasks.", max=MAX_TASKS),
                      field_errors={"task_ids": [_("Choose between 1 and %(max)s tasks.", max=MAX_TASKS)]})
    if not all(isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_ID for value in values):
        raise Invalid(_("Task ids are whole numbers."), field_errors={"task_ids": [_("Task ids are whole numbers.")]})
    return list(dict.fromkeys(values))


def claim_all(task_ids: list[int], *, actor: User) -> BatchResult:
    """Claim every task that may be claimed, of any kind (a claim carries no decision)."""
    ids = check_ids(task_ids)
    readable = _readable(ids, actor)
    return BatchResult(BatchAction.CLAIM, [
        _run(task_id, readable, lambda task_id: (services.claim_task(task_id, actor=actor), None)) for task_id in ids])


def complete_all(task_ids: list[int], decision: str, comment: str, *, actor: User) -> BatchResult:
    """Complete every task of one kind with the same decision and comment; a form that needs more than
    these refuses each of its tasks with its own validation message."""
    ids = check_ids(task_ids)
    decision, comment = _texts(decision, comment)
    readable = _readable(ids, actor)
    form_key = _one_kind(list(readable.values()))
    if form_key is not None:
        _check_decision(form_key, decision, next(iter(readable.values()))[0])
    data = {"decision": decision, **({"comment": comment} if comment else {})}

    def complete(task_id: int) -> tuple[engine.HumanTask, engine.Outcome]:
        done = services.complete_task(task_id, dict(data), actor=actor)
        return done.task, done.outcome

    return BatchResult(BatchAction.COMPLETE, [_run(task_id, readable, complete) for task_id in ids])


def decision_options(form_key: str | None) -> list[tuple[str, str]]:
    """The choices of a form's `decision` field as (value, label in the reader's language); [] if none."""
    return list(taskforms.decision_choices(form_key, locale="en" if _english() else "zh").items())


def kind_of(tasks: Iterable[engine.HumanTask]) -> tuple[str, str | None] | None:
    """The (BPMN task, form) all these tasks share, or None when they are of several kinds (or none)."""
    kinds = {(task.bpmn_id, task.form_key) for task in tasks}
    return next(iter(kinds)) if len(kinds) == 1 else None


def _texts(decision: Any, comment: Any) -> tuple[str, str]:
    if not isinstance(decision, str) or not isinstance(comment, str):
        raise Invalid(_("The decision and the comment are text."),
                      field_errors={"decision": [_("The decision and the comment are text.")]})
    if not decision.strip() or len(decision) > MAX_DECISION:
        raise Invalid(_("Choose a decision."), field_errors={"decision": [_("Choose a decision.")]})
    if len(comment) > MAX_COMMENT:
        raise Invalid(_("The comment is at most %(max)s characters.", max=MAX_COMMENT),
                      field_errors={"comment": [_("The comment is at most %(max)s characters.", max=MAX_COMMENT)]})
    return decision.strip(), comment.strip()


Readable = dict[int, tuple[engine.HumanTask, engine.ProcessInstance]]


def _readable(ids: list[int], actor: User) -> Readable:
    """The tasks the actor may open (act on, or read as part of a case he may read), with their cases."""
    found: Readable = {}
    for task_id in ids:
        try:
            found[task_id] = acting.task_for(task_id, actor)
        except DomainError:
            continue
    return found


def _one_kind(tasks: list[tuple[engine.HumanTask, engine.ProcessInstance]]) -> str | None:
    """The form the tasks share, None when there is none to check (no task readable); Invalid when the
    tasks are of several kinds or their form has no decision to choose."""
    if not tasks:
        return None
    kind = kind_of(task for task, _instance in tasks)
    if kind is None:
        names = sorted({_name(task) for task, _instance in tasks})
        raise Invalid(_("Choose tasks of one kind to complete them together; these are: %(kinds)s.",
                        kinds=_joined(names)), field_errors={"task_ids": [_("Tasks of several kinds.")]})
    task = tasks[0][0]
    if not decision_options(kind[1]):
        raise Invalid(_("%(task)s has no decision to choose, so its tasks cannot be completed together; "
                        "open each one.", task=_name(task)), field_errors={"decision": [_("No decision to choose.")]})
    return kind[1]


def _check_decision(form_key: str, decision: str, task: engine.HumanTask) -> None:
    options = decision_options(form_key)
    if decision not in {value for value, _label in options}:
        listed = _joined([f"{label} ({value})" for value, label in options])
        message = _("%(decision)s is not a decision of %(task)s; choose one of: %(options)s.",
                    decision=decision, task=_name(task), options=listed)
        raise Invalid(message, field_errors={"decision": [message]})


def _english() -> bool:
    return str(get_locale()) == "en"


def _name(task: engine.HumanTask) -> str:
    """The task's name in the reader's language."""
    return task.name_en if _english() and task.name_en else task.name


def _joined(names: list[str]) -> str:
    return (", " if _english() else "、").join(names)


def _run(task_id: int, readable: Readable, command: Callable[[int], tuple[Any, engine.Outcome | None]]) -> TaskResult:
    """One task's command, its refusal caught and reported: the batch goes on either way."""
    task, instance = readable.get(task_id, (None, None))
    shown = {"instance_id": instance.id if instance else None, "brand": instance.title if instance else None,
             "task": task}
    try:
        _task, outcome = command(task_id)
    except DomainError as error:
        return TaskResult(task_id, False, _reason(error), error.code, **shown)
    except (StaleDataError, IntegrityError):
        return TaskResult(task_id, False, str(_("The case changed meanwhile; reload and try again.")), "conflict",
                          **shown)
    return TaskResult(task_id, True, next_tasks=[NextTask(row.id, row.name, row.name_en, row.lane)
                                                 for row in (outcome.new_tasks if outcome else [])], **shown)


def _reason(error: DomainError) -> str:
    """The refusal with each field's problems (a form that needs more than decision and comment)."""
    details = [f"{name}: {message}" if name else str(message)
               for name, messages in error.field_errors.items() for message in messages]
    return " ".join([str(error.message), *details])




def offer(task_filter: str | None, tasks: list[engine.HumanTask]) -> BatchOffer | None:
    """The decisions the listed tasks may be completed with together, when the inbox shows one kind."""
    kind = kind_of(tasks) if task_filter and tasks else None
    if kind is None or kind[0] != task_filter:
        return None
    options = decision_options(kind[1])
    return BatchOffer(tasks[0], options) if options else None
