"""Commands on the working-day calendar."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from webapp import engine
from webapp.audit import admin_trail
from webapp.audit.models import AdminAction, AuditAction
from webapp.audit.services import record
from webapp.auth.models import User
from webapp.auth.queries import is_national_admin
from webapp.command_log import logged
from webapp.db import session, transaction
from webapp.errors import Forbidden, Invalid
from webapp.i18n import N_, _, translate
from webapp.notifications import reminders
from webapp.workdays import calendar
from webapp.workdays.arrangement import Arrangement, ArrangementRefused, parse
from webapp.workdays.models import WorkdayRevision


@dataclass
class YearEntered:
    arrangement: Arrangement
    moved: list[tuple[int, engine.DeadlineChange]] = field(default_factory=list)
    """(instance id, change) for every due date and timer that moved."""


def read(text: str, year: int) -> Arrangement:
    """Check an arrangement without saving it (the page's preview); Invalid names each line."""
    try:
        return parse(text, year, this_year=calendar.today().year)
    except ArrangementRefused as refused:
        lines = [translate(message, params) if line is None else
                 _("Line %(line)s: %(problem)s", line=line, problem=translate(message, params))
                 for line, (message, params) in refused.problems]
        raise Invalid(_("The arrangement was not saved: %(problems)s", problems=" ".join(map(str, lines))),
                      field_errors={"text": lines}) from None


@logged("holidays of {year} entered by {who}")
def enter_year(year: int, text: str, *, actor: User | None) -> YearEntered:
    """Command: store a year's arrangement, then count again every running case's working-day
    deadline that passed through that year (one transaction per case, so a large bureau is not
    locked for the whole recount; entering the same text again finishes an interrupted recount)."""
    if actor is not None and not is_national_admin(actor):
        raise Forbidden(_("Only a national administrator may enter the holiday arrangement."))
    arrangement = read(text, year)
    who = admin_trail.actor_name(actor)
    with transaction():
        calendar.set_year(arrangement, entered_by=who)
        revision = WorkdayRevision(year=year, entered_by=who, text=text)
        session.add(revision)
        admin_trail.record(AdminAction.CALENDAR_ENTERED, actor=actor, subject=f"calendar {year}",
                           data={"holidays": len(arrangement.holidays), "workdays": len(arrangement.workdays),
                                 "text_sha256": hashlib.sha256(text.encode("utf-8")).hexdigest()})
    result = YearEntered(arrangement)
    for instance_id in engine.with_deadlines_in(year):
        with transaction():
            instance = engine.lock(instance_id)
            changes = engine.recount_deadlines(instance, year)
            for change in changes:
                _audit(instance, change, year)
                result.moved.append((instance_id, change))
            reminders.reschedule(change.task_id for change in changes if change.task_id)
    with transaction():
        stored = session.get(WorkdayRevision, revision.id)
        assert stored is not None
        stored.deadlines_moved = len(result.moved)
    return result


def _audit(instance: engine.ProcessInstance, change: engine.DeadlineChange, year: int) -> None:
    task = session.get(engine.HumanTask, change.task_id) if change.task_id else None
    message = (N_("Due date of %(name)s recomputed from %(old)s to %(new)s: %(year)s holidays entered.")
               if task else
               N_("Time limit %(name)s recomputed from %(old)s to %(new)s: %(year)s holidays entered."))
    record(instance, AuditAction.DEADLINE_MOVED, task=task, lane=change.lane,
           data={"message": message, "params": {"name": change.name,
                                                "old": calendar.last_day(change.old).isoformat(),
                                                "new": calendar.last_day(change.new).isoformat(), "year": year}})
