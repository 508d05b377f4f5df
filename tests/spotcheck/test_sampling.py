"""The sample: its share per library, at least one per library and per county, reproducibility."""

from __future__ import annotations

import pytest

from webapp.spotcheck.sampling import Candidate, draw


def libraries() -> list[Candidate]:
    """Two county libraries (40 and 8 brands), a city library holding 10 of them, and a
    county whose 2 brands sit only in the city library."""
    pool = [Candidate(i, "county:A", 3, "A") for i in range(40)]
    pool += [Candidate(100 + i, "county:B", 3, "B") for i in range(8)]
    pool += [Candidate(i, "city:X", 2, "A") for i in range(10)]
    pool += [Candidate(200 + i, "city:X", 2, "C") for i in range(2)]
    return pool


def test_each_library_gives_its_share_and_every_county_at_least_one():
    chosen = draw(libraries(), rate=0.2, seed="2026")
    in_a = [b for b in chosen if b < 100]
    assert len(in_a) >= 8  # 20% of county A's 40
    assert any(100 <= b < 200 for b in chosen)  # ceil(20% of 8) = 2 from county B
    assert any(b >= 200 for b in chosen)  # county C is covered
    assert all(c.level_rank == 3 for b, c in chosen.items() if b < 200)  # checked from its lowest library


def test_the_same_seed_draws_the_same_sample_and_another_seed_another():
    first = draw(libraries(), rate=0.2, seed="2026-schedule-1")
    again = draw(list(reversed(libraries())), rate=0.2, seed="2026-schedule-1")
    assert sorted(first) == sorted(again)
    assert sorted(first) != sorted(draw(libraries(), rate=0.2, seed="2027-schedule-1"))


@pytest.mark.parametrize("rate", [0, -0.1, 1.5])
def test_a_rate_outside_zero_to_one_is_refused(rate):
    with pytest.raises(ValueError):
        draw(libraries(), rate=rate, seed="x")
