"""What each command did, in the log: one info line per committed command, carrying the request id.

A command (a public verb in a `services.py`, see `db.transaction`) declares its line once:

    @logged("task {task_id} completed by user {actor.id}: {result.decision}")
    def complete_task(task_id: int, data: Any, *, actor: User) -> Completion: ...

The template is formatted with the command's arguments, its `result` and `who` ("user 7", or "the system"
for a command the command line or the worker ran without an actor), after the command returned,
so the line tells what was committed, never what was tried and rolled back (the request log has the
refusals' status codes). Name ids only: never a name, a reason, a comment or form contents, which are
personal data kept in the database and its audit trail.
"""

from __future__ import annotations

import functools
import inspect
import logging
from collections.abc import Callable
from typing import Any, TypeVar

from flask import g, has_request_context

logger = logging.getLogger("webapp.commands")
Command = TypeVar("Command", bound=Callable[..., Any])


def logged(template: str) -> Callable[[Command], Command]:
    def decorate(command: Command) -> Command:
        signature = inspect.signature(command)

        @functools.wraps(command)
        def run(*args: Any, **kwargs: Any) -> Any:
            result = command(*args, **kwargs)
            arguments = signature.bind(*args, **kwargs)
            arguments.apply_defaults()
            try:
                line = template.format(**arguments.arguments, result=result, who=_who(arguments.arguments))
            except (AttributeError, KeyError, IndexError):  # the command committed: a bad template must not undo it
                logger.warning("%s committed; its log line %r does not fit", command.__qualname__, template,
                               exc_info=True)
                return result
            asked_by = request_id()
            logger.info(line, extra={"request_id": asked_by} if asked_by else None)
            return result

        return run  # type: ignore[return-value]

    return decorate


def _who(arguments: dict[str, Any]) -> str:
    actor = arguments.get("actor")
    return f"user {actor.id}" if actor is not None else "the system"


def request_id() -> str | None:
    """The id `ops.logs` gave the current request; None for the command line and the worker."""
    return g.get("request_id") if has_request_context() else None
