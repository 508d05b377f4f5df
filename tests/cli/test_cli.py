"""The `brandcert` command line on a fresh database: init, demo, timers, users, tokens; and the installed
command itself."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from tests.servers import process_env
from webapp import create_app
from webapp.applications.models import Application
from webapp.audit.models import AdminAction, AdminEvent
from webapp.cli import cli
from webapp.db import session
from webapp.spotcheck.models import SpotCheck

BRANDCERT = Path(sys.executable).with_name("brandcert")


def run(runner: Any, *args: str, expect: int = 0) -> str:
    """A `brandcert` command on the runner's app (`app.test_cli_runner()`)."""
    result = runner.invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == expect, result.output
    return result.output


def test_init_twice_then_demo_then_timers(empty_database_url, tmp_path):
    app = create_app({"DATABASE_URL": empty_database_url, "ATTACHMENTS_DIR": tmp_path / "attachments",
                      "KEYS_DIR": tmp_path / "keys", "CERTIFICATES_DIR": tmp_path / "certificates"})
    runner = app.test_cli_runner()
    first = run(runner, "init")
    assert "deployed: exit v1, level_review v1, recommendation v1, spot_check v1" in first
    assert "deployed: nothing new" in run(runner, "init")

    output = run(runner, "demo")
    assert "demo data loaded" in output and "qishan.official" in output and "brandcert-demo" in output
    assert "development signing keys: 13 new" in output and "certificates signed: 2" in output
    assert "qishan.inspector" in output
    assert re.search(r"audit trail: \d+ events in \d+ chains, intact", output)
    assert "the audit trail is intact" in run(runner, "audit", "verify")
    assert "no chain moved" in run(runner, "audit", "checkpoint")  # the demo signed one
    assert "already loaded" in run(runner, "demo")

    assert session.scalar(select(func.count()).select_from(SpotCheck)) == 1  # the demo campaign: 西岐名吃
    states = {(a.status, a.current_level, tuple(a.recognized_levels))
              for a in session.scalars(select(Application))}
    assert states == {("in_review", "province", ("county", "city")), ("in_review", "county", ()),
                      ("returned", "county", ()), ("in_review", "village", ())}
    # The operator's set-up is on the administration trail once: the second init changed nothing.
    upgrades = session.scalars(select(AdminEvent).where(AdminEvent.action == AdminAction.SCHEMA_UPGRADED)).all()
    assert [(event.data or {}).get("from") for event in upgrades] == [None]
    deployed = session.scalars(select(AdminEvent.subject).where(AdminEvent.action == AdminAction.PROCESS_DEPLOYED))
    assert {"exit v1", "level_review v1", "recommendation v1", "spot_check v1"} <= set(deployed)
    session.remove()
    assert "instances advanced: 0" in run(runner, "timers")
    assert "timers fired: 0; certificates issued: 0" in run(runner, "worker", "--once")
    for pdf in sorted((tmp_path / "certificates").rglob("*.pdf")):
        assert "status: valid" in run(runner, "cert", "verify", str(pdf))


def test_the_installed_command_builds_its_app_from_the_environment(database_url, keys_dir, audit_witness):
    """The entry point itself, in its own process: `create_app` reads DATABASE_URL, BRANDCERT_KEYS and
    BRANDCERT_AUDIT_WITNESS (set by conftest) from the environment."""
    env = process_env(DATABASE_URL=database_url, BRANDCERT_KEYS=str(keys_dir))  # at the test's instant
    result = subprocess.run([str(BRANDCERT), "audit", "verify"], env=env, capture_output=True, text=True,
                            timeout=120, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "the audit trail is intact" in result.stdout and f"witness: {audit_witness}" in result.stdout


def test_users_and_tokens(runner, client):
    output = run(runner, "users", "create", "--username", "fengxiang.official", "--name", "凤翔区",
                 "--password", "long-enough-pw", "--role", "official@610300")
    assert "created user" in output
    bad = run(runner, "users", "create", "--username", "x", "--password", "long-enough-pw",
              "--role", "official", expect=2)
    assert "role@region" in bad
    taken = run(runner, "users", "create", "--username", "fengxiang.official",
                "--password", "short", "--role", "official@999999", expect=1)
    assert "username" in taken and "password" in taken and "999999" in taken

    token = run(runner, "token", "create", "fengxiang.official", "--name", "发布脚本").split()[0]
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).get_json()
    assert me["roles"] == [{"role": "official", "region": "610300"}]
    (listed,) = client.get("/api/v1/auth/tokens", headers={"Authorization": f"Bearer {token}"}).get_json()["items"]
    assert listed["name"] == "发布脚本" and listed["current"]
