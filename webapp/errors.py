"""Domain errors, raised by services and mapped to HTTP answers in one place (`api`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from webapp.i18n import _


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


class ProcessDefinitionError(Invalid):
    """A BPMN/DMN file that may not be deployed: each problem names its element."""

    code = "invalid_definition"

    def __init__(self, problems: list[str]) -> None:
        super().__init__(_("The process definition was refused: %(problems)s", problems="; ".join(problems)))
        self.problems = problems


class ProcessError(Invalid):
    """The diagram could not continue with this data (e.g. no gateway condition matched)."""

    code = "process_error"
