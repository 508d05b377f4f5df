"""Driving the HTML pages with Flask's test client as a browser would: cookies over HTTPS (the
session cookie is Secure) and the CSRF token taken from the page."""

from __future__ import annotations

import re
from typing import Any

from webapp.demo.data import PASSWORD

CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


class Browser:
    def __init__(self, app: Any) -> None:
        self.client = app.test_client()
        self.client.environ_base["wsgi.url_scheme"] = "https"
        self.token = ""

    def get(self, path: str, **kwargs: Any) -> Any:
        response = self.client.get(path, **kwargs)
        found = CSRF.search(response.get_data(as_text=True))
        if found:
            self.token = found.group(1)
        return response

    def post(self, path: str, data: dict[str, Any] | list[tuple[str, Any]], *, csrf: bool = True, **kwargs: Any) -> Any:
        items = list(data.items()) if isinstance(data, dict) else list(data)
        if csrf:
            items.append(("csrf_token", self.token))
        from werkzeug.datastructures import MultiDict

        return self.client.post(path, data=MultiDict(items), **kwargs)

    def login(self, username: str, password: str = PASSWORD) -> Any:
        self.get("/login")
        response = self.post("/login", {"username": username, "password": password})
        self.get("/", follow_redirects=True)  # a new session after sign-in has a new CSRF token
        return response

    @staticmethod
    def text(response: Any) -> str:
        return response.get_data(as_text=True)


def form_items(data: dict[str, Any], prefix: str = "") -> list[tuple[str, object]]:
    """The fields a browser posts for `data` (names are the JSON paths)."""
    items: list[tuple[str, object]] = []
    for key, value in data.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            items += form_items(value, f"{path}/")
        elif isinstance(value, list):
            for index, row in enumerate(value):
                items += form_items(row, f"{path}/{index}/")
        elif value is True:
            items.append((path, "true"))
        elif value is not False:
            items.append((path, str(value)))
    return items
