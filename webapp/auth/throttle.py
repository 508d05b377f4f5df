"""The sign-in throttle (web page and API token alike).

Failures are counted per username and client address together, so that a guesser elsewhere cannot
lock the username's owner out, and more loosely per address across usernames. Five failures of one
username from one address lock it there for a minute; each further failure locks it again, twice as
long as before, up to a day. Fifty failures from one address lock that address for fifteen minutes,
growing the same way. Failures are forgotten after fifteen quiet minutes (counted from the end of a
lock), and the growth after a quiet day; a right password forgets them at once.

Each attempt is counted as a failure before its password is checked, in a short transaction of its
own that holds the counter's row, and a success then takes it back: guesses arriving together each
see the ones before them, so no more than the limit ever reach the password check.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite

from webapp.auth.models import CounterScope, SignInCounter
from webapp.clock import now_utc
from webapp.db import dialect, session, skipping_locked
from webapp.errors import TooManyAttempts
from webapp.i18n import _


@dataclass(frozen=True)
class Limit:
    failures: int
    """Failures allowed before the first lock."""
    first_lock: timedelta


LIMITS = {CounterScope.ACCOUNT: Limit(5, timedelta(minutes=1)), CounterScope.ADDRESS: Limit(50, timedelta(minutes=15))}
QUIET = timedelta(minutes=15)
"""Failures are forgotten after this long without one (counted from the end of a lock)."""
FORGET = timedelta(days=1)
"""Growing locks start over after this long without a failure."""
LONGEST_LOCK = timedelta(days=1)
_PRUNE = 100
"""Forgotten counters deleted per attempt, so that the table does not grow with every name ever tried."""


def lock_length(limit: Limit, strikes: int) -> timedelta:
    """The `strikes`+1-th lock of a key: the first lasts `limit.first_lock`, each next one twice as long."""
    return min(limit.first_lock * 2 ** min(strikes, 20), LONGEST_LOCK)


def count_attempt(username: str, source: str) -> None:
    """Step: count an attempt as a failure, or refuse it while its username or address is locked (then
    nothing is counted). Must commit before the password is checked."""
    now = now_utc()
    stale = skipping_locked(select(SignInCounter.id).where(SignInCounter.last_failure_at < now - FORGET)
                            .limit(_PRUNE))
    session.execute(delete(SignInCounter).where(SignInCounter.id.in_(list(session.scalars(stale)))))
    counters = [_counter(CounterScope.ACCOUNT, username[:60], source), _counter(CounterScope.ADDRESS, "", source)]
    for counter in counters:
        if counter.locked_until is not None and counter.locked_until > now:
            minutes = max(1, math.ceil((counter.locked_until - now).total_seconds() / 60))
            raise TooManyAttempts(_("Too many failed sign-ins. Try again in %(minutes)s minutes.", minutes=minutes))
    for counter in counters:
        _fail(counter, LIMITS[counter.scope], now)


def forgive(username: str, source: str) -> None:
    """Step: the password was right. Its username starts over at this address, and the attempt no
    longer counts against the address."""
    session.execute(delete(SignInCounter).where(SignInCounter.scope == CounterScope.ACCOUNT,
                                                SignInCounter.username == username[:60],
                                                SignInCounter.source == source))
    address = _counter(CounterScope.ADDRESS, "", source)
    address.failures = max(0, address.failures - 1)


def _counter(scope: CounterScope, username: str, source: str) -> SignInCounter:
    """The counter of one key, created if need be and locked until the transaction ends (on SQLite the
    command's BEGIN IMMEDIATE already lets one writer in at a time)."""
    insert = postgresql.insert if dialect() == "postgresql" else sqlite.insert
    session.execute(insert(SignInCounter).values(scope=scope, username=username, source=source[:64])
                    .on_conflict_do_nothing(index_elements=["scope", "username", "source"]))
    counter = session.scalar(select(SignInCounter).where(
        SignInCounter.scope == scope, SignInCounter.username == username, SignInCounter.source == source[:64])
        .with_for_update().execution_options(populate_existing=True))
    assert counter is not None
    return counter


def _fail(counter: SignInCounter, limit: Limit, now: datetime) -> None:
    last = max(filter(None, (counter.last_failure_at, counter.locked_until)), default=None)
    if last is None or now - last > FORGET:
        counter.failures, counter.strikes = 0, 0
    elif now - last > QUIET:
        counter.failures = 0
    counter.failures += 1
    counter.last_failure_at = now
    if counter.failures >= limit.failures:
        counter.locked_until = now + lock_length(limit, counter.strikes)
        counter.strikes += 1
