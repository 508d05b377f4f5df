"""代理 (substitutes while away): one's own, and an administrator's for the users he administers.
Cancelling is `POST /substitutes/<id>/cancel`, for the principal and his administrator alike."""

from __future__ import annotations

from typing import Any

from webapp.api import actor, documented, json_body
from webapp.auth.models import Substitution, User
from webapp.desk import substitutes


@documented("My substitutions: who stands in for me, for whom I stand in, and who could stand in for me",
            response="Substitutions")
def list_my_substitutes() -> Any:
    return _listing(actor())


@documented("Name a substitute (代理) who may act on my tasks, including those assigned to me by name, from "
            "starts_on to ends_on (China dates, both included; at most 366 days)", body="SubstitutionRequest",
            response="Substitution", status=201)
def set_my_substitute() -> Any:
    return _set(actor()), 201


@documented("Cancel a substitution that is in force or still to come: its principal, or an administrator of "
            "his region", response="Substitution")
def cancel_substitution(substitution_id: int) -> Any:
    return substitution_json(substitutes.cancel_substitute(substitution_id, actor=actor()))


@documented("A user's substitutions: the user himself, or an administrator whose regions cover his roles",
            response="Substitutions")
def list_user_substitutes(user_id: int) -> Any:
    return _listing(substitutes.user_for(user_id, actor()))


@documented("Name a substitute for a user who is away: the user himself, or an administrator whose regions "
            "cover his roles; the substitute is told", body="SubstitutionRequest", response="Substitution",
            status=201)
def set_user_substitute(user_id: int) -> Any:
    return _set(substitutes.user_for(user_id, actor())), 201


def _listing(principal: User) -> dict[str, Any]:
    return {"as_principal": [_standing_json(s) for s in substitutes.as_principal(principal.id)],
            "as_substitute": [_standing_json(s) for s in substitutes.as_substitute(principal.id)],
            "candidates": [_person(user) for user in substitutes.candidates(principal)]}


def _set(principal: User) -> dict[str, Any]:
    body = json_body()
    dates = {name: body.get(name) if isinstance(body.get(name), str) else None for name in ("starts_on", "ends_on")}
    reason = body.get("reason") if isinstance(body.get("reason"), str) else None
    row = substitutes.set_substitute(principal.id, body.get("substitute"), dates["starts_on"], dates["ends_on"], reason,
                                     actor=actor())
    return substitution_json(row)


def substitution_json(row: Substitution) -> dict[str, Any]:
    return _standing_json(substitutes.standing_of(row.id))


def _standing_json(standing: substitutes.Standing) -> dict[str, Any]:
    row = standing.row
    return {"id": row.id, "principal": _person(standing.principal), "substitute": _person(standing.substitute),
            "starts_on": row.starts_on.isoformat(), "ends_on": row.ends_on.isoformat(), "reason": row.reason,
            "set_by": standing.set_by, "state": standing.state, "created_at": row.created_at.isoformat(),
            "cancelled_at": row.cancelled_at.isoformat() if row.cancelled_at else None}


def _person(user: User) -> dict[str, Any]:
    return {"id": user.id, "username": user.username, "display_name": user.display_name}
