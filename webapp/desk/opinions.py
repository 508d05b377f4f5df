"""Reads of 加签 (consultation): the opinions asked on a task (its page and the API show them to whoever
may see the task), a consultant's own requests, and whom the ask form offers. Reads only: the commands
are in `consulting`."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import aliased

from webapp import engine
from webapp.auth.models import RoleGrant, User
from webapp.auth.roles import EXPERT, OFFICIAL
from webapp.db import session
from webapp.desk import consulting
from webapp.errors import Forbidden, NotFound
from webapp.i18n import _
from webapp.paging import Page, fetch
from webapp.regions import queries as regions
from webapp.regions.models import Region
from webapp.review import acting
from webapp.review.models import Consultation

OFFERED_ROLES = (OFFICIAL, EXPERT)
"""Whom the ask form lists: officials and experts at the case's regions. The API may name anyone else the
rule allows (`consulting`), e.g. someone at a village below the task's county."""


class OpinionState(StrEnum):
    WAITING = "waiting"
    ANSWERED = "answered"
    CLOSED = "closed"
    """The task was decided before the consultant answered."""


@dataclass(frozen=True)
class Opinion:
    """One request for an opinion with what its pages name."""

    consultation: Consultation
    task: engine.HumanTask
    instance: engine.ProcessInstance
    asked_by: User
    consultant: User

    @property
    def state(self) -> OpinionState:
        """`answered`; `waiting` for the consultant while the task is READY; else `closed` unanswered."""
        if self.consultation.answered_at is not None:
            return OpinionState.ANSWERED
        return OpinionState.WAITING if self.task.status == engine.TaskStatus.READY else OpinionState.CLOSED


@dataclass(frozen=True)
class Candidate:
    user: User
    role: str
    region: Region


@dataclass(frozen=True)
class AskOffer:
    """The ask form of a task's holder: whom to ask, and who was asked and has not answered yet."""

    candidates: list[Candidate]
    waiting: frozenset[int]


_ASKER, _CONSULTANT = aliased(User), aliased(User)


def _opinions(*conditions: Any) -> Any:
    return (select(Consultation, engine.HumanTask, engine.ProcessInstance, _ASKER, _CONSULTANT)
            .join(engine.HumanTask, engine.HumanTask.id == Consultation.task_id)
            .join(engine.ProcessInstance, engine.ProcessInstance.id == Consultation.instance_id)
            .join(_ASKER, _ASKER.id == Consultation.asked_by_id)
            .join(_CONSULTANT, _CONSULTANT.id == Consultation.consultant_id).where(*conditions))


def on_task(task_id: int) -> list[Opinion]:
    """Every opinion asked on the task, oldest first (the caller checked that the reader sees the task)."""
    rows = session.execute(_opinions(Consultation.task_id == task_id).order_by(Consultation.id))
    return [Opinion(*row) for row in rows]


def _open(user: User) -> Any:
    return and_(Consultation.consultant_id == user.id, Consultation.answered_at.is_(None),
                engine.HumanTask.status == engine.TaskStatus.READY)


def mine(user: User, number: int = 1, *, past_end: bool = False) -> Page[Opinion]:
    """The requests addressed to `user`: those waiting for an answer first, then the newest."""
    later = case((_open(user), 0), else_=1)
    return fetch(_opinions(Consultation.consultant_id == user.id)
                 .order_by(later, Consultation.created_at.desc(), Consultation.id.desc()), number,
                 past_end=past_end).map(
        lambda row: Opinion(*row))


def waiting_count(user: User) -> int:
    """How many requests wait for the user's answer (for the inbox's card)."""
    return session.scalar(select(func.count()).select_from(Consultation)
                          .join(engine.HumanTask, engine.HumanTask.id == Consultation.task_id)
                          .where(_open(user))) or 0


def addressed_to(consultation_id: int, user: User) -> Opinion:
    """A request the user was asked to answer (its page); anyone else is refused."""
    row = session.execute(_opinions(Consultation.id == consultation_id)).first()
    if row is None:
        raise NotFound(_("Request for an opinion %(id)s does not exist.", id=consultation_id))
    found = Opinion(*row)
    if found.consultant.id != user.id:
        raise Forbidden(_("This request for an opinion was addressed to someone else."))
    return found


def ask_offer(task: engine.HumanTask, user: User) -> AskOffer | None:
    """The ask form for whoever may act on the READY task now; None for anyone else (reads only)."""
    if task.status != engine.TaskStatus.READY or not consulting.asks_opinions(task):
        return None
    instance = session.get(engine.ProcessInstance, task.instance_id)
    assert instance is not None  # enforced by the foreign key
    if acting.may_act(task, instance, user) is None:
        return None
    path = regions.ancestors(instance.base_region_code)
    order = {region.code: index for index, region in enumerate(path)}
    rows = session.execute(select(User, RoleGrant.role, RoleGrant.region_code).join(RoleGrant).where(
        RoleGrant.role.in_(OFFERED_ROLES), RoleGrant.region_code.in_(list(order)), User.active.is_(True),
        User.id != user.id))
    by_code = {region.code: region for region in path}
    candidates = sorted((Candidate(found, role, by_code[code]) for found, role, code in rows),
                        key=lambda c: (order[c.region.code], c.role != OFFICIAL, c.user.display_name, c.user.id))
    once = {candidate.user.id: candidate for candidate in reversed(candidates)}  # a person once, at his highest
    candidates = [candidate for candidate in candidates if once[candidate.user.id] is candidate]
    waiting = frozenset(session.scalars(select(Consultation.consultant_id).where(
        Consultation.task_id == task.id, Consultation.answered_at.is_(None))))
    return AskOffer(candidates=candidates, waiting=waiting)
