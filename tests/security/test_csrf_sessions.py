"""Cross-site requests and session fixation. Every state-changing web route (every POST rule outside the
token-authenticated API, enumerated from the URL map) refuses a request without its CSRF token, or with
another session's token, with 400 and changes nothing in any table, even for a user who may act there;
the same requests with the token go through. A session cookie handed out before sign-in does not carry
the sign-in, and the browser's session cookie never authenticates the API (which skips CSRF)."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from tests import walk
from tests.api_client import Api, application_form
from tests.web.browser_client import Browser, form_items
from webapp.auth.models import User
from webapp.auth.tokens import create_token
from webapp.certificates.models import Certificate
from webapp.db import Base, session
from webapp.demo.data import PASSWORD
from webapp.engine import HumanTask
from webapp.notifications.models import Message
from webapp.workdays import calendar
from webapp.worker import issue_pending_certificates

EXPIRED = "表单已过期"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def snapshot() -> dict[str, list[Any]]:
    """Every row of every table, as the database has it now."""
    session.remove()
    tables = Base.metadata.sorted_tables
    rows = {table.name: sorted(map(repr, session.execute(select(table)).all())) for table in tables}
    session.remove()
    return rows


def _world(client: Any) -> dict[str, Any]:
    api = Api(client)
    recognized = walk.submit(api)
    walk.endorse(api)
    walk.recognize_at(api, "county", recognized["instance_id"], then="keep")
    with client.application.app_context():
        issue_pending_certificates()
    waiting = walk.submit(api, brand_name="岐山面花师")
    draft = api.post("/applications", walk.APPLICANT, {"data": {"brand_name": "岐山草稿"}, "submit": False},
                     expect=201)
    _secret, token = create_token("qishan.expert3", ttl_hours=1)
    return {"brand": recognized["brand_id"], "task": api.only_task(walk.VILLAGE)["id"], "draft": draft["id"],
            "user": walk.user_id(api, "qishan.expert3"), "token": token.id, "instance": waiting["instance_id"],
            "decided": _decided_by("qishan.official"), "message": _first_message_of(walk.VILLAGE),
            "certificate": session.scalar(select(Certificate.number).order_by(Certificate.id).limit(1))}


def _decided_by(username: str) -> int:
    """A task the user completed: its decision is theirs to copy."""
    return session.scalar(select(HumanTask.id).join(User, User.id == HumanTask.completed_by_id)
                          .where(User.username == username).order_by(HumanTask.id).limit(1))


def _first_message_of(username: str) -> int:
    return session.scalar(select(Message.id).join(User, User.id == Message.recipient_id)
                          .where(User.username == username).order_by(Message.id).limit(1))


def _leave() -> list[tuple[str, str]]:
    """A substitute's period (代理), from the world's today whatever its clock."""
    start = calendar.today()
    return [("starts_on", start.isoformat()), ("ends_on", (start + timedelta(days=5)).isoformat()),
            ("reason", "年休假")]


Request = tuple[str | None, str, list[tuple[str, Any]]]
"""Who posts (None: signed out), to which path, with which fields: what would succeed with the token."""
ROUTES: dict[str, Callable[[dict[str, Any]], Request]] = {
    "auth.login": lambda w: (None, "/login", [("username", "qishan.official"), ("password", PASSWORD)]),
    "auth.logout": lambda w: ("baoji.official", "/logout", []),  # nobody else: the control run signs out
    "account.sign_out_everywhere": lambda w: ("sichuan.official", "/account/sign-out-everywhere", []),  # ditto
    "account.revoke_token": lambda w: ("qishan.expert3", f"/account/tokens/{w['token']}/revoke", []),
    "review.claim": lambda w: (walk.VILLAGE, f"/tasks/{w['task']}/claim", []),
    "review.unclaim": lambda w: (walk.VILLAGE, f"/tasks/{w['task']}/unclaim", []),
    "desk.consult": lambda w: (walk.VILLAGE, f"/tasks/{w['task']}/consultations",
                               [("usernames", "qishan.official"), ("question", "请县里提意见。")]),
    "desk.give_opinion": lambda w: ("qishan.official", "/consultations/1/opinion", [("opinion", "同意。")]),
    "review.task": lambda w: (walk.VILLAGE, f"/tasks/{w['task']}", [("decision", "forward"), ("comment", "同意")]),
    "desk.urge": lambda w: ("qishan.official", f"/cases/{w['instance']}/urge", []),
    "desk.decline_expert": lambda w: ("qishan.official", f"/tasks/{w['decided']}/decline", [("reason", "回避")]),
    "desk.replace_expert": lambda w: ("qishan.official", f"/tasks/{w['decided']}/replacement",
                                      [("expert", str(w["user"]))]),
    "desk.transfer": lambda w: (walk.VILLAGE, f"/tasks/{w['task']}/transfer", [("to", "1"), ("reason", "出差")]),
    "desk.delegate": lambda w: (walk.VILLAGE, f"/tasks/{w['task']}/delegate", [("to", "1"), ("reason", "请先审")]),
    "desk.reassign": lambda w: ("qishan.official", f"/tasks/{w['task']}/reassign", [("to", ""), ("reason", "调岗")]),
    "desk.withdraw": lambda w: ("qishan.official", f"/tasks/{w['decided']}/withdraw", []),
    "desk.return_case": lambda w: (walk.VILLAGE, f"/tasks/{w['task']}/return", [("target", "1"), ("comment", "补")]),
    "desk.withdraw_application": lambda w: (walk.APPLICANT, f"/applications/{w['draft']}/withdraw", []),
    "desk.copy": lambda w: ("qishan.official", f"/tasks/{w['decided']}/copies", [("usernames", "qishan.expert3")]),
    "desk.substitutes_page": lambda w: ("qishan.expert1", "/account/substitutes",
                                        [("substitute", str(w["user"])), *_leave()]),
    "desk.cancel_substitute": lambda w: ("qishan.expert1", "/substitutes/1/cancel", []),  # the one set just before
    "desk.batch_tasks": lambda w: (walk.VILLAGE, "/inbox/batch", [("action", "claim"), ("task_ids", str(w["task"]))]),
    "messages.open_message": lambda w: (walk.VILLAGE, f"/messages/{w['message']}/open", []),
    "messages.mark_read": lambda w: (walk.VILLAGE, f"/messages/{w['message']}/read", []),
    "messages.mark_all_read": lambda w: (walk.VILLAGE, "/messages/read-all", []),
    "messages.settings": lambda w: ("qishan.official", "/account/notifications", [("language", "en")]),
    "applications.new": lambda w: (walk.APPLICANT, "/applications/new",
                                   [("brand_name", "岐山面花师傅"), ("action", "draft")]),
    "applications.edit": lambda w: (walk.APPLICANT, f"/applications/{w['draft']}/edit",
                                    [*form_items(application_form(brand_name="岐山擀面皮匠")), ("action", "submit")]),
    "certificates.verify_upload": lambda w: (None, "/verify", [("file", (io.BytesIO(PDF), "certificate.pdf"))]),
    "certificates.batches": lambda w: ("admin", "/admin/certificates", [("region", "610323"), ("reason", "换钥")]),
    "certificates.revoke": lambda w: ("admin", f"/certificates/{w['certificate']}/revoke", [("reason", "信息有误")]),
    "exits.propose": lambda w: ("qishan.official", f"/brands/{w['brand']}/exit-proposal", [("reason", "抽查不合格")]),
    "exits.withdraw": lambda w: (walk.APPLICANT, f"/brands/{w['brand']}/withdrawal", [("reason", "主动退出")]),
    "spotcheck.campaigns": lambda w: ("qishan.official", "/spotchecks", [("region", "610323"), ("rate", "20")]),
    "audit.request_verification": lambda w: ("shaanxi.auditor", "/audit/verification", []),
    "library.request_export": lambda w: ("qishan.official", "/library/exports", [("format", "csv")]),
    "dashboard.request_export": lambda w: ("qishan.official", "/dashboard/exports", [("format", "csv")]),
    "people.new_user": lambda w: ("admin", "/admin/users/new", [("username", "x.official"), ("display_name", "某"),
                                                                ("password", "a-long-password"),
                                                                ("role", "official"), ("region", "610323")]),
    "people.edit_user": lambda w: ("admin", f"/admin/users/{w['user']}", [("display_name", "改名"),
                                                                         ("role", "expert"), ("region", "610323")]),
    "people.set_status": lambda w: ("admin", f"/admin/users/{w['user']}/status", [("active", "1")]),
    "people.revoke_token": lambda w: ("admin", f"/admin/users/{w['user']}/tokens/{w['token']}/revoke", []),
    "people.sign_out_user": lambda w: ("admin", f"/admin/users/{w['user']}/sign-out", []),
    "people.user_substitutes": lambda w: ("admin", f"/admin/users/{w['user']}/substitutes",
                                         [("substitute", "qishan.expert2"), *_leave()]),
    "admin.retry_delivery": lambda w: ("admin", "/admin/deliveries/1/retry", []),  # none exists: 404 with the token
    "designer.migrate": lambda w: ("admin", "/admin/processes/recommendation/migrate?to=1", [("case", "1")]),
    "designer.redeploy": lambda w: ("admin", "/admin/processes/recommendation/versions/1/redeploy", []),
    "designer.validate": lambda w: ("admin", "/admin/files/recommendation.bpmn/validate", []),
    "designer.deploy": lambda w: ("admin", "/admin/files/recommendation.bpmn/deploy", []),
    "designer.rehearse": lambda w: ("admin", "/admin/files/recommendation.bpmn/rehearse", []),
    "designer.save_scenario": lambda w: ("admin", "/admin/files/recommendation.bpmn/scenarios", []),
    "designer.delete_scenario": lambda w: ("admin", "/admin/scenarios/1/delete", []),
    "designer.form": lambda w: ("admin", "/admin/forms/endorsement", [("schema", "{}"), ("ui", "{}")]),
    "designer.form_preview": lambda w: ("admin", "/admin/forms/endorsement/preview", [("schema", "{}"), ("ui", "{}")]),
    "holidays.years": lambda w: ("admin", "/admin/calendar", [("year", "2026"), ("text", "元旦：1月1日放假。"),
                                                              ("action", "save")]),
}


def test_every_state_changing_web_route_is_listed_here(app):
    posted = {rule.endpoint for rule in app.url_map.iter_rules()
              if "POST" in (rule.methods or ()) and not rule.endpoint.startswith("api.")}
    assert posted == set(ROUTES)  # a new POST route must be added above, so that its CSRF check is tried


def _browsers(app: Any) -> dict[str | None, Browser]:
    browsers: dict[str | None, Browser] = {None: Browser(app)}
    for user in {route(_NO_WORLD)[0] for route in ROUTES.values()} - {None}:
        browsers[user] = Browser(app)
        browsers[user].login(user)
    return browsers


_NO_WORLD: dict[str, Any] = {"brand": 0, "task": 0, "draft": 0, "user": 0, "token": 0, "instance": 0, "decided": 0,
                             "message": 0, "certificate": "LB-0"}


def _post(browser: Browser, path: str, fields: list[tuple[str, Any]], token: str | None) -> Any:
    """A form post, or for the diagram editor's JSON endpoints the header its script sends."""
    items = [*fields, *([("csrf_token", token)] if token is not None else [])]
    headers = {"X-CSRFToken": token} if token is not None and "/admin/files/" in path else {}
    return browser.client.post(path, data=MultiDict(items), headers=headers)


def test_every_post_without_a_valid_csrf_token_is_refused_and_changes_nothing(app, client):
    world = _world(client)
    browsers = _browsers(app)
    stranger = Browser(app)
    stranger.get("/login")  # its own session, with its own token
    before = snapshot()
    for endpoint, route in ROUTES.items():
        user, path, _fields = route(world)
        browser = browsers[user]
        browser.get("/")  # the page a form would come from: the session holds a token
        for token in (None, stranger.token, "forged-token"):
            response = _post(browser, path, route(world)[2], token)
            assert response.status_code == 400 and EXPIRED in browser.text(response), (endpoint, token)
    assert snapshot() == before
    for user, browser in browsers.items():  # nobody was signed out either
        assert browser.get("/inbox").status_code == (302 if user is None else 200), user

    for endpoint, route in ROUTES.items():  # the same requests with the token are not refused as forged
        user, path, fields = route(world)
        browser = browsers[user]
        browser.get("/login" if user is None else "/")
        response = _post(browser, path, fields, browser.token)
        assert EXPIRED not in browser.text(response), (endpoint, response.status_code)
    assert snapshot() != before


def _session_cookie(browser: Browser) -> str:
    cookie = browser.client.get_cookie("session")
    assert cookie is not None
    return cookie.value


def test_a_session_cookie_planted_before_sign_in_does_not_carry_the_sign_in(app):
    victim = Browser(app)
    victim.get("/login")
    planted, planted_token = _session_cookie(victim), victim.token  # what an attacker could hand the victim
    assert victim.login("qishan.official").status_code == 302
    assert _session_cookie(victim) != planted
    assert victim.get("/inbox").status_code == 200

    attacker = Browser(app)
    attacker.client.set_cookie("session", planted)
    assert attacker.get("/inbox").status_code == 302  # still signed out
    refused = _post(victim, f"/tasks/{2**31 - 1}/claim", [], planted_token)  # the old token died with the session
    assert refused.status_code == 400 and EXPIRED in victim.text(refused)


def test_the_browser_session_never_authenticates_the_api(app):
    browser = Browser(app)
    browser.login(walk.APPLICANT)
    response = browser.client.post("/api/v1/applications", json={"data": application_form()})
    assert response.status_code == 401
    assert browser.client.get("/api/v1/me").status_code == 401


def test_a_session_cookie_copied_before_sign_out_is_dead_after_it(app):
    browser = Browser(app)
    browser.login("qishan.official")
    copied = _session_cookie(browser)
    thief = Browser(app)
    thief.client.set_cookie("session", copied)
    assert thief.get("/inbox").status_code == 200  # the copy works while the official is signed in
    browser.post("/logout", {})
    assert thief.get("/inbox").status_code == 302  # signing out ended it too
    again = Browser(app)
    again.login("qishan.official")
    assert again.get("/inbox").status_code == 200
