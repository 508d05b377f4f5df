"""The users page a page at a time: every user the administrator administers is reached through the
pager, a search keeps to its pages, and a page past the end shows the last one."""

from __future__ import annotations

from sqlalchemy import select

from tests.web.browser_client import Browser
from tests.web.pager import walk_list
from webapp.auth.models import User
from webapp.db import session


def test_every_user_is_reached_through_the_pager(app):
    app.config["PAGE_SIZE"] = 7
    with app.app_context():
        usernames = set(session.scalars(select(User.username).join(User.grants).distinct()))
    admin = Browser(app)
    admin.login("admin")
    listed = walk_list(admin, "/admin/users")
    assert listed.total == len(usernames) == len(listed.rows) > 14
    assert {name for row in listed.rows for name in usernames if f">{name}</a>" in row} == usernames
    assert listed.summaries[0].startswith("第 1 / ")

    qishan = walk_list(admin, "/admin/users?q=qishan")  # the search is kept in the pager's links
    assert qishan.total == len([name for name in usernames if "qishan" in name]) == len(qishan.rows)
    assert all("qishan" in row for row in qishan.rows)
    assert admin.get("/admin/users?page=999").status_code == 200
