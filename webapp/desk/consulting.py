"""加签 (consultation): the holder of a READY task asks one or more colleagues for their opinion before
deciding. The task never leaves the holder: a consultant answers in writing, the answer shows on the
task page, and the holder still decides (a consultant claims and completes nothing, see `acting`).

Who may ask: whoever may act on the task now (`acting.acting_on`; a substitute asks for his principal and
the trail says so), on a reviewer's task only (`asks_opinions`): a creation unit's own task is no decision
on a case that officials or experts would be asked about. Whom: 1 to 10 active people other than the
asker, each allowed to hear of the case by the rule a copy (抄送) obeys (`copies.hearing_role`: a role on
the case's path or within the task's region). A consultant may read the case from then on
(`review.queries.copied_to`).

When: a consultant answers once, while the task is still READY; after the decision, nobody answers.
An open request to someone is not asked twice on the same task.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from webapp import engine
from webapp.audit import services as audit
from webapp.audit.models import AuditAction
from webapp.auth.models import User
from webapp.auth.roles import APPLICANT
from webapp.clock import now_utc
from webapp.command_log import logged
from webapp.db import session, transaction
from webapp.desk import copies
from webapp.engine import HumanTask, TaskStatus
from webapp.errors import Conflict, Forbidden, Invalid, NotFound
from webapp.i18n import N_, _
from webapp.notifications.arrivals import task_link, task_params
from webapp.notifications.models import MessageKind
from webapp.notifications.services import send
from webapp.regions import queries as regions
from webapp.review import acting
from webapp.review.models import Consultation

MAX_CONSULTANTS = 10
TEXT_MIN, TEXT_MAX = 2, 2000
QUOTED = 200
"""How much of the question a message quotes; the whole is on the answer page."""
ASKED_MESSAGE = N_("%(who)s asks your opinion on %(brand)s before deciding %(task)s: %(question)s")
GIVEN_MESSAGE = N_("%(who)s gave an opinion on %(brand)s for %(task)s.")


@dataclass(frozen=True)
class Asked:
    consultations: list[Consultation]
    """One per consultant asked now, in the order of `consultants`."""
    consultants: list[User]
    already: list[User]
    """Named again while their earlier request on this task is still open: not asked twice."""


def asks_opinions(task: HumanTask) -> bool:
    """Whether opinions may be asked on the task at all: on the reviewers' tasks, not on a creation unit's."""
    return task.candidate_group != APPLICANT


def consultation_link(consultation_id: int) -> str:
    """The consultant's answer page."""
    return f"/consultations/{consultation_id}"


@logged("opinions asked on task {task_id} by user {actor.id}")
def ask_opinion(task_id: int, usernames: Any, question: Any, *, actor: User) -> Asked:
    """Command: ask the people named for their opinion on a READY task the actor may act on."""
    with transaction():
        instance, task = engine.lock_task(task_id)
        by = acting.acting_on(task, instance, actor)  # who cannot act learns no more than why
        if not asks_opinions(task):
            raise Forbidden(_("A creation unit's own task is not one to ask opinions on."))
        names, text = _parse(usernames, question)
        named = _consultants(names, instance.base_region_code, task.region_code, actor)
        waiting = set(session.scalars(select(Consultation.consultant_id).where(
            Consultation.task_id == task.id, Consultation.answered_at.is_(None))))
        new = [user for user in named if user.id not in waiting]
        if not new:
            raise Conflict(_("Everyone named was already asked on this task and has not answered yet; nobody was "
                             "asked again."))
        rows = [Consultation(task_id=task.id, instance_id=instance.id, asked_by_id=actor.id, consultant_id=user.id,
                             question=text) for user in new]
        session.add_all(rows)
        session.flush()
        params = {**task_params(task, instance), "who": actor.display_name, "question": _quoted(text)}
        for row, user in zip(rows, new, strict=True):
            send([user], MessageKind.OPINION_ASKED, ASKED_MESSAGE, params, event_key=f"opinion_asked:{row.id}",
                 link=consultation_link(row.id), instance_id=instance.id, task_id=task.id)
        audit.record(instance, AuditAction.OPINION_ASKED, actor=actor, task=task, data={
            "told": [user.display_name for user in new], "question": text, **by.trail()})
        return Asked(consultations=rows, consultants=new, already=[user for user in named if user.id in waiting])


@logged("opinion {consultation_id} given by user {actor.id}")
def give_opinion(consultation_id: int, opinion: Any, *, actor: User) -> Consultation:
    """Command: the consultant answers, once, while the task waits for its holder's decision."""
    with transaction():
        task_id = session.scalar(select(Consultation.task_id).where(Consultation.id == consultation_id))
        if task_id is None:
            raise NotFound(_("Request for an opinion %(id)s does not exist.", id=consultation_id))
        instance, task = engine.lock_task(task_id)
        consultation = session.get(Consultation, consultation_id, populate_existing=True)
        assert consultation is not None  # requests are never deleted
        if consultation.consultant_id != actor.id:
            raise Forbidden(_("This request for an opinion was addressed to someone else."))
        if consultation.answered_at is not None:
            raise Conflict(_("You already gave your opinion on this request."))
        if task.status != TaskStatus.READY:
            raise Conflict(_("Task %(id)s was decided or closed meanwhile: the opinion is no longer needed.",
                             id=task.id))
        text = _text(opinion, "opinion", _("Nothing was saved."))
        consultation.opinion, consultation.answered_at = text, now_utc()
        session.flush()
        role = copies.hearing_role(actor, case_path=regions.path_codes(instance.base_region_code),
                                   region_code=task.region_code)
        audit.record(instance, AuditAction.OPINION_GIVEN, actor=actor, task=task, data={"opinion": text},
                     role=role[0] if role else None, region_code=role[1] if role else None)
        asker = session.get(User, consultation.asked_by_id)
        assert asker is not None  # enforced by the foreign key
        send([asker], MessageKind.OPINION_GIVEN, GIVEN_MESSAGE,
             {**task_params(task, instance), "who": actor.display_name}, event_key=f"opinion_given:{consultation.id}",
             link=task_link(task.id), instance_id=instance.id, task_id=task.id)
        return consultation


def _parse(usernames: Any, question: Any) -> tuple[list[str], str]:
    """The usernames (a list of text, 1 to 10 once duplicates are dropped) and the question."""
    errors: dict[str, list[Any]] = {}
    names: list[str] = []
    if not isinstance(usernames, list) or not all(isinstance(name, str) and name.strip() for name in usernames):
        errors["usernames"] = [_("Give the usernames as a list of text.")]
    else:
        names = list(dict.fromkeys(name.strip() for name in usernames))
        if not names:
            errors["usernames"] = [_("Choose at least one person to ask.")]
        elif len(names) > MAX_CONSULTANTS:
            errors["usernames"] = [_("Ask at most %(count)s people at once.", count=MAX_CONSULTANTS)]
        elif any(len(name) > copies.USERNAME_LENGTH for name in names):
            errors["usernames"] = [_("No username is longer than %(count)s characters.",
                                     count=copies.USERNAME_LENGTH)]
    try:
        text = _text(question, "question", _("Nobody was asked."))
    except Invalid as error:
        errors.update(error.field_errors)
        text = ""
    if errors:
        raise Invalid(_("Nobody was asked."), field_errors=errors)
    return names, text


def _text(value: Any, field: str, refusal: Any) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if not TEXT_MIN <= len(text) <= TEXT_MAX:
        raise Invalid(refusal, field_errors={field: [_("Write between %(low)s and %(high)s characters.",
                                                       low=TEXT_MIN, high=TEXT_MAX)]})
    return text


def _consultants(names: list[str], base_region: str, task_region: str | None, actor: User) -> list[User]:
    """The people named, each active, not the asker, and allowed to hear of the case; or why not."""
    case_path = regions.path_codes(base_region)
    problems: list[Any] = []
    found: list[User] = []
    for name in names:
        user = session.scalars(select(User).where(User.username == name)).first()
        if user is None or not user.active:
            problems.append(_("No user is named %(name)s.", name=name))
        elif user.id == actor.id:
            problems.append(_("You cannot ask yourself for an opinion."))
        elif copies.hearing_role(user, case_path=case_path, region_code=task_region) is None:
            problems.append(_("%(name)s is outside this case's jurisdiction: an opinion is asked only of people "
                              "holding a role on the case's path or within your region.", name=name))
        else:
            found.append(user)
    if problems:
        raise Invalid(_("Nobody was asked: check the people named."), field_errors={"usernames": problems})
    return found


def _quoted(text: str) -> str:
    return text if len(text) <= QUOTED else text[:QUOTED - 1] + "…"
