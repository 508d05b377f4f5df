"""Processes to crash: gunicorn's web workers and `brandcert worker`, each killed with SIGKILL (no
clean-up, no rollback by the app: exactly what a power cut or the OOM killer does), and clients
that keep going through it as a patient user would."""

from __future__ import annotations

import http.client
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from tests.servers import JsonClient
from webapp.config import PROJECT_ROOT
from webapp.demo.data import PASSWORD

BRANDCERT = Path(sys.executable).parent / "brandcert"


def web_workers(pidfile: Path) -> list[int]:
    """The pids of gunicorn's current workers (the master's children)."""
    master = int(pidfile.read_text())
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return [int(pid) for pid in children]


def kill_a_web_worker(pidfile: Path, rng: random.Random) -> int:
    victim = rng.choice(web_workers(pidfile))
    os.kill(victim, signal.SIGKILL)
    return victim


class BackgroundWorker:
    """`brandcert worker` as an operator runs it; a supervisor (here: the test) restarts it."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.env, self.log = env, log
        self.process: subprocess.Popen[bytes] | None = None
        self.starts = 0

    def start(self) -> None:
        with self.log.open("a") as output:
            self.process = subprocess.Popen([str(BRANDCERT), "worker", "--interval", "0.2"], cwd=PROJECT_ROOT,
                                            env=self.env, stdout=output, stderr=output)
        self.starts += 1

    def wait_until_polling(self, timeout: float = 60) -> None:
        """Until the worker's loop runs: a start takes seconds, and an outage before it would be missed."""
        deadline = time.monotonic() + timeout
        while "worker started" not in self.log.read_text():
            assert self.process is not None and self.process.poll() is None, self.log.read_text()[-3000:]
            assert time.monotonic() < deadline, "the background worker did not start"
            time.sleep(0.1)

    def kill(self) -> None:
        assert self.process is not None and self.process.poll() is None, self.log.read_text()[-3000:]
        self.process.kill()
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)


@dataclass
class Tally:
    """What the clients saw. `uncertain` counts requests that got no answer (the worker died)."""

    statuses: Counter[int] = field(default_factory=Counter)
    uncertain: int = 0
    done: list[int] = field(default_factory=list)
    """Tasks whose completion the client saw succeed (200)."""
    done_before_the_crash: list[int] = field(default_factory=list)
    """Tasks whose answer was lost, then found already completed (409) on retry."""
    unexplained: list[tuple[int, int, object]] = field(default_factory=list)


def complete_all(base_url: str, username: str, task_ids: list[int], data: dict[str, object], tally: Tally,
                 deadline: float) -> None:
    """Complete each task, retrying a request that got no answer until the server says 200 (done
    now) or 409 (done already, by the attempt whose answer was lost)."""
    client = JsonClient(base_url, language="en", timeout=30)
    for task_id in task_ids:
        lost_answer = False
        while time.monotonic() < deadline:
            try:
                if client.token is None:
                    status, body, _ = client.request("POST", "/api/v1/auth/token",
                                                     {"username": username, "password": PASSWORD})
                    assert status == 201, body
                    client.token = body["token"]
                status, body, _ = client.request("POST", f"/api/v1/tasks/{task_id}/complete", {"data": data})
            except (OSError, http.client.HTTPException):
                tally.uncertain += 1
                lost_answer = True
                client.close()  # http.client opens a new connection on the next request
                time.sleep(0.05)
                continue
            tally.statuses[status] += 1
            if status == 200:
                tally.done.append(task_id)
            elif status == 409 and lost_answer:
                tally.done_before_the_crash.append(task_id)
            elif status == 503:  # the database said no; the user tries again
                time.sleep(0.1)
                continue
            else:
                tally.unexplained.append((task_id, status, body))
            break
    client.close()
