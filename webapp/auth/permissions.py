"""Pure permission predicates on primitives (DESIGN.md §4). No database, no Flask."""

from __future__ import annotations

from collections.abc import Collection, Iterable

from webapp.auth.roles import APPLICANT, CASE_READERS, READ_ONLY_ROLES

RolePair = tuple[str, str]
"""(role, region code) as held by a user."""


def may_act(
    roles: Iterable[RolePair],
    owner_keys: Collection[str],
    *,
    group: str,
    region_code: str | None,
    owner_key: str | None,
) -> bool:
    """May a user holding `roles` act on a task for `group` stamped with this region or owner?"""
    if group in READ_ONLY_ROLES:
        return False
    if group == APPLICANT:
        return owner_key is not None and owner_key in owner_keys
    return region_code is not None and (group, region_code) in set(roles)


def may_read(roles: Iterable[RolePair], owner_keys: Collection[str], *, region_path: Collection[str],
             owner_key: str | None) -> bool:
    """May a user read a case whose base region has these ancestors (codes, including itself)?"""
    if owner_key is not None and owner_key in owner_keys:
        return True
    return any(role != APPLICANT and region in region_path for role, region in roles)


def may_read_case(roles: Iterable[RolePair], owner_keys: Collection[str], *, region_path: Collection[str],
                  owner_key: str | None) -> bool:
    """May a user read a case's trail, tasks and decisions (its owner, or a case reader above it)?"""
    if owner_key is not None and owner_key in owner_keys:
        return True
    return any(role in CASE_READERS and region in region_path for role, region in roles)


def reviewed_at_other_level(previous_lanes: Iterable[str | None], lane: str | None) -> bool:
    """Separation of duties: an official never reviews one application at two levels."""
    return any(previous is not None and previous != lane for previous in previous_lanes)


def reviews_own_case(owner_keys: Collection[str], *, owner_key: str | None, acted_as_applicant: bool) -> bool:
    """Separation of duties: nobody reviews a case of a unit they belong to, or one they acted on as its
    applicant (they may have left the unit since)."""
    return acted_as_applicant or (owner_key is not None and owner_key in owner_keys)


def may_reference_attachment(actor_id: int, *, uploaded_by_id: int, bound_to: str | None, case: str | None) -> bool:
    """An attachment belongs to the case (or draft) whose form first named it; until then, to its uploader."""
    if bound_to is not None:
        return bound_to == case
    return uploaded_by_id == actor_id


def may_administer(admin_regions: Collection[str], region_path: Collection[str]) -> bool:
    """May an administrator holding `admin` at these regions grant a role at a region with this path, or
    bind a user to a creation unit there?"""
    return any(code in region_path for code in admin_regions)
