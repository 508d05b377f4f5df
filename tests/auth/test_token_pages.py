"""The token pages: a user lists their own API tokens (name, dates, status; never the secret) and revokes
one, which stops working at once while the others go on; an administrator does the same for users of
their regions, and an administrator elsewhere, or another user, reaches nothing and revokes nothing."""

from __future__ import annotations

from typing import Any

from tests.auth.test_ending_sessions import _token, _user_id, _works
from tests.factories import make_admin
from tests.web.browser_client import Browser
from tests.web.shown_text import problems
from webapp.demo.data import PASSWORD


def _named(client: Any, username: str, name: str) -> tuple[str, int]:
    response = client.post("/api/v1/auth/token", json={"username": username, "password": PASSWORD, "name": name})
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    return body["token"], body["id"]


def test_a_user_lists_and_revokes_own_tokens(app, client):
    script, script_id = _named(client, "qishan.official", "月报脚本")
    kept, _kept_id = _named(client, "qishan.official", "备份脚本")
    other = _token(client, "baoji.official")
    (listed,) = client.get("/api/v1/auth/tokens", headers={"Authorization": f"Bearer {other}"}).get_json()["items"]
    browser = Browser(app)
    browser.login("qishan.official")
    browser.get("/language/en")
    page = browser.text(browser.get("/account/tokens"))
    assert "月报脚本" in page and "备份脚本" in page and script not in page and ">valid</span>" in page

    assert browser.post(f"/account/tokens/{listed['id']}/revoke", {}).status_code == 404  # not theirs
    assert _works(client, other)
    assert browser.post(f"/account/tokens/{script_id}/revoke", {}).status_code == 302
    assert not _works(client, script) and _works(client, kept)
    assert "revoked" in browser.text(browser.get("/account/tokens"))
    assert browser.post(f"/account/tokens/{2**31 - 1}/revoke", {}).status_code == 404


def test_administrators_revoke_tokens_of_their_users_only(app, client):
    token, token_id = _named(client, "qishan.official", "岐山的脚本")
    user_id = _user_id(client, token)
    make_admin("sichuan.admin", "510000", "四川管理员")
    elsewhere = Browser(app)
    elsewhere.login("sichuan.admin")
    assert elsewhere.get(f"/admin/users/{user_id}").status_code == 404
    assert elsewhere.post(f"/admin/users/{user_id}/tokens/{token_id}/revoke", {}).status_code == 404
    assert elsewhere.post(f"/admin/users/{user_id}/sign-out", {}).status_code == 404
    assert _works(client, token)

    admin = Browser(app)
    admin.login("admin")
    assert "岐山的脚本" in admin.text(admin.get(f"/admin/users/{user_id}"))
    assert admin.post(f"/admin/users/{user_id}/tokens/{token_id}/revoke", {}).status_code == 302
    assert not _works(client, token)


def test_the_chinese_page_says_what_the_tokens_are_for_in_words(app):
    unit = Browser(app)
    unit.login("xiqi.unit")
    html = unit.text(unit.get("/account/tokens"))
    assert "程序使用这些令牌登录本系统的程序接口（API）" in html and "JSON" not in html
    assert problems(html) == []
