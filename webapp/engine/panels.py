"""Reading a running or finished panel's quorum from its case (reads only; see `quorum.py`)."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from webapp.engine import quorum
from webapp.engine.instances import load_for_reading
from webapp.engine.models import ProcessInstance


@dataclass(frozen=True)
class Quorum:
    asked: int
    """How many instances the panel started with (one per expert picked)."""
    required: int | None
    """How many must finish; None when the diagram's condition judges the reviews' contents."""


def panel_quorum(instance: ProcessInstance, task_uuid: str) -> Quorum | None:
    """The quorum of the multi-instance task that `task_uuid` is an instance of; None if it is none."""
    found = quorum.required(load_for_reading(instance), UUID(task_uuid))
    return Quorum(*found) if found is not None else None
