"""Password guessing, beyond tests/web/test_signin.py: an account's lock holds whatever address the
guesses come from and whether they come through the web page or the API token endpoint; the right
password is refused while it lasts and accepted once it is over; fifty failures from one address lock
that address for every account, and a made-up X-Forwarded-For header does not change the address."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.web.browser_client import Browser
from webapp import clock, create_app
from webapp.auth.signin import PER_SOURCE, PER_USERNAME, WINDOW
from webapp.demo.data import PASSWORD


def _web(app: Any, username: str, password: str, address: str) -> int:
    browser = Browser(app)
    browser.client.environ_base["REMOTE_ADDR"] = address
    return browser.login(username, password).status_code


def _api(client: Any, username: str, password: str, address: str, **headers: str) -> int:
    response = client.post("/api/v1/auth/token", json={"username": username, "password": password},
                           environ_base={"REMOTE_ADDR": address}, headers=headers)
    return response.status_code


def test_an_account_stays_locked_whatever_address_or_door_the_guesses_come_through(app, client):
    started = clock.now_utc()
    for attempt in range(PER_USERNAME):  # each guess from another address, web and API in turn
        address = f"203.0.113.{attempt + 1}"
        status = _web(app, "baoji.official", f"guess-{attempt}", address) if attempt % 2 else \
            _api(client, "baoji.official", f"guess-{attempt}", address)
        assert status == 401
    fresh = "198.51.100.7"
    assert _web(app, "baoji.official", PASSWORD, fresh) == 429  # the right password, during the lock
    assert _api(client, "baoji.official", PASSWORD, fresh) == 429
    assert _api(client, "shaanxi.official", PASSWORD, "203.0.113.1") == 201  # the addresses are not locked

    clock.set_now(started + WINDOW + timedelta(minutes=1))
    assert _web(app, "baoji.official", PASSWORD, fresh) == 302
    assert _api(client, "baoji.official", PASSWORD, fresh) == 201


def test_a_lock_is_refused_before_the_password_is_even_checked(app, client):
    for attempt in range(PER_USERNAME):
        assert _api(client, "ganzi.official", f"guess-{attempt}", "203.0.113.9") == 401
    for password in (PASSWORD, "guess-again", ""):  # same answer for right, wrong and empty: nothing to learn
        assert _api(client, "ganzi.official", password, "203.0.113.10") == 429
    assert _api(client, "ganzi.official", PASSWORD, "203.0.113.11") == 429


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
