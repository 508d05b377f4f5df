"""PostgreSQL stopped and started again under load: while it is down every request gets a clear
503 (JSON from the API, a page in the browser, `/healthz` too) and no web worker dies; once it is
back, the same gunicorn and the same background worker carry on by themselves.

This restarts the machine's PostgreSQL server, as `.ci/run` may (it starts the server when it is
down); it needs the right to run `pg_ctlcluster`, and is skipped without it.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import shutil
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest

from tests import walk
from tests.api_client import Api
from tests.reliability.chaos import BackgroundWorker
from tests.servers import JsonClient, gunicorn, process_env
from webapp import clock
from webapp.demo.data import PASSWORD

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.serial,
    pytest.mark.skipif(shutil.which("pg_ctlcluster") is None or os.geteuid() != 0,
                       reason="restarting PostgreSQL needs pg_ctlcluster as root"),
]


def _cluster(action: str) -> None:
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", action], check=True,
                   capture_output=True, timeout=120)


class PageReader:
    """A signed-in browser session over plain HTTP (cookies, the sign-in form's CSRF token)."""

    def __init__(self, base_url: str, username: str) -> None:
        self.base_url = base_url
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        page = self.opener.open(f"{base_url}/login", timeout=10).read().decode()
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
        assert token is not None
        form = urllib.parse.urlencode({"username": username, "password": PASSWORD, "csrf_token": token.group(1)})
        self.opener.open(f"{base_url}/login", data=form.encode(), timeout=10).read()

    def get(self, path: str) -> tuple[int, str]:
        try:
            with self.opener.open(f"{self.base_url}{path}", timeout=10) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()


def test_requests_fail_with_503_while_the_database_is_down_and_recover_by_themselves(app, client, keys_dir,
                                                                                        tmp_path: Path):
    api = Api(client)
    instance_id = walk.submit(api, brand_name="岐山面食师")["instance_id"]
    database_url = app.config["DATABASE_URL"]
    env = {**process_env(), "DATABASE_URL": database_url, "BRANDCERT_KEYS": str(keys_dir),
           "BRANDCERT_CERTIFICATES": str(tmp_path / "certificates"), "BRANDCERT_LOG_FORMAT": "json"}
    worker = BackgroundWorker(env, tmp_path / "worker.log")
    try:
        with gunicorn(database_url, tmp_path, workers=2, env={"BRANDCERT_SECURE_COOKIES": "0"}) as base_url:
            worker.start()
            worker.wait_until_polling()
            _outage_and_recovery(base_url, api, instance_id, worker, tmp_path)
    finally:
        worker.stop()
    assert "database unavailable" in (tmp_path / "worker.log").read_text()


def _outage_and_recovery(base_url: str, api: Api, instance_id: int, worker: BackgroundWorker, tmp_path: Path) -> None:
    """Stop the server while a user keeps reloading; start it; then a timer must still fire."""
    browser = PageReader(base_url, "qishan.official")
    assert browser.get("/inbox")[0] == 200
    api_client = JsonClient(base_url, language="en", timeout=10)
    status, body, _ = api_client.request("POST", "/api/v1/auth/token",
                                         {"username": walk.VILLAGE, "password": PASSWORD})
    assert status == 201, body
    api_client.token = body["token"]
    seen: Counter[tuple[str, int]] = Counter()
    bodies: dict[int, object] = {}
    stop = threading.Event()

    def keep_asking() -> None:  # a user who keeps reloading the inbox through the outage
        while not stop.is_set():
            try:
                status, body, _ = api_client.request("GET", "/api/v1/tasks")
            except OSError as error:  # would mean a web worker died or hung up
                status, body = 0, repr(error)
                api_client.close()
            seen["api", status] += 1
            bodies.setdefault(status, body)
            time.sleep(0.05)

    asking = threading.Thread(target=keep_asking)
    asking.start()
    try:
        _cluster("stop")
        time.sleep(1)
        down_page = browser.get("/inbox")
        down_health = JsonClient(base_url, timeout=10).request("GET", "/healthz")
        time.sleep(1)
    finally:
        _cluster("start")
    deadline = time.monotonic() + 60
    while browser.get("/inbox")[0] != 200:
        assert time.monotonic() < deadline, "the web workers did not reconnect"
        time.sleep(0.2)
    time.sleep(0.5)
    stop.set()
    asking.join(timeout=30)

    assert seen["api", 503] >= 5 and seen["api", 200] >= 2, seen
    assert set(status for _kind, status in seen) == {200, 503}, seen  # never a 500, never a dropped connection
    assert bodies[503] == {"error": "unavailable", "message": "The database is unavailable; try again shortly."}
    assert down_page[0] == 503 and "数据库暂时不可用" in down_page[1]
    assert down_health[0] == 503 and down_health[1]["status"] == "unavailable"
    assert JsonClient(base_url).request("GET", "/healthz")[0] == 200

    # The background worker lived through it and takes up a timer that falls due afterwards.
    assert worker.process is not None and worker.process.poll() is None
    with clock.travel(clock.now_utc() - timedelta(days=20)):  # 5 working days ago even across a holiday
        walk.endorse(api)
        walk.intake(api, "county")
        walk.score(api, "county")
        walk.decide(api, "county")
    deadline = time.monotonic() + 60
    while api.get(f"/instances/{instance_id}", "shaanxi.auditor")["next_timer_at"] is not None:
        assert time.monotonic() < deadline, (tmp_path / "worker.log").read_text()[-3000:]
        time.sleep(0.2)
