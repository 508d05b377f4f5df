"""Factories for the rows a test needs besides the template's demo people (tests/conftest.py).

A case somewhere on its way is a world (`tests/worlds.py`), walked by a step; a person is made here with
the operator's own command, so he is what `brandcert users create` makes: active, with the demo
password, signed-in pages and tokens working."""

from __future__ import annotations

from webapp.auth.models import User
from webapp.demo.data import PASSWORD
from webapp.people.services import create_user


def make_user(username: str, role: str, region_code: str, display_name: str | None = None, *,
              unit_id: int | None = None) -> User:
    """A person holding `role` at `region_code` (and belonging to creation unit `unit_id`, if given)."""
    return create_user(username, PASSWORD, display_name or f"{username} 同事", roles=[(role, region_code)],
                       creation_unit_id=unit_id)


def make_admin(username: str, region_code: str, display_name: str | None = None) -> User:
    """An administrator of `region_code` (the demo's people include none below the nation)."""
    return make_user(username, "admin", region_code, display_name or f"{username} 管理员")
