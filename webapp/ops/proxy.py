"""The client's address behind a reverse proxy.

Behind nginx every request arrives from the proxy. The sign-in throttle counts failures per
address, so without this fifty wrong passwords from anyone would lock everybody out. The address
is taken from `X-Forwarded-For` only when the request really came from a proxy listed in
`BRANDCERT_TRUSTED_PROXIES`; anyone else's header is ignored, so a guesser cannot claim to be
someone new on every attempt.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from typing import Any

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def trusted_proxies(setting: str) -> frozenset[str]:
    """`10.0.0.2, 10.0.0.3` → the addresses; empty → trust nobody."""
    return frozenset(part.strip() for part in setting.split(",") if part.strip())


class ClientAddress:
    """WSGI middleware: REMOTE_ADDR becomes the nearest address a trusted proxy forwarded for."""

    def __init__(self, app: WsgiApp, trusted: Collection[str]) -> None:
        self.app = app
        self.trusted = frozenset(trusted)

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("REMOTE_ADDR") in self.trusted:
            hops = [hop.strip() for hop in environ.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
            # Read from the right: each trusted proxy appended the address it received from.
            client = next((hop for hop in reversed(hops) if hop not in self.trusted), None)
            if client is not None:
                environ["REMOTE_ADDR"] = client[:64]
        return self.app(environ, start_response)
