"""Pure permission predicates on primitives (DESIGN.md §4). No database, no Flask."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence

from webapp.auth.roles import APPLICANT, CASE_READERS, OFFICIAL, READ_ONLY_ROLES

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


def reading_regions(roles: Iterable[RolePair]) -> set[str]:
    """Where a user reads brands and applications (and everything below): every role but applicant's,
    which reads its own unit's records only."""
    return {region for role, region in roles if role != APPLICANT}


def may_read(roles: Iterable[RolePair], owner_keys: Collection[str], *, region_path: Collection[str],
             owner_key: str | None) -> bool:
    """May a user read a case whose base region has these ancestors (codes, including itself)?"""
    if owner_key is not None and owner_key in owner_keys:
        return True
    return not reading_regions(roles).isdisjoint(region_path)


def may_read_case(roles: Iterable[RolePair], owner_keys: Collection[str], *, region_path: Collection[str],
                  owner_key: str | None, copied: bool = False) -> bool:
    """May a user read a case's trail, tasks and decisions (its owner, a case reader above it, or someone
    a decision of the case was copied to: 抄送 gives reading, never acting, see `may_act`)?"""
    if copied or (owner_key is not None and owner_key in owner_keys):
        return True
    return any(role in CASE_READERS and region in region_path for role, region in roles)


def urges_from_above(roles: Iterable[RolePair], *, waiting_path: Sequence[str]) -> bool:
    """催办: may an official urge a task waiting at the last region of `waiting_path` (codes from the root)?
    Only from a strictly higher region on that path: the same level or a neighbour has no say over it."""
    return any(role == OFFICIAL and region in waiting_path[:-1] for role, region in roles)


def may_receive_copy(role_paths: Iterable[tuple[str, Sequence[str]]], *, case_path: Collection[str],
                     copier_region: str | None) -> bool:
    """抄送: may a decision be copied to someone holding these roles, each with the path of its region
    (codes from the root)? Only to a role other than applicant held at a region on the case's path (its
    base region or above), or at or below the region of the copier's decision. A creation unit, another
    province or a neighbouring county of a county's decision is outside."""
    return any(role != APPLICANT and path and (path[-1] in case_path or copier_region in path)
               for role, path in role_paths)


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
