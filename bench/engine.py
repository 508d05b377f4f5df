"""Task completion cost: the bare engine versus the whole API path with its commit.

(a) bare SpiffWorkflow: deserialize the saved state -> complete the village endorsement -> serialize;
(b) the same completion through POST /api/v1/tasks/<id>/complete (token auth, form validation,
    instance lock, engine, inbox rows, audit chain, receivers, commit), with the SQL statements each
    sends (BEGIN and COMMIT not counted).

    .venv/bin/python bench/engine.py [--rounds 300] [--database-url URL] [--profile] [--statements]

`--profile` prints where (b) spends its time (pyinstrument), to find what to make faster;
`--statements` lists the statements of one completion with the code that sent each.

Without --database-url a fresh SQLite file is used; a given URL must name an empty database.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import traceback
from pathlib import Path
from typing import Any

from pyinstrument import Profiler
from sqlalchemy import event

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # bench.world

from bench.world import demo_world
from webapp import engine
from webapp.applications import services as applications
from webapp.auth.models import User
from webapp.db import session
from webapp.demo.data import PASSWORD, application_form
from webapp.engine import definitions, runtime
from webapp.engine.instances import script_engine


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def describe(name: str, seconds: list[float]) -> tuple[float, float]:
    median, p95 = statistics.median(seconds) * 1000, percentile(seconds, 0.95) * 1000
    print(f"{name:58} median {median:7.2f} ms   p95 {p95:7.2f} ms   (n={len(seconds)})")
    return median, p95


def prepare(database_url: str | None, applications_count: int) -> tuple[Any, list[int]]:
    """The demo world with applications waiting at the village."""
    app, _workdir = demo_world(database_url)
    unit_user = session.query(User).filter_by(username="xiqi.unit").one()
    form = application_form("岐山面食师", "高品质服务型", "餐饮服务", "面点师", "610323101900", 3000, 500, 400, "张三")
    created = [applications.submit({**form, "brand_name": f"岐山面食师{i}"}, actor=unit_user)
               for i in range(applications_count)]
    return app, [a.instance_id for a in created]


def bare_engine_seconds(rounds: int, instance_id: int | None = None) -> list[float]:
    """(a): deserialize, complete the village endorsement, serialize, `rounds` times over one saved
    state. Without an instance it first makes one in a fresh SQLite file (bench/load.py does)."""
    if instance_id is None:
        _app, (instance_id,) = prepare(None, 1)
    instance = session.get(engine.ProcessInstance, instance_id)
    spec = definitions.spec_json(session.get(engine.ProcessDefinition, instance.definition_id))
    state, version = instance.state, instance.serializer_version
    seconds = []
    for _ in range(rounds):
        started = time.perf_counter()
        workflow = runtime.load(state, spec, version, script_engine([]))
        task = runtime.ready_task(workflow, runtime.ready_human_tasks(workflow)[0].uuid)
        runtime.complete(workflow, task, {"decision": "forward", "comment": "同意"})
        runtime.dump(workflow)
        seconds.append(time.perf_counter() - started)
    session.remove()
    return seconds


class StatementCounter:
    """The SQL statements sent while it listens, with the webapp code that sent each."""

    def __init__(self, *, callers: bool) -> None:
        self.sent: list[tuple[str, str]] = []
        self.callers = callers  # finding them takes longer than the statement
        event.listen(session.get_bind(), "before_cursor_execute", self._note)

    def _note(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.split(None, 1)[0].upper() in ("BEGIN", "COMMIT"):
            return
        frames = [f for f in traceback.extract_stack() if "/webapp/" in f.filename][::-1][:3] if self.callers else []
        self.sent.append((" ".join(statement.split())[:70],
                          " < ".join(f"{f.filename.split('/webapp/')[1]}:{f.lineno}" for f in frames)))

    def take(self) -> list[tuple[str, str]]:
        sent, self.sent = self.sent, []
        return sent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=300)
    parser.add_argument("--database-url")
    parser.add_argument("--profile", action="store_true", help="print a pyinstrument profile of (b)")
    parser.add_argument("--statements", action="store_true", help="list the SQL statements of one completion")
    args = parser.parse_args()
    app, instance_ids = prepare(args.database_url, args.rounds)
    print(f"database: {session.get_bind().dialect.name}; {args.rounds} applications waiting at the village")
    instance = session.get(engine.ProcessInstance, instance_ids[0])
    state, spec = instance.state, definitions.spec_json(session.get(engine.ProcessDefinition, instance.definition_id))
    bare = bare_engine_seconds(args.rounds, instance_ids[0])

    # (b) the API, one task per request, each with its own commit
    client = app.test_client()
    token = client.post("/api/v1/auth/token", json={"username": "qixing.official", "password": PASSWORD}).get_json()
    headers = {"Authorization": f"Bearer {token['token']}"}
    task_ids = [t["id"] for t in client.get("/api/v1/tasks?per_page=200&sort=created", headers=headers)
                .get_json()["items"]]
    while len(task_ids) < args.rounds:
        page = len(task_ids) // 200 + 1
        more = client.get(f"/api/v1/tasks?per_page=200&sort=created&page={page}", headers=headers).get_json()
        task_ids += [t["id"] for t in more["items"]]
    through_api, statements = [], []
    counter = StatementCounter(callers=args.statements)
    profiler = Profiler(interval=0.0005) if args.profile else None
    if profiler:
        profiler.start()
    for task_id in task_ids[: args.rounds]:
        counter.take()
        started = time.perf_counter()
        response = client.post(f"/api/v1/tasks/{task_id}/complete", headers=headers,
                               json={"data": {"decision": "forward", "comment": "同意"}})
        through_api.append(time.perf_counter() - started)
        statements.append(counter.take())
        assert response.status_code == 200, response.get_json()
    if profiler:
        profiler.stop()
        print(profiler.output_text(unicode=True, show_all=False))

    bare_median, bare_p95 = describe("(a) bare SpiffWorkflow: deserialize, complete, serialize", bare)
    api_median, api_p95 = describe("(b) POST /api/v1/tasks/<id>/complete with its commit", through_api)
    print(f"ratio b/a: median {api_median / bare_median:.1f}x   p95 {api_p95 / bare_p95:.1f}x")
    print(f"SQL statements per completion: median {statistics.median(map(len, statements)):.0f}, "
          f"max {max(map(len, statements))}")
    if args.statements:
        for text, callers in statements[-1]:
            print(f"  {text:72} {callers}")
    print(f"state size after submission: {len(state.encode())} bytes; spec: {len(spec.encode())} bytes")


if __name__ == "__main__":
    main()
