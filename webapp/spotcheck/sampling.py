"""Drawing a reproducible sample of brands to check. Pure: no database, no clock."""

from __future__ import annotations

import math
import random
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Candidate:
    brand_id: int
    library: str
    """One resource library, e.g. `county:610323`."""
    level_rank: int
    county: str
    """The county the brand is based in (each county gets at least one check)."""


def draw(candidates: Iterable[Candidate], *, rate: float, seed: str) -> dict[int, Candidate]:
    """`rate` of each library's brands (at least one), then one more brand for any county the draw
    missed. A drawn brand is checked once, as a member of its lowest library in scope (an exit it
    leads to starts there). The same candidates and seed always give the same sample."""
    if not 0 < rate <= 1:
        raise ValueError("the sample rate is a share between 0 and 1")
    pool = sorted(candidates, key=lambda c: (c.library, c.brand_id))
    rng = random.Random(seed)
    libraries: dict[str, list[Candidate]] = {}
    for candidate in pool:
        libraries.setdefault(candidate.library, []).append(candidate)
    chosen: dict[int, Candidate] = {}
    for library in sorted(libraries):
        members = libraries[library]
        for candidate in rng.sample(members, max(1, math.ceil(rate * len(members)))):
            _keep_lowest(chosen, candidate)
    covered = {c.county for c in chosen.values()}
    counties: dict[str, list[Candidate]] = {}
    for candidate in pool:
        counties.setdefault(candidate.county, []).append(candidate)
    for county in sorted(set(counties) - covered):
        _keep_lowest(chosen, rng.choice(counties[county]))
    for candidate in pool:
        if candidate.brand_id in chosen:
            _keep_lowest(chosen, candidate)
    return chosen


def _keep_lowest(chosen: dict[int, Candidate], candidate: Candidate) -> None:
    present = chosen.get(candidate.brand_id)
    if present is None or candidate.level_rank > present.level_rank:
        chosen[candidate.brand_id] = candidate
