"""Domain errors, raised by services and mapped to HTTP answers in one place (`api`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from webapp.i18n import _, translate


class DomainError(Exception):
    status = 400
    code = "bad_request"

    def __init__(self, message: Any, *, field_errors: Mapping[str, list[Any]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field_errors: dict[str, list[Any]] = dict(field_errors or {})


class MalformedRequest(DomainError):
    """Input no field accepts (a NUL character, JSON nested too deeply), refused before any view runs."""

    code = "malformed_request"


class Unauthorized(DomainError):
    status = 401
    code = "unauthorized"


class TooManyAttempts(DomainError):
    status = 429
    code = "too_many_attempts"


class Forbidden(DomainError):
    status = 403
    code = "forbidden"


class NotFound(DomainError):
    status = 404
    code = "not_found"


class Conflict(DomainError):
    status = 409
    code = "conflict"


_LEFT_READY = {"done": _("done"), "cancelled": _("cancelled")}
"""The states a task leaves `ready` for, named in the reader's language (not `当前为 done`)."""


class TaskNotReady(Conflict):
    code = "task_not_ready"

    def __init__(self, task_id: int, state: str) -> None:
        super().__init__(_("Task %(task)s is no longer waiting for action (it is %(state)s); nothing was changed.",
                           task=task_id, state=_LEFT_READY.get(str(state), str(state))))
        self.task_id = task_id


class Invalid(DomainError):
    status = 422
    code = "invalid"


_STATUS_EXPLAINED = {
    400: _("The request could not be read. Go back, reload the page and try again."),
    401: _("Sign in to continue."),
    403: _("This is not open to you. If your work needs it, ask your administrator."),
    404: _("There is no such page. The address may be mistyped or out of date; start again from the start page."),
    405: _("This page cannot be used that way. Go back and use the page's own buttons and links."),
    429: _("Too many attempts. Wait a little and try again."),
    500: _("Something went wrong on our side. Try again shortly; if it happens again, tell your administrator "
           "when it happened."),
}


def status_explained(status: int) -> Any:
    """What a refusal that carries no message of ours means, in the reader's language: Werkzeug's English
    descriptions ("The requested URL was not found on the server…") never reach a reader."""
    return _STATUS_EXPLAINED.get(status, _STATUS_EXPLAINED[500 if status >= 500 else 400])


class DefinitionProblem(str):
    """A problem with a diagram that the reader gets in his language: `text()` translates the msgid
    (marked with N_) with its values when shown. As a str it is the English text, so logs, scripts and
    the checks written before problems were translated read it as they always did."""

    message: str
    params: dict[str, Any]

    def __new__(cls, message: str, **params: Any) -> DefinitionProblem:
        problem = super().__new__(cls, message % params if params else message)
        problem.message, problem.params = message, params
        return problem

    def text(self) -> str:
        return translate(self.message, self.params)


def problem_text(problem: str) -> str:
    """A problem as its reader should see it: translated when it can be, as written otherwise."""
    return problem.text() if isinstance(problem, DefinitionProblem) else str(problem)


class _Listed:
    """Problems joined in the reader's language when the refusal is shown, not when it is raised."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = problems

    def __str__(self) -> str:
        return "; ".join(problem_text(problem) for problem in self.problems)


class ProcessDefinitionError(Invalid):
    """A BPMN/DMN file that may not be deployed: each problem names its element (plain English
    strings, or DefinitionProblems translated for the reader by `problem_text`)."""

    code = "invalid_definition"

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__(_("The process definition was refused: %(problems)s", problems=_Listed(problems)))
        self.problems = list(problems)


class ProcessError(Invalid):
    """The diagram could not continue with this data (e.g. no gateway condition matched)."""

    code = "process_error"
