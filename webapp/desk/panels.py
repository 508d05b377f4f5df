"""The expert panel (专家评审组) of a case as its pages show it: who was asked, who finished, who withdrew,
who waits for a replacement, the quorum the diagram sets and the mean so far (reads only).

A panel is what one intake started: the expert tasks the diagram assigned (`assigned_by_process`) that
arrived together at one level, one after the other in the inbox. It is shown on its experts' tasks, on
the intake that picked it, and on the step it led to (the decision, also when an objection brings the
case back to it). Scores are for those who may read the case (officials, auditors): an expert never
sees a colleague's score here, nor the mean, and the creation unit does not see the panel at all.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import select

from webapp import engine
from webapp.audit.models import AuditAction, AuditEvent
from webapp.auth.models import User
from webapp.auth.roles import EXPERT, OFFICIAL
from webapp.db import session
from webapp.engine.expressions import mean, scores
from webapp.errors import Forbidden, NotFound
from webapp.i18n import _
from webapp.review import acting
from webapp.review import queries as review


class SeatState(StrEnum):
    SCORING = "scoring"
    FINISHED = "finished"
    AWAITING = "awaiting"
    """The expert withdrew (conflict of interest); an official of the level names a replacement."""
    CANCELLED = "cancelled"
    """The quorum was reached (or the case moved on) before this expert scored."""


@dataclass(frozen=True)
class Seat:
    task: engine.HumanTask
    state: SeatState
    expert_id: int | None
    """Who holds the seat now: the row's assignee, or who scored it (a replacement included)."""
    expert: str | None
    total: float | None
    """The finished review's points, for readers who see scores only."""
    declined: tuple[str, ...]
    """Who withdrew from this seat, oldest first."""


@dataclass(frozen=True)
class Panel:
    instance: engine.ProcessInstance
    lane: str | None
    region_code: str | None
    seats: list[Seat]
    required: int | None
    """How many must finish; None when the diagram's condition judges the reviews themselves."""
    sees_scores: bool
    candidates: list[User]
    """Whom the reader may name to a seat awaiting a replacement (empty unless he may)."""
    may_decline: bool
    """The reader is the expert of the page's task and may withdraw from it."""

    def count(self, state: SeatState) -> int:
        return sum(1 for seat in self.seats if seat.state == state)

    @property
    def declined(self) -> int:
        return sum(len(seat.declined) for seat in self.seats)

    @property
    def running(self) -> bool:
        return any(seat.state in (SeatState.SCORING, SeatState.AWAITING) for seat in self.seats)

    @property
    def mean(self) -> float | None:
        totals = [seat.total for seat in self.seats if seat.total is not None]
        return round(mean(totals), 1) if self.sees_scores and totals else None


def is_seat(task: engine.HumanTask) -> bool:
    """An expert's task of a panel: the diagram named its assignee (camunda:assignee)."""
    return task.candidate_group == EXPERT and task.assigned_by_process


def for_task(task: engine.HumanTask, instance: engine.ProcessInstance, user: User) -> Panel | None:
    """The panel the task page of `task` shows `user`, or None (no panel there, or not for him)."""
    rows = seat_rows(task)
    if not rows:
        return None
    return _panel(instance, rows, user, page_task=task)


def latest(instance_id: int, user: User, level: str | None = None) -> Panel | None:
    """The case's newest panel (at `level`, if given), for the API; None when it has none."""
    instance = session.get(engine.ProcessInstance, instance_id)
    if instance is None:
        raise NotFound(_("Process instance %(id)s does not exist.", id=instance_id))
    query = select(engine.HumanTask).where(engine.HumanTask.instance_id == instance_id,
                                           engine.HumanTask.candidate_group == EXPERT,
                                           engine.HumanTask.assigned_by_process.is_(True))
    if level:
        query = query.where(engine.HumanTask.lane == level)
    last = session.scalars(query.order_by(engine.HumanTask.id.desc()).limit(1)).first()
    panel = _panel(instance, seat_rows(last), user, page_task=last) if last is not None else None
    if panel is None and not _reads_case(instance, user):  # outsiders learn nothing, not even that there is none
        raise Forbidden(_("Process instance %(id)s is outside your jurisdiction.", id=instance_id))
    return panel


def seat_rows(task: engine.HumanTask) -> list[engine.HumanTask]:
    """The seats of the panel the task belongs to, picked, or led to (see the module); [] for none."""
    rows = list(session.scalars(select(engine.HumanTask).where(
        engine.HumanTask.instance_id == task.instance_id, engine.HumanTask.lane == task.lane)
        .order_by(engine.HumanTask.id)))
    found: list[engine.HumanTask] = []
    for start, run in _runs(rows):
        before = rows[start - 1] if start else None
        after = rows[start + len(run)] if start + len(run) < len(rows) else None
        if (task.id in {row.id for row in run} or (before is not None and before.id == task.id)
                or (after is not None and after.bpmn_id == task.bpmn_id and after.id <= task.id)):
            found = run
    return found


def _runs(rows: list[engine.HumanTask]) -> list[tuple[int, list[engine.HumanTask]]]:
    """Unbroken runs of seats of one task, each with the index of its first row."""
    runs: list[tuple[int, list[engine.HumanTask]]] = []
    for index, row in enumerate(rows):
        if not is_seat(row):
            continue
        if runs and runs[-1][0] + len(runs[-1][1]) == index and runs[-1][1][-1].bpmn_id == row.bpmn_id:
            runs[-1][1].append(row)
        else:
            runs.append((index, [row]))
    return runs


def _panel(instance: engine.ProcessInstance, rows: list[engine.HumanTask], user: User,
           page_task: engine.HumanTask) -> Panel | None:
    members = {row.assignee_id for row in rows} | {row.completed_by_id for row in rows}
    sees_scores = _reads_case(instance, user)
    if not sees_scores and user.id not in members:
        return None
    declined = _declined(instance, rows)
    seats = [_seat(row, declined.get(row.task_uuid, ()), sees_scores) for row in rows]
    quorum = engine.panel_quorum(instance, rows[0].task_uuid)
    required = len(rows) if quorum is None else quorum.required
    region_code = rows[0].region_code
    replaces = (OFFICIAL, region_code) in user.role_pairs and any(s.state == SeatState.AWAITING for s in seats)
    return Panel(instance=instance, lane=rows[0].lane, region_code=region_code, seats=seats, required=required,
                 sees_scores=sees_scores, candidates=candidates(rows, instance) if replaces else [],
                 may_decline=(page_task.id in {row.id for row in rows} and page_task.status == engine.TaskStatus.READY
                              and page_task.assignee_id is not None
                              and acting.may_act(page_task, instance, user) is not None))


def candidates(rows: list[engine.HumanTask], instance: engine.ProcessInstance) -> list[User]:
    """The experts of the level's pool who may take a seat: none already on the panel, none who withdrew."""
    taken = {row.assignee_id for row in rows if row.status != engine.TaskStatus.CANCELLED}
    taken |= {row.completed_by_id for row in rows}
    taken |= {user_id for ids in _decliner_ids(instance, rows).values() for user_id in ids}
    return [user for user in review.pool(EXPERT, rows[0], instance) if user.id not in taken]


def _seat(row: engine.HumanTask, declined: tuple[str, ...], sees_scores: bool) -> Seat:
    if row.status == engine.TaskStatus.DONE:
        state, holder = SeatState.FINISHED, row.completed_by_id
    elif row.status == engine.TaskStatus.CANCELLED:
        state, holder = SeatState.CANCELLED, row.assignee_id
    else:
        state = SeatState.SCORING if row.assignee_id is not None else SeatState.AWAITING
        holder = row.assignee_id
    user = session.get(User, holder) if holder is not None else None
    total = _total(row.submitted) if sees_scores and state == SeatState.FINISHED else None
    return Seat(task=row, state=state, expert_id=holder, expert=user.display_name if user else None, total=total,
                declined=declined)


def _total(submitted: Mapping[str, Any] | None) -> float:
    """A review's points as the scoring table counts them (`scores`): its numeric fields, read inside the
    form's review object when it has one (`expert_review`)."""
    data = submitted or {}
    review_object = next((value for value in data.values() if isinstance(value, Mapping)), data)
    return scores([review_object])[0]


def declined_from(instance: engine.ProcessInstance, task: engine.HumanTask) -> tuple[str, ...]:
    """Who withdrew from one seat, oldest first."""
    return _declined(instance, [task]).get(task.task_uuid, ())


def _events(instance: engine.ProcessInstance, rows: list[engine.HumanTask]) -> list[AuditEvent]:
    return list(session.scalars(select(AuditEvent).where(
        AuditEvent.instance_id == instance.id, AuditEvent.action == AuditAction.EXPERT_DECLINED,
        AuditEvent.task_uuid.in_([row.task_uuid for row in rows])).order_by(AuditEvent.seq)))


def _decliner_ids(instance: engine.ProcessInstance, rows: list[engine.HumanTask]) -> dict[str, list[int]]:
    """Who withdrew from each seat (the expert himself, also when a substitute declined for him)."""
    found: dict[str, list[int]] = {}
    for event in _events(instance, rows):
        expert_id = ((event.data or {}).get("on_behalf_of") or {}).get("id", event.actor_id)
        found.setdefault(str(event.task_uuid), []).append(int(expert_id))
    return found


def _declined(instance: engine.ProcessInstance, rows: list[engine.HumanTask]) -> dict[str, tuple[str, ...]]:
    by_seat = _decliner_ids(instance, rows)
    names = {user.id: user.display_name for user in session.scalars(select(User).where(User.id.in_(
        {i for ids in by_seat.values() for i in ids})))}
    return {uuid: tuple(names.get(i, "—") for i in ids) for uuid, ids in by_seat.items()}


def _reads_case(instance: engine.ProcessInstance, user: User) -> bool:
    """Officials and auditors of the case's path (and copy recipients) see the panel with its scores;
    the creation unit sees no panel."""
    if instance.owner_key is not None and instance.owner_key in user.owner_keys:
        return False
    try:
        review.readable_instance(instance.id, user)
    except Forbidden:
        return False
    return True
