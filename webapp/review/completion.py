"""What someone who completed a task is told: the case, and where it went next (the step, its region
and who holds it) or how it ended, from the case as it stands after the completion."""

from __future__ import annotations

from webapp import engine
from webapp.auth import queries as people
from webapp.auth.roles import APPLICANT
from webapp.i18n import _, english
from webapp.regions import queries as regions
from webapp.review.services import Completion
from webapp.vocabulary import APPLICATION_STATUSES, OUTCOMES, ROLES, named


def notice(done: Completion) -> str:
    """E.g. 已办结：村级推荐意见。西岐名吃已转到岐山县的「受理审核」，等待县级经办人员办理。 A creation unit
    also reads its application's status."""
    said = [str(_("Done: %(task)s.", task=_task_name(done.task)))]
    if done.application_status is not None and done.task.candidate_group == APPLICANT:
        said.append(str(_("Your application is now: %(status)s.",
                          status=named(APPLICATION_STATUSES, done.application_status))))
    if done.waiting:
        said += [_moved_on(done.instance.title, tasks) for tasks in _steps(done.waiting)]
    elif done.outcome.finished:
        ending = named(OUTCOMES, done.outcome.end_outcome)
        said.append(str(_("%(brand)s: the case is finished (%(outcome)s).", brand=done.instance.title, outcome=ending)
                        if ending else _("%(brand)s: the case is finished.", brand=done.instance.title)))
    else:
        said.append(str(_("%(brand)s: nobody has a step of it to do now; it goes on by itself when its time "
                          "comes.", brand=done.instance.title)))
    return ("" if not english() else " ").join(said)


def next_page(done: Completion) -> str:
    """Where the page goes after it: a creation unit to its applications, to read their status; officials,
    experts and inspectors back to their tasks."""
    return "applications.index" if done.task.candidate_group == APPLICANT else "review.inbox"


def _steps(waiting: list[engine.HumanTask]) -> list[list[engine.HumanTask]]:
    """The waiting tasks by step (two experts scoring in parallel wait at one step)."""
    steps: dict[tuple[str, str | None], list[engine.HumanTask]] = {}
    for task in waiting:
        steps.setdefault((task.bpmn_id, task.region_code), []).append(task)
    return list(steps.values())


def _moved_on(brand: str, tasks: list[engine.HumanTask]) -> str:
    first = tasks[0]
    named_holders = people.user_names({task.assignee_id for task in tasks})
    if named_holders and all(task.assignee_id for task in tasks):
        who = ("、" if not english() else ", ").join(named_holders.values())
    elif first.candidate_group == APPLICANT:
        who = named(ROLES, APPLICANT)
    else:
        who = str(_("%(level)s %(role)s", level=regions.lane_names(english()).get(first.lane or "", ""),
                    role=named(ROLES, first.candidate_group)))
    region = regions.get(first.region_code) if first.region_code else None
    if region is None:
        return str(_("%(brand)s moved on to “%(task)s”, waiting for %(who)s.", brand=brand,
                     task=_task_name(first), who=who))
    return str(_("%(brand)s moved on to “%(task)s” at %(region)s, waiting for %(who)s.", brand=brand,
                 task=_task_name(first), region=region.name, who=who))


def _task_name(task: engine.HumanTask) -> str:
    return task.name_en if english() and task.name_en else task.name
