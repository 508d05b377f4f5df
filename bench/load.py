"""Load on a running brandcert (gunicorn) over loopback, from this separate process.

    .venv/bin/python bench/load.py --url http://127.0.0.1:8000 --server-pid PID
        [--completions 6000] [--seconds 60] [--concurrency 8] [--inbox-requests 1000]

It signs in as the village officials of bench/seed.py (`bench.v001` …), takes the open tasks of
their inboxes and completes them (the village endorsement, after which the county receives the
case) from `--concurrency` threads, each official's tasks on one thread, until the count or the
time runs out. It then times inbox pages (the first page with its counts per filter) of other
village officials and, apart, of the officials above them (see INBOXES). It prints completions
per second with their p50/p95/p99, the inbox p50/p95, the resident memory of the gunicorn master
and workers, and the bare engine completion of bench/engine.py measured in this same run, with
the ratio.
"""

from __future__ import annotations

import argparse
import http.client
import json
import statistics
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.engine import bare_engine_seconds
from webapp.demo.data import PASSWORD

INBOXES = {
    "village officials": tuple(f"bench.v{n:03d}" for n in range(65, 101)),
    "one county's officials": ("qishan.official", "qishan.expert1", "baoji.official", "shaanxi.official"),
}
"""Whose first inbox page (with its counts per filter) is timed. bench/seed.py puts every case in
one county, so the county, city and province above it each hold 8,000-20,000 open tasks, far more
than any real inbox: they are the worst case, and timed apart from the village officials."""


class Client:
    """One HTTP connection per thread; gunicorn's sync workers close it after each response."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80

    def call(self, method: str, path: str, token: str | None = None, body: Any = None) -> tuple[int, Any]:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        try:
            connection.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
            response = connection.getresponse()
            data = response.read()
            return response.status, json.loads(data) if data else None
        finally:
            connection.close()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


def sign_in(client: Client, username: str) -> str:
    status, body = client.call("POST", "/api/v1/auth/token", body={"username": username, "password": PASSWORD})
    assert status == 201, (username, status, body)
    return str(body["token"])


def open_tasks(client: Client, token: str, wanted: int) -> list[int]:
    ids: list[int] = []
    page = 1
    while len(ids) < wanted:
        status, body = client.call("GET", f"/api/v1/tasks?level=village&per_page=200&page={page}", token)
        assert status == 200, body
        ids += [task["id"] for task in body["items"]]
        if len(body["items"]) < 200:
            break
        page += 1
    return ids[:wanted]


def complete_all(client: Client, work: list[tuple[str, int]], deadline: float, latencies: list[float],
                 failures: list[Any]) -> None:
    for token, task_id in work:
        if time.perf_counter() > deadline:
            return
        started = time.perf_counter()
        status, body = client.call("POST", f"/api/v1/tasks/{task_id}/complete", token,
                                   {"data": {"decision": "forward", "comment": "同意推荐。"}})
        if status == 200:
            latencies.append(time.perf_counter() - started)
        else:
            failures.append((task_id, status, body))


def run_threads(count: int, target: Any, args_of: Any) -> float:
    threads = [threading.Thread(target=target, args=args_of(i)) for i in range(count)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started


def read_inboxes(args: Any, client: Client, users: tuple[str, ...]) -> list[float]:
    tokens = {user: sign_in(client, user) for user in users}
    seconds: list[float] = []

    def read(thread: int) -> None:
        own = Client(args.url)
        for n in range(args.inbox_requests // args.concurrency):
            user = users[(thread + n) % len(users)]
            started = time.perf_counter()
            status, body = own.call("GET", "/api/v1/tasks", tokens[user])
            seconds.append(time.perf_counter() - started)
            assert status == 200, body

    run_threads(args.concurrency, read, lambda i: (i,))
    return seconds


def resident_memory(pid: int) -> tuple[float, float, int]:
    """MB resident in the gunicorn master and its workers (RSS: pages shared copy-on-write counted in
    every process that maps them; PSS: shared pages divided among them), and how many processes that is."""
    def processes() -> Iterator[int]:
        yield pid
        for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
            yield int(child)

    rss, pss, count = 0, 0, 0
    for process in processes():
        for line in Path(f"/proc/{process}/smaps_rollup").read_text().splitlines():
            if line.startswith("Rss:"):
                rss += int(line.split()[1])
                count += 1
            elif line.startswith("Pss:"):
                pss += int(line.split()[1])
    return rss / 1024, pss / 1024, count


def describe(name: str, seconds: list[float]) -> None:
    print(f"{name:44} p50 {statistics.median(seconds) * 1000:6.1f} ms   p95 {percentile(seconds, .95) * 1000:6.1f} ms"
          f"   p99 {percentile(seconds, .99) * 1000:6.1f} ms   (n={len(seconds)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--server-pid", type=int, required=True, help="the gunicorn master, for memory")
    parser.add_argument("--completions", type=int, default=6000)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--officials", type=int, default=64)
    parser.add_argument("--inbox-requests", type=int, default=1000, help="per group of users")
    args = parser.parse_args()
    client = Client(args.url)
    status, health = client.call("GET", "/healthz")
    print(f"server: {health}")
    assert status == 200, health

    per_official = -(-args.completions // args.officials)
    work: list[list[tuple[str, int]]] = [[] for _ in range(args.concurrency)]
    for n in range(1, args.officials + 1):
        token = sign_in(client, f"bench.v{n:03d}")
        work[n % args.concurrency] += [(token, task_id) for task_id in open_tasks(client, token, per_official)]
    planned = sum(len(w) for w in work)
    if not planned:
        raise SystemExit("no open village tasks: seed the database with bench/seed.py first")
    print(f"{planned} open village tasks of {args.officials} officials, {args.concurrency} concurrent clients")

    latencies: list[float] = []
    failures: list[Any] = []
    deadline = time.perf_counter() + args.seconds
    elapsed = run_threads(args.concurrency, complete_all,
                          lambda i: (Client(args.url), work[i], deadline, latencies, failures))
    print(f"task completions: {len(latencies)} in {elapsed:.1f} s = {len(latencies) / elapsed:.0f}/s; "
          f"failed: {len(failures)} {failures[:3]}")
    describe("POST /api/v1/tasks/<id>/complete", latencies)

    for label, users in INBOXES.items():
        describe(f"GET /api/v1/tasks, {label}", read_inboxes(args, client, users))
    rss, pss, processes = resident_memory(args.server_pid)
    print(f"gunicorn resident memory: {rss:.0f} MB in {processes} processes (RSS; PSS {pss:.0f} MB)")
    bare = bare_engine_seconds(200)
    describe("bare SpiffWorkflow completion (bench/engine.py)", bare)
    print(f"ratio completion p50 / bare engine p50: {statistics.median(latencies) / statistics.median(bare):.1f}x")


if __name__ == "__main__":
    main()
