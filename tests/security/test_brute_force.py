"""Password guessing, beyond tests/web/test_signin.py: failures lock a username at the address they come
from, through the web page and the API token endpoint alike, so a guesser elsewhere cannot lock its owner
out; the right password is refused while the lock lasts and accepted once it is over; each further
failure locks again for twice as long; fifty failures from one address lock that address for every
account, and a made-up X-Forwarded-For header does not change the address. (tests/security/
test_brute_force_race.py sends the guesses all at once.)"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.web.browser_client import Browser
from webapp import clock, create_app
from webapp.auth.models import CounterScope
from webapp.auth.throttle import LIMITS
from webapp.demo.data import PASSWORD

PER_USERNAME = LIMITS[CounterScope.ACCOUNT].failures
PER_SOURCE = LIMITS[CounterScope.ADDRESS].failures


def _web(app: Any, username: str, password: str, address: str) -> int:
    browser = Browser(app)
    browser.client.environ_base["REMOTE_ADDR"] = address
    return browser.login(username, password).status_code


def _api(client: Any, username: str, password: str, address: str, **headers: str) -> int:
    response = client.post("/api/v1/auth/token", json={"username": username, "password": password},
                           environ_base={"REMOTE_ADDR": address}, headers=headers)
    return response.status_code


def test_failures_lock_a_username_at_their_address_through_either_door_and_nowhere_else(app, client):
    guesser = "203.0.113.1"
    for attempt in range(PER_USERNAME):  # web and API in turn
        status = _web(app, "baoji.official", f"guess-{attempt}", guesser) if attempt % 2 else \
            _api(client, "baoji.official", f"guess-{attempt}", guesser)
        assert status == 401
    locked_at = clock.now_utc()  # the clock runs on: checking passwords takes a moment
    assert _web(app, "baoji.official", PASSWORD, guesser) == 429  # the right password, during the lock
    assert _api(client, "baoji.official", PASSWORD, guesser) == 429
    assert _api(client, "baoji.official", PASSWORD, "198.51.100.7") == 201  # its owner, elsewhere: not locked out
    assert _api(client, "shaanxi.official", PASSWORD, guesser) == 201  # nor other accounts at that address

    clock.set_now(locked_at + LIMITS[CounterScope.ACCOUNT].first_lock + timedelta(seconds=1))
    assert _web(app, "baoji.official", PASSWORD, guesser) == 302
    assert _api(client, "baoji.official", PASSWORD, guesser) == 201


def test_a_lock_is_refused_before_the_password_is_even_checked(app, client):
    for attempt in range(PER_USERNAME):
        assert _api(client, "ganzi.official", f"guess-{attempt}", "203.0.113.9") == 401
    for password in (PASSWORD, "guess-again", ""):  # same answer for right, wrong and empty: nothing to learn
        assert _api(client, "ganzi.official", password, "203.0.113.9") == 429


def test_each_failure_after_a_lock_locks_again_twice_as_long_until_the_right_password(app, client):
    guesser = "203.0.113.20"
    for attempt in range(PER_USERNAME):
        assert _api(client, "liuzhou.official", f"guess-{attempt}", guesser) == 401
    locked_at = clock.now_utc()
    for minutes in (1, 2, 4, 8):  # the lock that is ending lasted this long
        clock.set_now(locked_at + timedelta(minutes=minutes, seconds=1))
        assert _api(client, "liuzhou.official", "one-more-guess", guesser) == 401
        locked_at = clock.now_utc()
        response = client.post("/api/v1/auth/token", json={"username": "liuzhou.official", "password": PASSWORD},
                               environ_base={"REMOTE_ADDR": guesser}, headers={"Accept-Language": "en"})
        assert response.status_code == 429
        assert f"Try again in {minutes * 2} minutes" in response.get_json()["message"]
    clock.set_now(locked_at + timedelta(minutes=16, seconds=1))
    assert _api(client, "liuzhou.official", PASSWORD, guesser) == 201  # the right password forgets it all
    for attempt in range(PER_USERNAME):
        assert _api(client, "liuzhou.official", f"guess-{attempt}", guesser) == 401
    assert _api(client, "liuzhou.official", PASSWORD, guesser) == 429


def test_fifty_failures_from_one_address_lock_it_for_every_account_whatever_it_claims_to_forward(app, client):
    attacker = "192.0.2.66"
    for attempt in range(PER_SOURCE):  # one guess per account name: no account reaches its own limit
        status = _api(client, f"spray-{attempt}", "brandcert-demo1", attacker,
                      **{"X-Forwarded-For": f"10.0.{attempt}.1"})
        assert status == 401
    assert _api(client, "qishan.official", PASSWORD, attacker) == 429
    assert _api(client, "qishan.official", PASSWORD, attacker, **{"X-Forwarded-For": "10.9.9.9"}) == 429
    assert _web(app, "qishan.official", PASSWORD, attacker) == 429
    assert _api(client, "qishan.official", PASSWORD, "192.0.2.67") == 201  # that account is not locked


def test_behind_a_trusted_proxy_each_client_is_counted_by_its_own_address(database_url, tmp_path, keys_dir):
    proxy = "10.0.0.2"
    behind = create_app({"DATABASE_URL": database_url, "ATTACHMENTS_DIR": tmp_path / "attachments",
                         "KEYS_DIR": keys_dir, "CERTIFICATES_DIR": tmp_path / "certificates",
                         "TRUSTED_PROXIES": proxy, "TESTING": True})
    client = behind.test_client()
    guesser, colleague = "203.0.113.50", "198.51.100.20"
    for attempt in range(PER_SOURCE):  # all through the proxy, one client guessing
        assert _api(client, f"spray-{attempt}", "wrong", proxy, **{"X-Forwarded-For": guesser}) == 401
    assert _api(client, "qishan.official", PASSWORD, proxy, **{"X-Forwarded-For": guesser}) == 429
    # The colleague behind the same proxy is not locked out with the guesser...
    assert _api(client, "qishan.official", PASSWORD, proxy, **{"X-Forwarded-For": f"{guesser}, {colleague}"}) \
        == 201
    # ...and a client that reaches the app directly cannot claim to be someone else.
    for attempt in range(PER_SOURCE):
        assert _api(client, f"direct-{attempt}", "wrong", "192.0.2.7", **{"X-Forwarded-For": f"10.9.{attempt}.1"}) \
            == 401
    assert _api(client, "qishan.official", PASSWORD, "192.0.2.7") == 429
