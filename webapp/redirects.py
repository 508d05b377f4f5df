"""Where the app may send a browser after a form: only to a path on this site."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import url_for


def local_target(target: str | None) -> str:
    if not target:
        return url_for("web.home")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return url_for("web.home")
    return target.rstrip("?")
