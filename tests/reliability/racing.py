"""Two API clients that send their requests at the same moment, round after round.

Each official has their own bearer token and HTTP connection and sends from their own thread; a
barrier releases both requests together. Languages alternate by round (one client asks for
English, the other takes the Chinese default) so that every loser's message is checked in both.
Each request carries an `X-Request-ID` naming its round, so that the server's JSON request log
shows whether the two requests of a round were really in the server at the same time.
"""

from __future__ import annotations

import json
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from tests.servers import JsonClient
from webapp.demo.data import PASSWORD

Request = tuple[str, str, Any]  # method, path, JSON body


@dataclass(frozen=True)
class Reply:
    who: int
    """Which of the two officials sent the request (0 or 1)."""
    language: str | None
    status: int
    body: Any


class Officials:
    def __init__(self, base_url: str, usernames: list[str], log: Path) -> None:
        self.log = log
        self.usernames = usernames
        self.clients: list[JsonClient] = []
        self.user_ids: list[int] = []
        for username in usernames:
            client = JsonClient(base_url)
            status, body, _headers = client.request("POST", "/api/v1/auth/token",
                                                    {"username": username, "password": PASSWORD})
            assert status == 201, body
            client.token = body["token"]
            self.user_ids.append(client.request("GET", "/api/v1/me")[1]["id"])
            self.clients.append(client)
        self.threads = ThreadPoolExecutor(max_workers=len(usernames), thread_name_prefix="official")

    def __enter__(self) -> Officials:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.threads.shutdown()
        for client in self.clients:
            client.close()

    def send(self, who: int, method: str, path: str, body: Any = None, *, language: str | None = "en") -> Reply:
        """One request by one official, alone."""
        client = self.clients[who]
        client.language = language
        status, answer, _headers = client.request(method, path, body)
        return Reply(who, language, status, answer)

    def at_once(self, number: int, requests: list[Request]) -> list[Reply]:
        """Round `number`: official i sends requests[i]; both leave the barrier together."""
        barrier = threading.Barrier(len(requests))

        def go(who: int, request: Request) -> Reply:
            client = self.clients[who]
            client.language = "en" if (number + who) % 2 == 0 else None
            barrier.wait(timeout=30)
            status, body, _headers = client.request(*request, headers={"X-Request-ID": f"race-{number}-{who}"})
            return Reply(who, client.language, status, body)

        futures = [self.threads.submit(go, who, request) for who, request in enumerate(requests)]
        return [future.result(timeout=120) for future in futures]

    @staticmethod
    def one_winner(replies: list[Reply], tally: Counter[str]) -> tuple[Reply, Reply]:
        """The 200 and the 409 of a round; anything else (two wins, a 500, a 503) fails the test."""
        statuses = sorted(r.status for r in replies)
        tally["+".join(map(str, statuses))] += 1
        assert statuses == [200, 409], [(r.who, r.status, r.body) for r in replies]
        won, lost = sorted(replies, key=lambda r: r.status)
        return won, lost

    def overlapping(self) -> int:
        """Rounds whose two requests were both inside the server at one moment (from its request log:
        each line is written when the request ends, with the request's duration)."""
        spans: dict[str, list[tuple[float, float]]] = {}
        for line in self.log.read_text().splitlines():
            entry = json.loads(line)
            request_id = entry.get("request_id") or ""
            if request_id.startswith("race-") and "duration_ms" in entry:
                end = _seconds(entry["time"])
                spans.setdefault(request_id.rsplit("-", 1)[0], []).append((end - entry["duration_ms"] / 1000, end))
        return sum(1 for pair in spans.values() if len(pair) == 2 and max(s for s, _ in pair) < min(e for _, e in pair))


def _seconds(iso: str) -> float:
    return datetime.fromisoformat(iso).timestamp()
