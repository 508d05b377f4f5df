"""Reminders of a task's due date and its escalation: the receiver that starts them for each new
task, the worker's step that sends them, and what the supervising officials see (periods.py says when
and to whom).

Each open task with a due date has one TaskNotice row: stage 0 until its due-soon reminder, 1 until
it is overdue, 2 until it is escalated, 3 after. `next_at`, when the next stage falls due, is counted
when the row is written, again whenever the worker reaches the row, and when the due date moves
(`reschedule`, called by the holiday recount), so a reminder follows its deadline.

Who is told: the due-soon reminder and the overdue notice go to the task's assignee, or everyone
who may act on it; the escalation to the officials of the supervising region (`periods.supervisor`),
who also see it on their inbox page until the task is done, and to the case's audit trail.

Each stage's message has its own event key (`task:<id>:due_soon`, `:overdue`, `:escalated`), so a
second worker or a repeated scan never tells anyone twice. When the worker reaches a task late (it
was stopped), an overdue task gets the overdue notice only, not a due-soon reminder as well.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select

from webapp import engine, signals
from webapp.audit import services as audit
from webapp.audit.models import AuditAction
from webapp.auth import queries as people
from webapp.auth.models import User
from webapp.auth.roles import OFFICIAL
from webapp.clock import now_utc
from webapp.db import session, skipping_locked, transaction
from webapp.engine import HumanTask, ProcessInstance, TaskStatus
from webapp.i18n import N_
from webapp.notifications import periods
from webapp.notifications.arrivals import task_link, task_params
from webapp.notifications.models import MessageKind, TaskNotice
from webapp.notifications.services import send
from webapp.regions import queries as regions

logger = logging.getLogger(__name__)

DUE_SOON, OVERDUE, ESCALATED = 1, 2, 3
"""The stages a TaskNotice reaches."""
EVENTS = {DUE_SOON: "due_soon", OVERDUE: "overdue", ESCALATED: "escalated"}
MESSAGES = {
    DUE_SOON: (MessageKind.TASK_DUE_SOON, N_("Due soon: %(task)s for %(brand)s is due on %(due)s.")),
    OVERDUE: (MessageKind.TASK_OVERDUE,
              N_("Overdue: %(task)s for %(brand)s was due on %(due)s. Please deal with it as soon as possible.")),
}
ESCALATED_LEVEL = N_("Escalated to you: %(task)s for %(brand)s at %(region)s (%(level)s) is %(days)s working days "
                     "overdue; it was due on %(due)s.")
ESCALATED_UNIT = N_("Escalated to you: the creation unit has not done %(task)s for %(brand)s, %(days)s working days "
                    "after it was due on %(due)s.")


@signals.instance_advanced.connect
def on_instance_advanced(process_key: str, *, instance: ProcessInstance, outcome: engine.Outcome,
                         **_: Any) -> None:
    """Every process (connected to all senders): start the reminders of the case's new tasks; drop those
    of its tasks that are no longer open."""
    session.execute(delete(TaskNotice).where(TaskNotice.task_id.in_(select(HumanTask.id).where(
        HumanTask.instance_id == instance.id, HumanTask.status != TaskStatus.READY))))
    for task in outcome.new_tasks:
        found = periods.moments(task)
        if found is None:
            continue
        # A task that arrives with its due date already near: its arrival message names the date.
        stage = DUE_SOON if found.due_soon <= now_utc() else 0
        session.add(TaskNotice(task_id=task.id, stage=stage, next_at=found.of_stage(stage)))


def send_due_reminders(limit: int = 500) -> int:
    """Worker step: bring every task whose next reminder is due to its stage, one task per short
    transaction; returns how many tasks moved on.

    The case is locked first, as its actions and the holiday recount lock it, then the notice row with
    FOR UPDATE SKIP LOCKED: a notice another worker holds is left to it, and one it has just handled is
    no longer due when read again."""
    moved = 0
    seen: set[int] = set()
    while len(seen) < limit:
        with transaction():
            due = (select(TaskNotice.task_id, HumanTask.instance_id)
                   .join(HumanTask, HumanTask.id == TaskNotice.task_id).where(TaskNotice.next_at <= now_utc())
                   .order_by(TaskNotice.next_at, TaskNotice.task_id).limit(1))
            row = session.execute(due.where(TaskNotice.task_id.not_in(seen)) if seen else due).first()
            if row is None:
                break
            task_id, instance_id = row
            seen.add(task_id)
            instance = engine.lock(instance_id)
            notice = session.scalars(skipping_locked(select(TaskNotice).where(
                TaskNotice.task_id == task_id, TaskNotice.next_at <= now_utc()))).first()
            if notice is not None and _advance(notice, instance):
                moved += 1
    return moved


def _advance(notice: TaskNotice, instance: ProcessInstance) -> bool:
    task = session.get(HumanTask, notice.task_id)
    found = periods.moments(task) if task is not None and task.status == TaskStatus.READY else None
    if task is None or found is None:
        session.delete(notice)  # done, cancelled, or no longer due: nothing more to say
        return False
    now = now_utc()
    reached = sum(1 for moment in (found.due_soon, found.overdue, found.escalate) if moment <= now)
    start = notice.stage
    for stage in range(start + 1, reached + 1):
        if stage == ESCALATED:
            _escalate(notice, task, instance, found)
        elif stage == OVERDUE or reached == DUE_SOON:
            kind, message = MESSAGES[stage]
            send(people.may_act_on(task.candidate_group, task.region_code, task.owner_key, task.assignee_id,
                                   named_by_process=task.assigned_by_process),
                 kind, message, task_params(task, instance), event_key=f"task:{task.id}:{EVENTS[stage]}",
                 link=task_link(task.id), instance_id=instance.id, task_id=task.id)
    notice.stage = max(start, reached)
    notice.next_at = found.of_stage(notice.stage)  # later than before when the due date moved on
    return notice.stage > start


def _escalate(notice: TaskNotice, task: HumanTask, instance: ProcessInstance,
              found: periods.Moments) -> None:
    boss = periods.supervisor(task, instance)
    if boss is None:
        logger.info("task %s is %s working days overdue; no level above it to escalate to",
                    task.id, found.escalate_after)
        return
    notice.escalated_to, notice.escalated_at = boss.region_code, now_utc()
    region = regions.get(task.region_code or "")
    officials = people.holders(OFFICIAL, boss.region_code)
    params = {**task_params(task, instance), **regions.level_names(task.lane), "days": found.escalate_after,
              "region": region.name if region else ""}
    send(officials, MessageKind.TASK_ESCALATED, ESCALATED_UNIT if boss.waiting else ESCALATED_LEVEL, params,
         event_key=f"task:{task.id}:{EVENTS[ESCALATED]}", link=case_link(instance.id), instance_id=instance.id,
         task_id=task.id)
    escalated_to = regions.get(boss.region_code)
    audit.record(instance, AuditAction.ESCALATED, task=task, data={
        "escalated_to": escalated_to.name if escalated_to else boss.region_code,
        "told": [user.display_name for user in officials]})


def case_link(instance_id: int) -> str:
    """The case's diagram and path: the supervising officials read the case; the task is not theirs."""
    return f"/cases/{instance_id}/diagram"


def reschedule(task_ids: Iterable[int]) -> None:
    """Step: count the next reminder again for tasks whose due date moved (the caller holds their case)."""
    wanted = list(task_ids)
    if not wanted:
        return
    for notice in session.scalars(select(TaskNotice).where(TaskNotice.task_id.in_(wanted))):
        task = session.get(HumanTask, notice.task_id)
        found = periods.moments(task) if task is not None else None
        if found is not None:
            notice.next_at = found.of_stage(notice.stage)


@dataclass(frozen=True)
class Escalation:
    task: HumanTask
    instance: ProcessInstance
    escalated_at: datetime | None


def escalated_to(user: User, *, limit: int = 100) -> list[Escalation]:
    """The open tasks escalated to a region where `user` is an official, the longest overdue first."""
    codes = sorted({code for role, code in user.role_pairs if role == OFFICIAL})
    if not codes:
        return []
    rows = session.execute(
        select(TaskNotice.escalated_at, HumanTask, ProcessInstance)
        .join(HumanTask, HumanTask.id == TaskNotice.task_id)
        .join(ProcessInstance, ProcessInstance.id == HumanTask.instance_id)
        .where(TaskNotice.escalated_to.in_(codes), HumanTask.status == TaskStatus.READY)
        .order_by(HumanTask.due_at, HumanTask.id).limit(limit))
    return [Escalation(task=task, instance=instance, escalated_at=at) for at, task, instance in rows]
