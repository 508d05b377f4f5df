"""Ending what a user is signed in with: an administrator's password reset, a deactivation and "sign out
everywhere" end every browser session (even a copied cookie) and revoke every API token of the user;
plain signing out ends the browser sessions and leaves the tokens alone."""

from __future__ import annotations

from typing import Any

from tests.web.browser_client import Browser
from webapp.demo.data import PASSWORD

USER = "qishan.expert3"
NEW_PASSWORD = "a-brand-new-password"


def _token(client: Any, username: str = USER, password: str = PASSWORD) -> str:
    response = client.post("/api/v1/auth/token", json={"username": username, "password": password})
    assert response.status_code == 201, response.get_json()
    return str(response.get_json()["token"])


def _works(client: Any, token: str) -> bool:
    return client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 200


def _signed_in(browser: Browser) -> bool:
    return browser.get("/inbox").status_code == 200


def _user_id(client: Any, token: str) -> int:
    return int(client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).get_json()["id"])


def _admin(app: Any, user_id: int) -> Browser:
    admin = Browser(app)
    admin.login("admin")
    admin.get(f"/admin/users/{user_id}")
    return admin


def _edit(app: Any, user_id: int, **fields: str) -> Any:
    form = {"display_name": "岐山专家三", "role": "expert", "region": "610323", **fields}
    return _admin(app, user_id).post(f"/admin/users/{user_id}", form)


def _set_active(app: Any, user_id: int, active: bool) -> Any:
    """The 停用 / 启用 button of the user's page."""
    return _admin(app, user_id).post(f"/admin/users/{user_id}/status", {"active": "1" if active else "0"})


def test_an_administrators_password_reset_ends_every_session_and_token_of_the_user(app, client):
    browser, token = Browser(app), _token(client)
    browser.login(USER)
    assert _signed_in(browser) and _works(client, token)
    assert _edit(app, _user_id(client, token), password=NEW_PASSWORD).status_code == 302
    assert not _signed_in(browser)
    assert not _works(client, token)
    assert _works(client, _token(client, USER, NEW_PASSWORD))  # the new password signs in


def test_a_disabled_user_stays_signed_out_after_being_enabled_again(app, client):
    browser, token = Browser(app), _token(client)
    browser.login(USER)
    user_id = _user_id(client, token)
    assert _set_active(app, user_id, False).status_code == 302
    assert _set_active(app, user_id, True).status_code == 302
    assert not _signed_in(browser)
    assert not _works(client, token)
    again = Browser(app)
    assert again.login(USER).status_code == 302 and _signed_in(again)


def test_plain_sign_out_keeps_tokens_and_sign_out_everywhere_ends_them_too(app, client):
    laptop, phone, token = Browser(app), Browser(app), _token(client)
    laptop.login(USER)
    phone.login(USER)
    assert laptop.post("/logout", {}).status_code == 302
    assert not _signed_in(phone)  # every browser session ends...
    assert _works(client, token)  # ...but a script's token goes on

    laptop.login(USER)
    phone.login(USER)
    laptop.get("/language/en")
    laptop.get("/account/tokens")
    response = laptop.post("/account/sign-out-everywhere", {})
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    assert "You are signed out everywhere" in laptop.text(laptop.get("/login"))
    assert not _signed_in(laptop) and not _signed_in(phone)
    assert not _works(client, token)
    assert _works(client, _token(client))


def test_an_administrator_signs_a_user_out_everywhere(app, client):
    browser, token = Browser(app), _token(client)
    browser.login(USER)
    admin = Browser(app)
    admin.login("admin")
    user_id = _user_id(client, token)
    admin.get(f"/admin/users/{user_id}")
    assert admin.post(f"/admin/users/{user_id}/sign-out", {}).status_code == 302
    assert not _signed_in(browser) and not _works(client, token)
