"""The `brandcert` command line on a fresh database: init, demo, timers, users, tokens."""

from __future__ import annotations

import re

from click.testing import CliRunner
from sqlalchemy import func, select

from webapp import create_app
from webapp.applications.models import Application
from webapp.audit.models import AdminAction, AdminEvent
from webapp.cli import cli
from webapp.db import session
from webapp.spotcheck.models import SpotCheck


def run(url: str, tmp_path, *args: str, expect: int = 0) -> str:
    env = {"DATABASE_URL": url, "BRANDCERT_ATTACHMENTS": str(tmp_path / "attachments"),
           "BRANDCERT_KEYS": str(tmp_path / "keys"), "BRANDCERT_CERTIFICATES": str(tmp_path / "certificates")}
    result = CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)
    assert result.exit_code == expect, result.output
    return result.output


def test_init_twice_then_demo_then_timers(empty_database_url, tmp_path):
    first = run(empty_database_url, tmp_path, "init")
    assert "deployed: exit v1, level_review v1, recommendation v1, spot_check v1" in first
    assert "deployed: nothing new" in run(empty_database_url, tmp_path, "init")

    output = run(empty_database_url, tmp_path, "demo")
    assert "demo data loaded" in output and "qishan.official" in output and "brandcert-demo" in output
    assert "development signing keys: 13 new" in output and "certificates signed: 2" in output
    assert "qishan.inspector" in output
    assert re.search(r"audit trail: \d+ events in \d+ chains, intact", output)
    assert "the audit trail is intact" in run(empty_database_url, tmp_path, "audit", "verify")
    assert "no chain moved" in run(empty_database_url, tmp_path, "audit", "checkpoint")  # the demo signed one
    assert "already loaded" in run(empty_database_url, tmp_path, "demo")

    create_app({"DATABASE_URL": empty_database_url, "ATTACHMENTS_DIR": tmp_path / "attachments",
                "KEYS_DIR": tmp_path / "keys", "CERTIFICATES_DIR": tmp_path / "certificates"})
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
    assert "instances advanced: 0" in run(empty_database_url, tmp_path, "timers")
    assert "timers fired: 0; certificates issued: 0" in run(empty_database_url, tmp_path, "worker", "--once")
    for pdf in sorted((tmp_path / "certificates").rglob("*.pdf")):
        assert "status: valid" in run(empty_database_url, tmp_path, "cert", "verify", str(pdf))


def test_users_and_tokens(database_url, tmp_path, client):
    output = run(database_url, tmp_path, "users", "create", "--username", "fengxiang.official", "--name", "凤翔区",
                 "--password", "long-enough-pw", "--role", "official@610300")
    assert "created user" in output
    bad = run(database_url, tmp_path, "users", "create", "--username", "x", "--password", "long-enough-pw",
              "--role", "official", expect=2)
    assert "role@region" in bad
    taken = run(database_url, tmp_path, "users", "create", "--username", "fengxiang.official",
                "--password", "short", "--role", "official@999999", expect=1)
    assert "username" in taken and "password" in taken and "999999" in taken

    token = run(database_url, tmp_path, "token", "create", "fengxiang.official", "--name", "发布脚本").split()[0]
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).get_json()
    assert me["roles"] == [{"role": "official", "region": "610300"}]
    (listed,) = client.get("/api/v1/auth/tokens", headers={"Authorization": f"Bearer {token}"}).get_json()["items"]
    assert listed["name"] == "发布脚本" and listed["current"]
