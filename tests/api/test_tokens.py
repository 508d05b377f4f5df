"""The API's own tokens: `GET /auth/tokens` lists the caller's (name, dates, which one is calling; never a
secret or a hash), administrators list those of their users with `user=`, and `DELETE /auth/tokens/<id>`
revokes one at once. A bad name is refused before any token is issued; someone else's token is 404."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from webapp import clock
from webapp.demo.data import PASSWORD


def _issue(client: Any, username: str, **extra: Any) -> Any:
    return client.post("/api/v1/auth/token", json={"username": username, "password": PASSWORD, **extra},
                       headers={"Accept-Language": "en"})


def _call(client: Any, method: str, path: str, token: str) -> Any:
    return client.open(f"/api/v1{path}", method=method,
                       headers={"Authorization": f"Bearer {token}", "Accept-Language": "en"})


def test_tokens_are_listed_without_secrets_and_revoked_at_once(client):
    first = _issue(client, "qishan.official", name="月报脚本").get_json()
    second = _issue(client, "qishan.official").get_json()
    clock.set_now(clock.now_utc() + timedelta(minutes=5))
    listing = _call(client, "GET", "/auth/tokens", second["token"])
    assert listing.status_code == 200
    items = {item["id"]: item for item in listing.get_json()["items"]}
    assert set(items) == {first["id"], second["id"]}
    assert items[first["id"]]["name"] == "月报脚本" and items[first["id"]]["last_used_at"] is None
    assert items[second["id"]]["current"] and items[second["id"]]["last_used_at"] is not None
    assert all(item["revoked_at"] is None and item["expires_at"] for item in items.values())
    text = listing.get_data(as_text=True)
    assert first["token"] not in text and second["token"] not in text and "sha256" not in text

    revoked = _call(client, "DELETE", f"/auth/tokens/{first['id']}", second["token"])
    assert revoked.status_code == 200 and revoked.get_json()["revoked_at"] is not None
    assert _call(client, "GET", "/me", first["token"]).status_code == 401
    assert _call(client, "GET", "/me", second["token"]).status_code == 200
    again = _call(client, "DELETE", f"/auth/tokens/{first['id']}", second["token"])
    assert again.get_json()["revoked_at"] == revoked.get_json()["revoked_at"]  # revoking twice changes nothing


def test_nobody_lists_or_revokes_tokens_of_users_they_do_not_administer(client):
    target = _issue(client, "qishan.official").get_json()
    other = _issue(client, "baoji.official").get_json()["token"]
    refused = _call(client, "DELETE", f"/auth/tokens/{target['id']}", other)
    assert refused.status_code == 404 and refused.get_json()["message"] == f"Token {target['id']} does not exist."
    assert _call(client, "GET", f"/auth/tokens?user={target['user']['id']}", other).status_code == 404
    assert _call(client, "GET", "/me", target["token"]).status_code == 200

    admin = _issue(client, "admin").get_json()["token"]
    (listed,) = _call(client, "GET", f"/auth/tokens?user={target['user']['id']}", admin).get_json()["items"]
    assert listed["id"] == target["id"] and not listed["current"]
    assert _call(client, "DELETE", f"/auth/tokens/{target['id']}", admin).status_code == 200
    assert _call(client, "GET", "/me", target["token"]).status_code == 401


def test_a_bad_token_name_is_refused_before_the_password_is_tried(client):
    for name in ("x" * 101, 42, ["脚本"]):
        response = _issue(client, "qishan.official", name=name)
        assert response.status_code == 422 and "name" in response.get_json()["field_errors"]
    assert _issue(client, "qishan.official", password="wrong").status_code == 401
    token = _issue(client, "qishan.official").get_json()["token"]
    assert len(_call(client, "GET", "/auth/tokens", token).get_json()["items"]) == 1
    bad_user = _call(client, "GET", "/auth/tokens?user=abc", token)
    assert bad_user.status_code == 422 and "user" in bad_user.get_json()["field_errors"]
