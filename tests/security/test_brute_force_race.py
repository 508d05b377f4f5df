"""A burst of password guesses sent at one moment over real HTTP, against gunicorn with several web
workers: the sign-in throttle counts each guess before the password is checked, so at most its limit
of guesses reach the check however many arrive together. (The review saw 12 concurrent guesses get 6
checks through a limit of 5, because each request counted the earlier failures and checked its
password before any of them was recorded.)"""

from __future__ import annotations

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests import servers
from tests.conftest import ON_POSTGRES
from webapp.auth.models import CounterScope
from webapp.auth.throttle import LIMITS
from webapp.demo.data import PASSWORD

BURST = 12
PER_ACCOUNT = LIMITS[CounterScope.ACCOUNT].failures


def _burst(base_url: str, username: str) -> Counter[int]:
    """BURST wrong guesses for one username, each on its own connection, released by one barrier."""
    barrier = threading.Barrier(BURST)

    def guess(number: int) -> int:
        client = servers.JsonClient(base_url, language="en")
        try:
            barrier.wait(timeout=30)
            status, _body, _headers = client.request("POST", "/api/v1/auth/token",
                                                     {"username": username, "password": f"guess-{number}"})
            return status
        finally:
            client.close()

    with ThreadPoolExecutor(max_workers=BURST) as threads:
        return Counter(threads.map(guess, range(BURST)))


@pytest.mark.parametrize("database", [
    pytest.param("postgresql", marks=pytest.mark.postgres),
    pytest.param("sqlite", marks=pytest.mark.skipif(ON_POSTGRES, reason="the postgresql case runs instead"))])
def test_a_burst_of_concurrent_guesses_gets_no_more_checks_than_the_limit(database_url: str, tmp_path: Path,
                                                                          database: str) -> None:
    with servers.gunicorn(database_url, tmp_path, workers=4) as base_url:
        statuses = _burst(base_url, "baoji.official")
        assert statuses == Counter({401: PER_ACCOUNT, 429: BURST - PER_ACCOUNT}), statuses
        client = servers.JsonClient(base_url, language="en")
        status, body, _headers = client.request("POST", "/api/v1/auth/token",
                                                {"username": "baoji.official", "password": PASSWORD})
        client.close()
        assert status == 429 and "Try again in" in body["message"]  # locked, right password or not
