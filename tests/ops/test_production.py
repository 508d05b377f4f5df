"""Production mode: gunicorn serves the app from `webapp.ops.gunicorn`, refuses the development
secret, writes one JSON log line per request, and `/healthz` tells a load balancer the truth."""

from __future__ import annotations

import json
import os
import subprocess
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import text

from tests import servers, walk
from tests.api_client import Api
from webapp import clock
from webapp.config import PROJECT_ROOT
from webapp.db import session
from webapp.ops.logs import JsonFormatter


def test_gunicorn_serves_with_structured_logs(database_url: str, tmp_path: Path) -> None:
    log = tmp_path / "web.log"
    with servers.gunicorn(database_url, tmp_path, log=log, env={"BRANDCERT_LOG_FORMAT": "json"}) as base_url:
        client = servers.JsonClient(base_url)
        status, body, headers = client.request("GET", "/healthz", headers={"X-Request-ID": "probe-42"})
        assert status == 200 and body["status"] == "ok" and body["schema"] == body["schema_expected"]
        assert headers["X-Request-ID"] == "probe-42"
        status, body, _headers = client.request("GET", "/api/v1/tasks")
        assert status == 401
    lines = [json.loads(line) for line in log.read_text().splitlines()]  # every line is JSON
    probe = next(line for line in lines if line.get("request_id") == "probe-42")
    assert (probe["path"], probe["status"], probe["level"]) == ("/healthz", 200, "info")
    assert any(line.get("path") == "/api/v1/tasks" and line["status"] == 401 for line in lines)
    assert any("Booting worker" in line["message"] for line in lines)  # gunicorn's own lines, as JSON too


def test_gunicorn_refuses_the_development_secret(database_url: str) -> None:
    env = {key: value for key, value in os.environ.items() if key != "SECRET_KEY"}
    env.update(DATABASE_URL=database_url, BRANDCERT_BIND=f"127.0.0.1:{servers.free_port()}")
    result = subprocess.run(servers.gunicorn_command(), cwd=PROJECT_ROOT, env=env, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode != 0 and "SECRET_KEY is not set" in result.stderr


def test_health_reports_pending_migrations_and_late_timers(client: Any) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200 and response.get_json()["status"] == "ok"

    api = Api(client)
    application = walk.submit(api)
    walk.endorse(api)
    walk.intake(api, "county")
    walk.score(api, "county")
    walk.decide(api, "county")  # the notice period (a timer) starts
    due = api.get(f"/instances/{application['instance_id']}", "shaanxi.auditor")["next_timer_at"]
    from datetime import datetime

    clock.set_now(datetime.fromisoformat(due) + timedelta(minutes=11))  # no worker fired it
    body = client.get("/healthz").get_json()
    assert (body["status"], body["timers_overdue"]) == ("degraded", 1)

    expected = body["schema_expected"]
    session.execute(text("UPDATE alembic_version SET version_num = '0005'"))
    session.commit()
    response = client.get("/healthz")
    assert response.status_code == 503 and "brandcert init" in response.get_json()["status"]
    session.execute(text("UPDATE alembic_version SET version_num = :head"), {"head": expected})
    session.commit()
    assert client.get("/healthz").status_code == 200


def test_a_request_log_line_is_one_json_object(client: Any, caplog: Any) -> None:
    with caplog.at_level("INFO", logger="webapp.request"):
        response = client.get("/healthz", headers={"X-Request-ID": "abc-123"})
    assert response.headers["X-Request-ID"] == "abc-123"
    record = next(r for r in caplog.records if r.name == "webapp.request")
    line = json.loads(JsonFormatter().format(record))
    assert {key: line[key] for key in ("request_id", "method", "path", "status")} == {
        "request_id": "abc-123", "method": "GET", "path": "/healthz", "status": 200}
    assert line["duration_ms"] >= 0 and line["time"].endswith("+00:00")
