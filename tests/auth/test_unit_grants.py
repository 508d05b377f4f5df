"""Binding a user to a creation unit is a grant like a role: an administrator binds only units inside
the regions where they hold `admin` (creating or editing a user); the operator's command line binds any
existing unit."""

from __future__ import annotations

import re

from sqlalchemy import select

from tests.factories import make_admin
from tests.web.browser_client import Browser
from webapp.applications.models import CreationUnit
from webapp.auth.models import User
from webapp.cli import cli
from webapp.db import session

QISHAN, LUZHAI = "610323", "450223"


def unit_in(county: str) -> int:
    return session.scalars(select(CreationUnit.id).where(CreationUnit.region_code == county)).one()


def bound_unit(username: str) -> int | None:
    session.expire_all()
    return session.scalars(select(User.creation_unit_id).where(User.username == username)).one_or_none()


def test_a_county_administrator_binds_users_only_to_units_of_his_county(app):
    make_admin("qishan.admin", QISHAN, "岐山县管理员")
    admin = Browser(app)
    admin.login("qishan.admin")
    admin.get("/admin/users/new")
    foreign = {"username": "luzhai.mole", "password": "a-long-password", "role": "applicant", "region": QISHAN,
               "creation_unit_id": str(unit_in(LUZHAI))}
    assert admin.post("/admin/users/new", foreign, headers={"Accept-Language": "en"}).status_code == 403
    assert bound_unit("luzhai.mole") is None  # nobody was created

    own = {**foreign, "username": "xiqi.clerk", "creation_unit_id": str(unit_in(QISHAN))}
    assert admin.post("/admin/users/new", own).status_code == 302
    assert bound_unit("xiqi.clerk") == unit_in(QISHAN)
    user_url = re.search(r'href="(/admin/users/\d+)"', Browser.text(admin.get("/admin/users?q=xiqi.clerk"))).group(1)
    admin.get(user_url)
    moved = admin.post(user_url, {"display_name": "x", "role": "applicant", "region": QISHAN,
                                  "creation_unit_id": str(unit_in(LUZHAI))})
    assert moved.status_code == 403 and bound_unit("xiqi.clerk") == unit_in(QISHAN)
    unknown = admin.post(user_url, {"display_name": "x", "role": "applicant", "region": QISHAN,
                                    "creation_unit_id": "9999"}, headers={"Accept-Language": "en"})
    assert unknown.status_code == 422 and "创建单位 9999 不存在。" in Browser.text(unknown)
    assert bound_unit("xiqi.clerk") == unit_in(QISHAN)


def test_the_operator_binds_any_existing_unit_from_the_command_line(runner):
    args = ["users", "create", "--username", "luzhai.clerk", "--password", "a-long-password",
            "--role", f"applicant@{LUZHAI}"]
    unknown = runner.invoke(cli, [*args, "--unit", "9999"])
    assert unknown.exit_code == 1 and "创建单位 9999 不存在。" in unknown.output
    created = runner.invoke(cli, [*args, "--unit", str(unit_in(LUZHAI))])
    assert created.exit_code == 0, created.output
    assert bound_unit("luzhai.clerk") == unit_in(LUZHAI)
