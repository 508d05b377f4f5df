"""Reads over the human tasks of instances: what is open, what was decided."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, func, select

from webapp.db import session
from webapp.engine.models import HumanTask, InstanceStatus, ProcessInstance, TaskStatus


def history(instance_id: int, *, viewing: HumanTask | None = None) -> list[HumanTask]:
    """Completed human tasks of an instance, oldest first: earlier decisions and comments.

    While a task is open, the submissions of its parallel siblings (the other experts scoring the
    same case) are left out, so every reviewer judges independently."""
    query = select(HumanTask).where(HumanTask.instance_id == instance_id,
                                           HumanTask.status == TaskStatus.DONE)
    if viewing is not None and viewing.status == TaskStatus.READY:
        query = query.where(~and_(HumanTask.bpmn_id == viewing.bpmn_id,
                                  HumanTask.lane == viewing.lane,
                                  HumanTask.completed_at >= viewing.created_at))
    return list(session.scalars(query.order_by(HumanTask.completed_at, HumanTask.id)))


def open_tasks(instance_id: int) -> list[HumanTask]:
    return list(session.scalars(select(HumanTask).where(
        HumanTask.instance_id == instance_id, HumanTask.status == TaskStatus.READY)
        .order_by(HumanTask.id)))


def timers_due_before(moment: datetime) -> int:
    """Running instances whose next timer fell due before `moment` and has not fired."""
    return int(session.scalar(select(func.count()).select_from(ProcessInstance).where(
        ProcessInstance.status == InstanceStatus.RUNNING, ProcessInstance.next_timer_at < moment)) or 0)
