"""催办 (urging): a higher level, or the case's own creation unit, reminds the people a waiting case
waits for.

Who may urge:
- an official holding `official` at a region strictly above the region where an open task of the case
  waits (the task's region; for the unit's own revision task, the case's base region): a city urges its
  counties, a county its villages. The same level, a neighbouring county, an auditor, an expert or another
  unit may not;
- a person of the creation unit that owns the case, on the reviewers' tasks (not on its own revision).

Who is told: everyone who may act on the urged tasks (`auth.queries.may_act_on`: the assignee of a
claimed task, else the holders of its role and region), one message each, with a link to their task.

How often: once per working day per case and person. An urge counts against today's date in Beijing
when that is a working day, otherwise against the next working day, so an urge on Saturday and another
on Monday morning do not both reach the holders' first working morning. The `urge` table's unique
(case, person, day) enforces it, also for two requests at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from webapp import engine
from webapp.audit import services as audit
from webapp.audit.models import AuditAction
from webapp.auth import permissions
from webapp.auth import queries as people
from webapp.auth.models import User
from webapp.auth.roles import APPLICANT, OFFICIAL
from webapp.command_log import logged
from webapp.db import dialect, session, transaction
from webapp.errors import Conflict, DomainError, Forbidden
from webapp.i18n import N_, _
from webapp.notifications.arrivals import task_link, task_params
from webapp.notifications.models import MessageKind, Urge
from webapp.notifications.services import send
from webapp.regions import queries as regions
from webapp.review import queries as review
from webapp.workdays import calendar
from webapp.workdays.calendar import CHINA

NOT_AN_URGER = _("Only an official of a higher level than the one the case is waiting at, or the case's creation "
                 "unit, may urge it.")
URGED_MESSAGE = N_("%(who)s urges you to act on %(task)s for %(brand)s, waiting since %(since)s (due %(due)s).")


@dataclass(frozen=True)
class Urged:
    day: date
    """The working day the urge counts against."""
    told: list[User]
    tasks: list[engine.HumanTask]


@dataclass(frozen=True)
class UrgeOffer:
    """What a page shows next to a waiting case: the urge button, or that it was used for this working day."""

    instance_id: int
    urged_for: date | None


def counted_day() -> date:
    """The working day an urge made now counts against: today in Beijing if it is a working day, else the next."""
    eve = datetime.combine(calendar.today() - timedelta(days=1), time(12), tzinfo=CHINA)
    return calendar.last_day(calendar.add_working_days(eve, 1).moment)


@logged("case {instance_id} urged by user {actor.id} for {result.day}")
def urge(instance_id: int, *, actor: User) -> Urged:
    """Command: tell the holders of a waiting case's open tasks that `actor` is waiting for them."""
    with transaction():
        instance = engine.lock(instance_id)
        review.readable_instance(instance.id, actor)  # outsiders learn nothing about the case
        if not _own_case(instance, actor) and not _official_on_path(instance, actor):
            raise Forbidden(NOT_AN_URGER)  # an auditor, an expert: whether or not the case waits
        waiting = engine.open_tasks(instance.id)
        if not waiting:
            raise Conflict(_("Case %(id)s is not waiting for anyone: there is nobody to urge.", id=instance.id))
        tasks = urgeable(instance, waiting, actor)
        if not tasks:
            raise _refusal(instance, actor)
        day = counted_day()
        urge_id = _take_day(instance.id, actor.id, day)
        if urge_id is None:
            raise Conflict(_("You already urged this case for %(day)s; you may urge it again on the next working "
                             "day.", day=day.isoformat()))
        told = _tell(instance, tasks, actor, urge_id)
        if not told:
            raise Conflict(_("Nobody may act on the waiting task yet, so nobody was urged; an administrator "
                             "must first give someone the role."))
        audit.record(instance, AuditAction.URGED, actor=actor, task=tasks[0], role=_role(instance, actor),
                     region_code=_urger_region(instance, tasks[0], actor),
                     data={"told": [user.display_name for user in told]})
        return Urged(day=day, told=told, tasks=tasks)


def urgeable(instance: engine.ProcessInstance, tasks: list[engine.HumanTask], user: User) -> list[engine.HumanTask]:
    """The open tasks `user` may urge (see the module's rules)."""
    own = _own_case(instance, user)
    return [task for task in tasks if (own and task.candidate_group != APPLICANT) or permissions.urges_from_above(
        user.role_pairs, waiting_path=regions.path_codes(task.region_code or instance.base_region_code))]


def offer(instance_id: int, user: User) -> UrgeOffer | None:
    """Whether a page offers `user` the urge button on this case (reads only)."""
    instance = session.get(engine.ProcessInstance, instance_id)
    if instance is None or not urgeable(instance, engine.open_tasks(instance_id), user):
        return None
    day = counted_day()
    used = session.scalar(select(Urge.id).where(Urge.instance_id == instance_id, Urge.user_id == user.id,
                                                Urge.day == day)) is not None
    return UrgeOffer(instance_id=instance_id, urged_for=day if used else None)


def _refusal(instance: engine.ProcessInstance, actor: User) -> DomainError:
    if _own_case(instance, actor):
        return Conflict(_("The case is waiting for your own unit to revise it: there is nobody to urge."))
    return Forbidden(NOT_AN_URGER)


def _official_on_path(instance: engine.ProcessInstance, user: User) -> bool:
    path = regions.path_codes(instance.base_region_code)
    return any(role == OFFICIAL and code in path for role, code in user.role_pairs)


def _take_day(instance_id: int, user_id: int, day: date) -> int | None:
    """Record the urge for its working day; None when this person already urged the case for that day."""
    insert = postgresql.insert if dialect() == "postgresql" else sqlite.insert
    statement = insert(Urge).values(instance_id=instance_id, user_id=user_id, day=day).on_conflict_do_nothing(
        index_elements=["instance_id", "user_id", "day"]).returning(Urge.id)
    return session.scalar(statement)


def _tell(instance: engine.ProcessInstance, tasks: list[engine.HumanTask], actor: User, urge_id: int) -> list[User]:
    """One message per holder (a person holding two of the tasks hears once), linking to their task."""
    told: dict[int, User] = {}
    for task in tasks:
        holders = [user for user in people.may_act_on(task.candidate_group, task.region_code, task.owner_key,
                                                      task.assignee_id, named_by_process=task.assigned_by_process)
                   if user.id != actor.id]
        since = task.created_at.astimezone(CHINA).date().isoformat()
        send(holders, MessageKind.URGED, URGED_MESSAGE,
             {**task_params(task, instance), "who": actor.display_name, "since": since},
             event_key=f"urge:{urge_id}", link=task_link(task.id), instance_id=instance.id, task_id=task.id)
        told.update({user.id: user for user in holders})
    return list(told.values())


def _own_case(instance: engine.ProcessInstance, user: User) -> bool:
    return instance.owner_key is not None and instance.owner_key in user.owner_keys


def _role(instance: engine.ProcessInstance, actor: User) -> str:
    return APPLICANT if _own_case(instance, actor) else OFFICIAL


def _urger_region(instance: engine.ProcessInstance, task: engine.HumanTask, actor: User) -> str | None:
    """Where the urge came from: the unit's region, or the urging official's region above the task."""
    if _own_case(instance, actor) and actor.creation_unit_id is not None:
        return people.unit_region_code(actor.creation_unit_id)
    above = regions.path_codes(task.region_code or instance.base_region_code)[:-1]
    return next((code for role, code in actor.role_pairs if role == OFFICIAL and code in above), None)
