"""A real gunicorn serving the app from another process, and a small JSON client for it: for tests
that need real HTTP, real worker processes and real database connections rather than Flask's
in-process test client."""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from webapp import clock
from webapp.config import PROJECT_ROOT

GUNICORN = Path(sys.executable).parent / "gunicorn"
SECRET_KEY = "test-secret-0123456789"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def process_env(**settings: str) -> dict[str, str]:
    """The environment for a server or worker process a test starts: this one's, with `settings`,
    and the test's application clock as the process's system time (libfaketime, installed by
    .ci/setup), so that both count deadlines and read the calendar at the same instant whatever
    today's date is, also inside a suite run under `faketime`."""
    library = next(iter(sorted(Path("/usr/lib").glob("*/faketime/libfaketime.so.1"))), None)
    if library is None:
        raise RuntimeError("libfaketime is not installed: run .ci/setup")
    inherited = {key: value for key, value in os.environ.items() if not key.startswith("FAKETIME")}
    return {**inherited, "LD_PRELOAD": str(library), "TZ": "UTC",
            "FAKETIME": clock.now_utc().strftime("@%Y-%m-%d %H:%M:%S"), **settings}


def gunicorn_command() -> list[str]:
    return [str(GUNICORN), "-c", "python:webapp.ops.gunicorn", "webapp.wsgi:app"]


class JsonClient:
    """One HTTP connection to the server (reopened when gunicorn's sync worker closes it)."""

    def __init__(self, base_url: str, *, token: str | None = None, language: str | None = None,
                 timeout: float = 60) -> None:
        parts = urlsplit(base_url)
        self.connection = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=timeout)
        self.token, self.language = token, language

    def request(self, method: str, path: str, body: Any = None,
                headers: dict[str, str] | None = None) -> tuple[int, Any, dict[str, str]]:
        """Status, decoded JSON body and headers; any status, as a test wants to see 4xx and 5xx too."""
        sent = {"Content-Type": "application/json"} if body is not None else {}
        if self.token:
            sent["Authorization"] = f"Bearer {self.token}"
        if self.language:
            sent["Accept-Language"] = self.language
        sent.update(headers or {})
        self.connection.request(method, path, body=None if body is None else json.dumps(body), headers=sent)
        response = self.connection.getresponse()
        raw = response.read()
        content_type = response.getheader("Content-Type", "")
        decoded = json.loads(raw) if raw and content_type.startswith("application/json") else raw.decode()
        return response.status, decoded, dict(response.getheaders())

    def close(self) -> None:
        self.connection.close()


@contextmanager
def gunicorn(database_url: str, tmp_path: Path, *, workers: int = 2, log: Path | None = None,
             env: dict[str, str] | None = None) -> Iterator[str]:
    """Serve the app with `workers` sync workers on a free port; yield its base URL once `/healthz`
    answers; stop it (and wait for it) afterwards. gunicorn's output goes to `log`."""
    port = free_port()
    settings = process_env(
        DATABASE_URL=database_url, SECRET_KEY=SECRET_KEY, BRANDCERT_BIND=f"127.0.0.1:{port}",
        BRANDCERT_WEB_WORKERS=str(workers), BRANDCERT_KEYS=str(tmp_path / "keys"),
        BRANDCERT_ATTACHMENTS=str(tmp_path / "attachments"), BRANDCERT_CERTIFICATES=str(tmp_path / "certificates"),
        **(env or {}))
    log = log or tmp_path / "gunicorn.log"
    with log.open("w") as stderr:
        server = subprocess.Popen(gunicorn_command(), cwd=PROJECT_ROOT, env=settings, stderr=stderr)
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base_url, server, log)
        yield base_url
    finally:
        server.terminate()
        server.wait(timeout=30)


def _wait_until_up(base_url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    for _ in range(150):
        if server.poll() is not None:
            break
        probe = JsonClient(base_url, timeout=5)
        try:
            probe.request("GET", "/healthz")
            return
        except OSError:
            time.sleep(0.2)
        finally:
            probe.close()
    raise AssertionError(f"gunicorn did not come up:\n{log.read_text()}")
