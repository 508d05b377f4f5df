"""Signing in: passwords, CSRF, throttling, cookie flags, safe redirects, signing out."""

from __future__ import annotations

from tests.web.browser_client import Browser


def test_the_right_password_signs_in_with_a_hardened_session_cookie(app):
    browser = Browser(app)
    response = browser.login("qishan.official")
    assert response.status_code == 302
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "我的待办" in browser.text(browser.get("/inbox"))


def test_a_wrong_password_is_refused(app):
    browser = Browser(app)
    response = browser.login("qishan.official", "not-the-password")
    assert response.status_code == 401
    assert "用户名或密码错误" in browser.text(response)
    assert browser.get("/inbox").status_code == 302


def test_a_form_without_its_csrf_token_is_refused(app):
    browser = Browser(app)
    browser.get("/login")
    response = browser.post("/login", {"username": "qishan.official", "password": "brandcert-demo"}, csrf=False)
    assert response.status_code == 400
    assert "表单已过期" in browser.text(response)
    assert browser.get("/inbox").status_code == 302


def test_repeated_failures_lock_the_account_for_a_while_on_the_web_and_the_api(app, client):
    browser = Browser(app)
    for _ in range(5):
        assert browser.login("baoji.official", "guess-guess").status_code == 401
    locked = browser.login("baoji.official")
    assert locked.status_code == 429 and "分钟后再试" in browser.text(locked)
    api = client.post("/api/v1/auth/token", json={"username": "baoji.official", "password": "brandcert-demo"})
    assert api.status_code == 429
    assert Browser(app).login("qishan.official").status_code == 302  # other accounts are not affected


def test_after_sign_in_only_local_pages_are_followed(app):
    browser = Browser(app)
    browser.get("/login")
    response = browser.post("/login?next=https://evil.example/steal",
                            {"username": "qishan.official", "password": "brandcert-demo"})
    assert response.headers["Location"] == "/"
    browser = Browser(app)
    browser.get("/login")
    response = browser.post("/login?next=/applications", {"username": "qishan.official", "password": "brandcert-demo"})
    assert response.headers["Location"] == "/applications"


def test_sign_out_ends_the_session(app):
    browser = Browser(app)
    browser.login("qishan.official")
    assert browser.post("/logout", {}).status_code == 302
    assert browser.get("/inbox").status_code == 302


def test_pages_carry_security_headers(app):
    response = Browser(app).get("/login")
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
