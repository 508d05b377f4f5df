"""User administration by pickers: roles chosen by name (经办人员) at regions chosen by name (岐山县), the
creation unit by its name, 停用/启用 buttons. What the pickers post works; a region or unit outside the
administrator's own is refused with a message naming it, and nothing changes; the pages show names,
never role keys or region codes."""

from __future__ import annotations

import re

from sqlalchemy import select

from tests.factories import make_admin
from tests.web.browser_client import Browser
from tests.web.shown_text import problems, shown_text
from webapp.applications.models import CreationUnit
from webapp.auth.models import User
from webapp.db import session
from webapp.demo.data import PASSWORD
from webapp.people.services import create_user

QISHAN, LUDING = "610323", "513322"


def _admin(app) -> Browser:
    make_admin("qishan.admin", QISHAN, "岐山县管理员")
    browser = Browser(app)
    browser.login("qishan.admin")
    return browser


def _user(username: str) -> User | None:
    session.remove()
    return session.scalars(select(User).where(User.username == username)).one_or_none()


def _unit(region_code: str) -> CreationUnit:
    return session.scalars(select(CreationUnit).where(CreationUnit.region_code == region_code)).one()


def _options(page: str, name: str) -> list[tuple[str, str]]:
    """The (value, text) options of the first select named `name`."""
    select_html = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', page, re.S).group(1)
    return re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select_html)


def test_the_new_user_page_offers_roles_regions_and_units_by_name_within_the_administrators_county(app):
    admin = _admin(app)
    page = Browser.text(admin.get("/admin/users/new"))
    assert ("official", "经办人员") in _options(page, "role") and ("admin", "管理员") in _options(page, "role")
    assert _options(page, "region") == [
        ("", "— 请选择 —"), (QISHAN, "陕西省 › 宝鸡市 › 岐山县"),
        (f"{QISHAN}101", "陕西省 › 宝鸡市 › 岐山县 › 蔡家坡镇"),
        (f"{QISHAN}101900", "陕西省 › 宝鸡市 › 岐山县 › 蔡家坡镇 › 岐星村")]
    assert [text for _value, text in _options(page, "creation_unit_id")] == ["— 无 —", _unit(QISHAN).name]
    assert problems(page) == [], problems(page)


def test_what_the_pickers_post_creates_and_edits_a_user(app):
    admin = _admin(app)
    admin.get("/admin/users/new")
    created = admin.post("/admin/users/new", [
        ("username", "xiqi.clerk"), ("display_name", "西岐文员"), ("password", "a-long-password"),
        ("role", "applicant"), ("region", QISHAN), ("role", "official"), ("region", f"{QISHAN}101"),
        ("role", ""), ("region", ""),  # the spare blank row
        ("creation_unit_id", str(_unit(QISHAN).id))])
    assert created.status_code == 302
    user = _user("xiqi.clerk")
    assert sorted(user.role_pairs) == [("applicant", QISHAN), ("official", f"{QISHAN}101")]
    assert user.creation_unit_id == _unit(QISHAN).id

    listing = Browser.text(admin.get("/admin/users?q=xiqi"))
    assert "培育创建单位 · 岐山县" in listing and "经办人员 · 蔡家坡镇" in listing and ">启用<" in listing
    assert problems(listing) == [], problems(listing)
    page = Browser.text(admin.get(f"/admin/users/{user.id}"))
    assert problems(page) == [], problems(page)
    assert "停用" in shown_text(page)  # the button of an enabled account
    changed = admin.post(f"/admin/users/{user.id}", [("display_name", "西岐文员"), ("role", "expert"),
                                                     ("region", QISHAN), ("creation_unit_id", "")])
    assert changed.status_code == 302
    user = _user("xiqi.clerk")
    assert user.role_pairs == [("expert", QISHAN)] and user.creation_unit_id is None


def test_a_half_filled_row_or_an_unknown_role_is_refused_beside_the_roles_and_nothing_is_saved(app):
    admin = _admin(app)
    admin.get("/admin/users/new")
    half = admin.post("/admin/users/new", [("username", "half.filled"), ("password", "a-long-password"),
                                           ("role", "official"), ("region", "")])
    assert half.status_code == 422 and "每一行都要同时选择角色和地区。" in Browser.text(half)
    assert re.search(r'<option value="official" selected>', Browser.text(half))  # the rows come back as posted
    typo = admin.post("/admin/users/new", [("username", "half.filled"), ("password", "a-long-password"),
                                           ("role", "oficial"), ("region", QISHAN)])
    assert typo.status_code == 422 and "没有“oficial”这个角色。" in Browser.text(typo)
    assert _user("half.filled") is None


def test_a_region_or_unit_outside_the_administrators_county_is_refused_by_name_and_nothing_changes(app):
    admin = _admin(app)
    admin.get("/admin/users/new")
    outside = admin.post("/admin/users/new", [("username", "luding.mole"), ("password", "a-long-password"),
                                              ("role", "official"), ("region", LUDING)])
    assert outside.status_code == 403
    assert "经办人员 · 泸定县" in Browser.text(outside) and "未作任何更改" in Browser.text(outside)
    assert _user("luding.mole") is None

    create_user("qishan.clerk", PASSWORD, "岐山文员", roles=[("official", QISHAN)])
    clerk = _user("qishan.clerk")
    admin.get(f"/admin/users/{clerk.id}")
    moved = admin.post(f"/admin/users/{clerk.id}", [("display_name", "改名"), ("role", "official"),
                                                    ("region", QISHAN), ("creation_unit_id", str(_unit("450223").id))])
    assert moved.status_code == 403 and "鹿寨县螺蛳粉产业发展有限公司" in Browser.text(moved)
    clerk = _user("qishan.clerk")
    assert (clerk.display_name, clerk.creation_unit_id) == ("岐山文员", None)


def test_disable_and_enable_buttons(app):
    admin = _admin(app)
    create_user("qishan.clerk", PASSWORD, "岐山文员", roles=[("official", QISHAN)])
    clerk = _user("qishan.clerk")
    admin.get(f"/admin/users/{clerk.id}")
    disabled = admin.post(f"/admin/users/{clerk.id}/status", {"active": "0"}, follow_redirects=True)
    assert "已停用岐山文员" in Browser.text(disabled) and 'data-status="disabled"' in Browser.text(disabled)
    assert not _user("qishan.clerk").active and Browser(app).login("qishan.clerk").status_code == 401
    assert ">停用<" in Browser.text(admin.get("/admin/users?q=qishan.clerk"))
    enabled = admin.post(f"/admin/users/{clerk.id}/status", {"active": "1"}, follow_redirects=True)
    assert "已启用岐山文员" in Browser.text(enabled) and _user("qishan.clerk").active
    me = _user("qishan.admin")
    admin.get(f"/admin/users/{me.id}")
    myself = admin.post(f"/admin/users/{me.id}/status", {"active": "0"}, follow_redirects=True)
    assert "不能停用本人账号。" in Browser.text(myself)
    assert _user("qishan.admin").active
    stranger = _user("luding.official")
    assert admin.post(f"/admin/users/{stranger.id}/status", {"active": "0"}).status_code == 404
    assert _user("luding.official").active
