"""What the engine adapter hands to the rest of the app: plain dataclasses, nothing of SpiffWorkflow."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from webapp.engine.models import HumanTask

Warning = tuple[str, dict[str, Any]]
"""A message id (translated when shown, see webapp.i18n) and its parameters."""


@dataclass(frozen=True)
class DeadlineBasis:
    """How a deadline counted Chinese working days, so that it can be counted again once a year's
    holidays are entered: from when, how many, and which years it assumed Monday-Friday for."""

    counted_from: datetime
    working_days: int
    assumed_years: tuple[int, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {"from": self.counted_from.isoformat(), "working_days": self.working_days,
                "assumed": list(self.assumed_years)}

    @classmethod
    def from_json(cls, value: dict[str, Any]) -> DeadlineBasis:
        return cls(datetime.fromisoformat(value["from"]), int(value["working_days"]),
                   tuple(int(y) for y in value.get("assumed", ())))


class CountedMoment(str):
    """What `working_days(n)` returns to a diagram's expression: the ISO moment, carrying its basis."""

    basis: DeadlineBasis

    def __new__(cls, moment: datetime, basis: DeadlineBasis) -> CountedMoment:
        made = super().__new__(cls, moment.isoformat())
        made.basis = basis
        return made


@dataclass(frozen=True)
class DeadlineChange:
    """A due date or timer of a running case moved by a newly entered holiday arrangement."""

    bpmn_id: str
    name: str
    lane: str | None
    old: datetime
    new: datetime
    task_id: int | None = None
    """The inbox row, for a task's due date; None for a timer."""


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
    due_basis: DeadlineBasis | None = None
    properties: dict[str, str] = field(default_factory=dict)
    """The task's `camunda:properties` from the diagram (e.g. `remindBefore`, `escalateAfter`)."""


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
    new_tasks: list[HumanTask] = field(default_factory=list)
    """Inbox rows this action created: the tasks that just reached someone's inbox."""

    @property
    def recognitions(self) -> list[str]:
        """The lanes (levels) at which this action recognized the subject."""
        return [s.lane for s in self.steps if s.properties.get("recognizes") == "true" and s.lane]
