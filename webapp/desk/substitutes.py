"""代理 (substitutes while on leave): a person away names a colleague who may act on his tasks, including
those the process assigned to him by name, from one day to another; the trail then says "Y for X"
(`review.acting` applies it). An administrator of his region may set it for someone already away.

Who may set or cancel: the person himself (the principal), or an administrator whose regions cover
every role and the creation unit of the principal (`auth.services.check_grants`, the same reach as for
changing his account).

Who may stand in: an active colleague holding one of the principal's roles at the same region, or
staff of the same creation unit. Anyone else could not act on the principal's tasks, so he is refused by
name with what he lacks. One principal has at most one substitute on any day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import and_, or_, select

from webapp.audit import admin_trail
from webapp.audit.models import AdminAction
from webapp.auth import queries as people
from webapp.auth.models import RoleGrant, Substitution, User
from webapp.auth.roles import ADMIN, APPLICANT, READ_ONLY_ROLES
from webapp.auth.services import administered_regions, check_grants
from webapp.clock import now_utc
from webapp.command_log import logged
from webapp.db import session, transaction
from webapp.errors import Conflict, Forbidden, Invalid, NotFound
from webapp.i18n import N_, _
from webapp.notifications.models import MessageKind
from webapp.notifications.services import send
from webapp.regions import queries as regions
from webapp.workdays import calendar

MAX_DAYS = 366
REASON_LENGTH = 200
SET_MESSAGE = N_("%(who)s named you substitute for %(principal)s from %(starts)s to %(ends)s (%(reason)s): "
                 "his tasks show in your inbox marked \"for %(principal)s\".")
NOT_YOURS = _("Only the person himself, or an administrator of his region, sets or cancels his substitutes.")


class SubstitutionState(StrEnum):
    """Where a substitution stands by China's date today."""

    UPCOMING = "upcoming"
    CURRENT = "current"
    ENDED = "ended"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class Standing:
    """One substitution as the pages show it."""

    row: Substitution
    principal: User
    substitute: User
    set_by: str
    state: SubstitutionState

    @property
    def cancellable(self) -> bool:
        return self.state in (SubstitutionState.UPCOMING, SubstitutionState.CURRENT)


@logged("substitution {result.id} set for user {principal_id} by user {actor.id}")
def set_substitute(principal_id: int, substitute: int | str | Any, starts_on: date | str | None,
                   ends_on: date | str | None, reason: str | None, *, actor: User) -> Substitution:
    """Command: `substitute` (id or username) may act for the principal from `starts_on` to `ends_on`."""
    with transaction():
        principal = _locked_principal(principal_id)
        check_reach(principal, actor)
        chosen, starts, ends, why = _checked(principal, substitute, starts_on, ends_on, reason)
        _refuse_overlap(principal, starts, ends)
        row = Substitution(principal_id=principal.id, substitute_id=chosen.id, starts_on=starts, ends_on=ends,
                           reason=why, set_by_id=actor.id)
        session.add(row)
        session.flush()
        _record(AdminAction.SUBSTITUTE_SET, row, principal, chosen, actor)
        send([chosen], MessageKind.SUBSTITUTE_SET, SET_MESSAGE,
             {"who": actor.display_name, "principal": principal.display_name, "starts": starts.isoformat(),
              "ends": ends.isoformat(), "reason": why}, event_key=f"substitute:{row.id}", link="/inbox")
        return row


@logged("substitution {substitution_id} cancelled by user {actor.id}")
def cancel_substitute(substitution_id: int, *, actor: User) -> Substitution:
    """Command: end a substitution that is current or still to come, from now on."""
    with transaction():
        row = session.get(Substitution, substitution_id, with_for_update=True, populate_existing=True)
        if row is None:
            raise NotFound(_("Substitution %(id)s does not exist.", id=substitution_id))
        principal = _locked_principal(row.principal_id)
        check_reach(principal, actor)
        if row.cancelled_at is not None:
            raise Conflict(_("This substitution was already cancelled."))
        if row.ends_on < calendar.today():
            raise Conflict(_("This substitution is already over."))
        row.cancelled_at = now_utc()
        substitute = session.get(User, row.substitute_id)
        assert substitute is not None  # users are never deleted
        _record(AdminAction.SUBSTITUTE_CANCELLED, row, principal, substitute, actor)
        return row


def check_reach(principal: User, actor: User) -> None:
    """The principal himself, or an administrator covering all his roles and his unit; else Forbidden."""
    if principal.id == actor.id:
        return
    if not administered_regions(actor) or not (principal.role_pairs or principal.creation_unit_id):
        raise Forbidden(NOT_YOURS)  # someone with no role nor unit is nobody's to administer
    check_grants(actor, principal.role_pairs, [principal.creation_unit_id])


def user_for(user_id: int, actor: User) -> User:
    """The principal whose substitutes `actor` reads or sets (himself or someone he administers)."""
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(_("User %(id)s does not exist.", id=user_id))
    check_reach(user, actor)
    return user


def as_principal(user_id: int) -> list[Standing]:
    """Who stands or stood in for the user, newest first."""
    return _standings(Substitution.principal_id == user_id)


def as_substitute(user_id: int) -> list[Standing]:
    """For whom the user stands or stood in, newest first."""
    return _standings(Substitution.substitute_id == user_id)


def standing_of(substitution_id: int) -> Standing:
    (standing,) = _standings(Substitution.id == substitution_id)
    return standing


def candidates(principal: User) -> list[User]:
    """The active colleagues who could stand in: one of his acting roles at the same region, or his unit."""
    scopes: list[Any] = [and_(RoleGrant.role == role, RoleGrant.region_code == code)
                         for role, code in acting_roles(principal)]
    if principal.creation_unit_id is not None:
        scopes.append(User.creation_unit_id == principal.creation_unit_id)
    if not scopes:
        return []
    return people.active_users(select(User).outerjoin(RoleGrant).where(or_(*scopes), User.id != principal.id))


def acting_roles(user: User) -> list[tuple[str, str]]:
    """The (role, region) pairs that act on tasks: not reading-only roles, not administration, and not
    the applicant role (a unit's tasks go to its staff, see `candidates`)."""
    return [(role, code) for role, code in user.role_pairs
            if role not in READ_ONLY_ROLES and role not in (ADMIN, APPLICANT)]


def _locked_principal(user_id: int) -> User:
    """Locked: two substitutions set for one person at once cannot both pass the overlap check."""
    user = session.get(User, user_id, with_for_update=True, populate_existing=True)
    if user is None:
        raise NotFound(_("User %(id)s does not exist.", id=user_id))
    return user


def _checked(principal: User, substitute: int | str | None, starts_on: date | str | None,
             ends_on: date | str | None, reason: str | None) -> tuple[User, date, date, str]:
    """Every field's problems at once, or the cleaned values."""
    errors: dict[str, list[str]] = {}
    chosen = _substitute(principal, substitute, errors)
    starts, ends = _day(starts_on, "starts_on", errors), _day(ends_on, "ends_on", errors)
    if starts and ends:
        if starts > ends:
            errors.setdefault("ends_on", []).append(_("The period ends before it starts."))
        elif ends < calendar.today():
            errors.setdefault("ends_on", []).append(_("The period is already over."))
        elif ends - starts >= timedelta(days=MAX_DAYS):
            errors.setdefault("ends_on", []).append(_("A substitution lasts at most %(days)s days.", days=MAX_DAYS))
    why = (reason or "").strip()
    if not why:
        errors["reason"] = [_("Say why, e.g. annual leave.")]
    elif len(why) > REASON_LENGTH:
        errors["reason"] = [_("At most %(count)s characters.", count=REASON_LENGTH)]
    if errors or chosen is None or starts is None or ends is None:
        raise Invalid(_("The substitute was not set."), field_errors=errors)
    return chosen, starts, ends, why


def _substitute(principal: User, wanted: int | str | Any, errors: dict[str, list[str]]) -> User | None:
    if wanted is None or wanted == "":
        errors["substitute"] = [_("Choose a substitute.")]
        return None
    if isinstance(wanted, bool) or not isinstance(wanted, int | str):  # a JSON body may send anything
        errors["substitute"] = [_("Give the substitute's id or username.")]
        return None
    user = session.get(User, wanted) if isinstance(wanted, int) else session.scalar(
        select(User).where(User.username == str(wanted).strip()))
    problem = _ineligible(principal, user, wanted)
    if problem:
        errors["substitute"] = [problem]
        return None
    return user


def _ineligible(principal: User, user: User | None, wanted: int | str) -> str | None:
    """Why `user` may not stand in, naming him by username: a refused name may be a stranger's."""
    if user is None:
        return str(_("There is no user %(name)s.", name=wanted))
    if user.id == principal.id:
        return str(_("Nobody stands in for himself: choose a colleague."))
    if not user.active:
        return str(_("%(name)s is deactivated.", name=user.username))
    roles = acting_roles(principal)
    if set(roles) & set(user.role_pairs):
        return None
    if principal.creation_unit_id is not None and user.creation_unit_id == principal.creation_unit_id:
        return None
    if not roles and principal.creation_unit_id is None:
        return str(_("%(principal)s holds no role that acts on tasks: a substitute would have nothing to do.",
                     principal=principal.display_name))
    held = [f"{role}@{_region_name(code)}" for role, code in roles]
    if principal.creation_unit_id is not None:
        held.append(str(_("staff of his creation unit")))
    return str(_("%(name)s could not act on the tasks of %(principal)s: he needs one of %(needed)s.",
                 name=user.username, principal=principal.display_name, needed="、".join(held)))


def _day(value: date | str | None, field: str, errors: dict[str, list[str]]) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value or "").strip())
    except ValueError:
        errors[field] = [_("Give a date as YYYY-MM-DD.")]
        return None


def _refuse_overlap(principal: User, starts: date, ends: date) -> None:
    existing = session.scalars(select(Substitution).where(
        Substitution.principal_id == principal.id, Substitution.cancelled_at.is_(None),
        Substitution.starts_on <= ends, Substitution.ends_on >= starts).order_by(Substitution.starts_on)).first()
    if existing is not None:
        other = session.get(User, existing.substitute_id)
        raise Conflict(_("%(name)s already stands in for %(principal)s from %(starts)s to %(ends)s: cancel that "
                         "substitution first, or choose days outside it.", name=other.display_name if other else "—",
                         principal=principal.display_name, starts=existing.starts_on.isoformat(),
                         ends=existing.ends_on.isoformat()))


def _record(action: AdminAction, row: Substitution, principal: User, substitute: User, actor: User) -> None:
    codes = [code for _role, code in principal.role_pairs]
    if principal.creation_unit_id is not None:
        codes.append(people.unit_region_code(principal.creation_unit_id))
    admin_trail.record(action, actor=actor, subject=f"user {principal.id} {principal.username}",
                       region_code=admin_trail.covering_region(codes),
                       data={"substitution_id": row.id, "substitute": substitute.username,
                             "starts_on": row.starts_on.isoformat(), "ends_on": row.ends_on.isoformat(),
                             "reason": row.reason})


def _standings(condition: Any) -> list[Standing]:
    rows = list(session.scalars(select(Substitution).where(condition)
                                .order_by(Substitution.starts_on.desc(), Substitution.id.desc())))
    ids = {i for row in rows for i in (row.principal_id, row.substitute_id)}
    users = {user.id: user for user in session.scalars(select(User).where(User.id.in_(ids)))} if ids else {}
    names = people.user_names({row.set_by_id for row in rows})
    today = calendar.today()
    return [Standing(row=row, principal=users[row.principal_id], substitute=users[row.substitute_id],
                     set_by=names.get(row.set_by_id or 0, "—"), state=_state(row, today)) for row in rows]


def _state(row: Substitution, today: date) -> SubstitutionState:
    if row.cancelled_at is not None:
        return SubstitutionState.CANCELLED
    if row.ends_on < today:
        return SubstitutionState.ENDED
    return SubstitutionState.UPCOMING if row.starts_on > today else SubstitutionState.CURRENT


def _region_name(code: str) -> str:
    region = regions.get(code)
    return region.name if region else code
