"""What the engine adapter hands to the rest of the app: plain dataclasses, nothing of SpiffWorkflow."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

Warning = tuple[str, dict[str, Any]]
"""A message id (translated when shown, see webapp.i18n) and its parameters."""


@dataclass(frozen=True)
class TaskView:
    """A READY human task as the inbox needs it."""

    uuid: str
    bpmn_id: str
    name: str
    name_en: str | None
    lane: str | None
    candidate_groups: tuple[str, ...]
    form_key: str | None
    documentation: str | None
    assignee: Any = None
    due_at: datetime | None = None


@dataclass(frozen=True)
class Step:
    """One element the engine ran (a user task completed, a gateway passed, a timer fired...)."""

    uuid: str
    bpmn_id: str
    name: str
    kind: str
    lane: str | None
    properties: dict[str, str] = field(default_factory=dict)


@dataclass
class Outcome:
    """The facts of one engine action; audit, inbox and domain receivers read these."""

    steps: list[Step] = field(default_factory=list)
    timers_fired: list[Step] = field(default_factory=list)
    finished: bool = False
    end_outcome: str | None = None
    warnings: list[Warning] = field(default_factory=list)

    @property
    def recognitions(self) -> list[str]:
        """The lanes (levels) at which this action recognized the subject."""
        return [s.lane for s in self.steps if s.properties.get("recognizes") == "true" and s.lane]
