"""抄送 (copies): the reviewer who completed a task copies their decision to named people, or to the
officials of a level of the case; they are told, and may read the case from then on. Only read: a copy
changes nothing in `permissions.may_act`, so a recipient claims and completes nothing they could not before.

Who may be named (the case's jurisdiction): a person holding a role other than applicant at a region
on the case's path (its base region or any region above it), or at or below the region of the decision
being copied (the copier's own region). A level names the region at that level on the case's path, so
its officials are always inside. Anyone else (another province, a neighbouring county of a county's
decision, a creation unit, a user without a role) is refused by name, and nothing is copied.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from webapp import engine, taskforms
from webapp.audit import services as audit
from webapp.audit.models import AuditAction
from webapp.auth import permissions
from webapp.auth import queries as people
from webapp.auth.models import User
from webapp.auth.roles import APPLICANT, OFFICIAL
from webapp.command_log import logged
from webapp.db import session, transaction
from webapp.errors import Conflict, Forbidden, Invalid
from webapp.history import cases
from webapp.i18n import N_, _
from webapp.notifications.arrivals import task_params
from webapp.notifications.models import CaseCopy, MessageKind
from webapp.notifications.services import send
from webapp.regions import queries as regions
from webapp.regions.models import Region

COPIED_MESSAGE = N_("%(who)s copied to you the decision on %(brand)s: %(task)s, %(decision)s. Comment: %(comment)s")
MAX_RECIPIENTS = 50
USERNAME_LENGTH = 60
LEVEL_LENGTH = 30
_SEPARATORS = re.compile(r"[\s,，、;；]+")


@dataclass(frozen=True)
class CopyRequest:
    usernames: list[str]
    level: str | None


@dataclass(frozen=True)
class Copied:
    recipients: list[User]
    """Told now."""
    already: list[User]
    """Named again, but they had the copy already: not told twice."""


@dataclass(frozen=True)
class CopyOffer:
    """What the task page shows its reviewer: the levels of the case and who has the copy already."""

    regions: list[Region]
    copied_to: list[str]


def split_usernames(text: str) -> list[str]:
    """The usernames typed on the page, separated by commas, 、 or spaces."""
    return [name for name in _SEPARATORS.split(text) if name]


def parse_request(usernames: Any, level: Any) -> CopyRequest:
    """A list of usernames and a level key (either may be left out, not both), as the API documents them."""
    errors: dict[str, list[Any]] = {}
    names = [] if usernames is None else usernames
    if not isinstance(names, list) or not all(isinstance(name, str) and name.strip() for name in names):
        errors["usernames"] = [_("Give the usernames as a list of text.")]
        names = []
    elif len(names) > MAX_RECIPIENTS:
        errors["usernames"] = [_("Name at most %(count)s people at once.", count=MAX_RECIPIENTS)]
    elif any(len(name) > USERNAME_LENGTH for name in names):
        errors["usernames"] = [_("No username is longer than %(count)s characters.", count=USERNAME_LENGTH)]
    if level is not None and (not isinstance(level, str) or not 0 < len(level) <= LEVEL_LENGTH):
        errors["level"] = [_("Choose a level of the case.")]
    if not errors and not names and level is None:
        errors["usernames"] = [_("Name at least one user, or choose a level.")]
    if errors:
        raise Invalid(_("Nothing was copied."), field_errors=errors)
    return CopyRequest(usernames=list(dict.fromkeys(name.strip() for name in names)), level=level)


@logged("decision of task {task_id} copied by user {actor.id}")
def copy_decision(task_id: int, request: CopyRequest, *, actor: User) -> Copied:
    """Command: copy the decision of a completed task to the people named; each is told once."""
    with transaction():
        instance, task = _locked_decision(task_id, actor)
        named = _recipients(instance, task, request, actor)
        had = set(session.scalars(select(CaseCopy.recipient_id).where(CaseCopy.task_id == task.id)))
        new = [user for user in named if user.id not in had]
        if not new:
            raise Conflict(_("This decision was already copied to everyone named; nobody was told again."))
        session.add_all([CaseCopy(instance_id=instance.id, task_id=task.id, recipient_id=user.id, by_id=actor.id)
                         for user in new])
        session.flush()
        send(new, MessageKind.COPIED, COPIED_MESSAGE, {**task_params(task, instance), **_decision(task),
                                                       "who": actor.display_name},
             event_key=f"copy:{task.id}", link=case_link(instance), instance_id=instance.id, task_id=task.id)
        audit.record(instance, AuditAction.COPIED, actor=actor, task=task, data={
            "recipients": [user.display_name for user in new], **({"level": request.level} if request.level else {})})
        return Copied(recipients=new, already=[user for user in named if user.id in had])


def offer(task: engine.HumanTask, user: User) -> CopyOffer | None:
    """The copy form for the reviewer who completed `task` (reads only); None for anyone else."""
    if not _copier(task, user):
        return None
    instance = session.get(engine.ProcessInstance, task.instance_id)
    assert instance is not None  # enforced by the foreign key
    names = session.scalars(select(User.display_name).join(CaseCopy, CaseCopy.recipient_id == User.id)
                            .where(CaseCopy.task_id == task.id).order_by(CaseCopy.id))
    return CopyOffer(regions=regions.ancestors(instance.base_region_code), copied_to=list(names))


def case_link(instance: engine.ProcessInstance) -> str:
    """Where a copy leads: the history page of the case's brand, or the diagram of a case without one."""
    brand_id = cases.brand_ids([instance]).get(instance.id)
    return f"/brands/{brand_id}/history" if brand_id is not None else f"/cases/{instance.id}/diagram"


def hearing_role(user: User, *, case_path: list[str], region_code: str | None) -> tuple[str, str] | None:
    """The role (and its region) through which `user` may hear of a case with this path from someone acting
    at `region_code` (抄送, and 加签 asks the same), or None: `permissions.may_receive_copy` per role."""
    return next(((role, code) for role, code in user.role_pairs if permissions.may_receive_copy(
        [(role, regions.path_codes(code))], case_path=case_path, copier_region=region_code)), None)


def _copier(task: engine.HumanTask, user: User) -> bool:
    return (task.status == engine.TaskStatus.DONE and task.completed_by_id == user.id
            and task.candidate_group != APPLICANT)


def _locked_decision(task_id: int, actor: User) -> tuple[engine.ProcessInstance, engine.HumanTask]:
    instance, task = engine.lock_task(task_id)
    if not _copier(task, actor):
        raise Forbidden(_("Only the reviewer who completed task %(id)s may copy its decision.", id=task_id))
    return instance, task


def _recipients(instance: engine.ProcessInstance, task: engine.HumanTask, request: CopyRequest,
                actor: User) -> list[User]:
    """The people named and the officials of the level chosen, all inside the case's jurisdiction."""
    errors: dict[str, list[Any]] = {}
    case_path = regions.path_codes(instance.base_region_code)
    found: dict[int, User] = {}
    for name in request.usernames:
        user = session.scalars(select(User).where(User.username == name)).first()
        if user is None or not user.active:
            errors.setdefault("usernames", []).append(_("No user is named %(name)s.", name=name))
        elif hearing_role(user, case_path=case_path, region_code=task.region_code) is None:
            errors.setdefault("usernames", []).append(_(
                "%(name)s is outside this case's jurisdiction: a decision is copied only to people holding a role "
                "on the case's path or within your region.", name=name))
        else:
            found[user.id] = user
    if request.level:
        officials, problem = _officials_of(instance, request.level)
        if problem is not None:
            errors["level"] = [problem]
        found.update({user.id: user for user in officials})
    found.pop(actor.id, None)
    if errors:
        raise Invalid(_("Nothing was copied: check the people named."), field_errors=errors)
    if not found:
        raise Invalid(_("Nothing was copied."), field_errors={"usernames": [_("Name someone other than yourself.")]})
    return sorted(found.values(), key=lambda user: user.id)


def _officials_of(instance: engine.ProcessInstance, level: str) -> tuple[list[User], Any]:
    """The officials at the region of `level` on the case's path, or why there are none."""
    code = regions.code_at_level(instance.base_region_code, level)
    if code is None:
        return [], _("The case has no region at level %(level)s.", level=level)
    officials = people.holders(OFFICIAL, code)
    if not officials:
        region = regions.get(code)
        return [], _("Nobody holds the official role at %(region)s.", region=region.name if region else code)
    return officials, None


def _decision(task: engine.HumanTask) -> dict[str, str]:
    """The decision as its form names it, in both languages, and the comment."""
    submitted = task.submitted or {}
    value = submitted.get("decision")
    if value is None:
        return {"decision": "—", "decision_en": "—", "comment": str(submitted.get("comment") or "—")}
    return {"decision": taskforms.decision_label(task.form_key, value, locale="zh"),
            "decision_en": taskforms.decision_label(task.form_key, value, locale="en"),
            "comment": str(submitted.get("comment") or "—")}
