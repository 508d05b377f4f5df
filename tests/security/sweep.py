"""The machinery of the access-control sweep: what a route is (its kind), the requests tried on it,
who tries them (a visitor signed in on the web and the API, or anonymous), and what counts as a leak."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from flask import url_for

from tests.api_client import Api
from tests.security.sweep_world import World, snapshot
from tests.web.browser_client import Browser

PUBLIC = "public"
"""Open without sign-in by design (sign-in, verification, health, static files, language, OpenAPI)."""
SELF = "self"
"""Signed-in users reach it, on their own jurisdiction or unit only (inbox, lists, search, forms)."""
TARGET = "target"
"""Names one record of the target world: outsiders get 403 or 404."""
NATIONAL = "national"
"""Processes and forms: a national administrator's, 403 for everyone else."""
KINDS = (PUBLIC, SELF, TARGET, NATIONAL)
WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})


@dataclass(frozen=True)
class Try:
    """One way to call a route: URL values (the rest go to the query string) and a body for writes."""

    values: dict[str, Any] = field(default_factory=dict)
    body: Callable[[], Any] | None = None
    """A fresh form (web) or JSON object (API) per call; files as (stream, name) tuples."""
    files: bool = False
    reader: str | None = None
    """An insider for whom the same GET answers `reads_as`: proof that the URL names a real record."""
    reads_as: int = 200


@dataclass(frozen=True)
class Route:
    kind: str
    tries: Callable[[World], list[Try]] = lambda world: [Try()]
    aimed: bool = False
    """SELF: its writes name the target (its region, its brand), so they must be refused (4xx)."""
    own_part: bool = False
    """TARGET: officials of a region inside the record's may see their own part of it (200), as long
    as nothing of the target shows."""


@dataclass(frozen=True)
class Call:
    endpoint: str
    method: str
    path: str
    route: Route
    attempt: Try

    @property
    def api(self) -> bool:
        return self.path.startswith("/api/")

    @property
    def write(self) -> bool:
        return self.method in WRITES

    def sent(self) -> str:
        """What the visitor sends (decoded), so that an echo of it is not taken for a leak."""
        body = self.attempt.body() if self.attempt.body and self.write else None
        return unquote(self.path) + json.dumps(body, ensure_ascii=False, default=repr)


def calls(app: Any, world: World, table: dict[str, Route]) -> list[Call]:
    """Every method of every rule of the app, with each try of its classification."""
    found = []
    with app.test_request_context(base_url="https://localhost"):
        for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
            route = table[rule.endpoint]
            for attempt in route.tries(world):
                path = url_for(rule.endpoint, **attempt.values)
                for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                    found.append(Call(rule.endpoint, method, path, route, attempt))
    return found


class Visitor:
    """One person (or nobody) with a browser session and an API token."""

    def __init__(self, app: Any, client: Any, username: str | None) -> None:
        self.username = username
        self.browser = Browser(app)
        self.api = Api(client)
        if username:
            assert self.browser.login(username).status_code == 302, f"{username} did not sign in"
            self.api.token(username)
        else:
            self.browser.get("/login")  # a real CSRF token: sign-in, not CSRF, must be what stops them

    def send(self, call: Call) -> Any:
        body = call.attempt.body() if call.attempt.body and call.write else None
        if call.api:
            kwargs: dict[str, Any] = {}
            if body is not None:
                kwargs = {"data": body, "content_type": "multipart/form-data"} if call.attempt.files else {
                    "json": body}
            return self.api.call(call.method, call.path.removeprefix("/api/v1"), self.username, **kwargs)
        if call.method == "GET":
            return self.browser.client.get(call.path)
        return self.browser.post(call.path, body or {}, content_type="multipart/form-data")


def leaks(call: Call, response: Any, secrets: list[str]) -> list[str]:
    """The target's identifying data in a response, other than what the visitor sent themselves."""
    data = response.get_data()
    sent = call.sent()
    return [secret for secret in secrets if secret not in sent and secret.encode() in data]


Expectation = Callable[[Call], tuple[str, Callable[[Any], bool]]]
"""What a visitor should get from a call: its description and a test of the response."""


def outsider(call: Call) -> tuple[str, Callable[[Any], bool]]:
    kind, route = call.route.kind, call.route
    if kind == NATIONAL:
        return "403", lambda r: r.status_code == 403
    if kind == TARGET and route.own_part and not call.write:
        return "403/404 or only their own part", lambda r: r.status_code in (200, 403, 404)
    if kind == TARGET:
        return "403/404", lambda r: r.status_code in (403, 404)
    if kind == SELF and call.write and route.aimed:
        return "a refusal (4xx)", lambda r: 400 <= r.status_code < 500
    return "an answer", lambda r: True


def anonymous(call: Call) -> tuple[str, Callable[[Any], bool]]:
    if call.route.kind == PUBLIC:
        return "an answer", lambda r: True
    if call.api:
        return "401", lambda r: r.status_code == 401
    return "the sign-in page", lambda r: r.status_code == 302 and r.headers["Location"].startswith("/login")


def sweep_each(app: Any, client: Any, usernames: list[str | None], plan: list[Call], expect: Expectation,
               secrets: list[str]) -> tuple[list[str], int]:
    """Every visitor sends every call (signed-in ones skip the public writes: signing out would end
    their session). Returns a line per answer that is not what `expect` says, shows a secret, or is
    an error, and per visitor who changed anything; and how many requests were sent."""
    problems: list[str] = []
    sent = 0
    for username in usernames:
        before = snapshot()
        visitor = Visitor(app, client, username)
        for call in sorted(plan, key=lambda c: c.route.kind == PUBLIC and c.write):  # signing out: last
            if username is not None and call.route.kind == PUBLIC and call.write:
                continue
            response = visitor.send(call)
            sent += 1
            wanted, accepts = expect(call)
            found = leaks(call, response, secrets)
            if response.status_code >= 500 or not accepts(response) or found:
                problems.append(f"{username or 'anonymous'} {call.method} {call.path} ({call.endpoint}): "
                                f"{response.status_code}, expected {wanted}" + (f"; shows {found}" if found else ""))
            response.close()
        after = snapshot()
        problems += [f"{username} changed {key}" for key in before if before[key] != after[key]]
    return problems, sent
