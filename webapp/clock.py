"""The application clock.

Everything that asks "what time is it?" for business purposes (timers, notice periods, due dates,
token expiry, audit times) asks this module, so tests and the demo can move time forward without
patching the system clock. In production the offset is always zero.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

_offset = timedelta(0)


def now_utc() -> datetime:
    return datetime.now(UTC) + _offset


def set_now(moment: datetime) -> None:
    """Move the clock so that it reads `moment` now (it keeps ticking from there)."""
    if moment.tzinfo is None:
        raise ValueError("the clock needs an aware datetime")
    global _offset
    _offset = moment - datetime.now(UTC)


def advance(delta: timedelta) -> None:
    global _offset
    _offset += delta


def reset() -> None:
    global _offset
    _offset = timedelta(0)


@contextmanager
def travel(moment: datetime) -> Iterator[None]:
    """Run a block as if it were `moment`; the previous offset is restored afterwards."""
    global _offset
    saved = _offset
    set_now(moment)
    try:
        yield
    finally:
        _offset = saved
