"""One region picker everywhere a region is chosen: the audit and library filters, certificate re-issues
and the unit's application and revision forms. Each offers by name (陕西省 › 宝鸡市 › 岐山县) only the regions
the reader may choose; what it posts works, and a code outside the reader's regions is refused by name."""

from __future__ import annotations

import re

from tests import walk
from tests.api_client import Api, application_form
from tests.factories import make_admin
from tests.web.browser_client import Browser, form_items
from tests.web.shown_text import shown_text

CODE = re.compile(r"(?<!\d)(?:\d{12}|\d{9}|\d{6})(?!\d)")


def _options(page: str, name: str) -> list[tuple[str, str]]:
    """The (value, text) options of the select named `name`, with `*` after a selected one's value."""
    found = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', page, re.S)
    assert found, f"no picker named {name}"
    return [(value + ("*" if selected else ""), text) for value, selected, text in
            re.findall(r'<option value="([^"]*)"[^>]*?( selected)?\s*>([^<]*)</option>', found.group(1))]


def _signed_in(app, username: str) -> Browser:
    browser = Browser(app)
    browser.login(username)
    return browser


def test_the_audit_filter_offers_the_citys_regions_by_name_and_refuses_one_outside(app, client):
    city = _signed_in(app, "baoji.official")
    page = Browser.text(city.get("/audit"))
    offered = _options(page, "region")
    assert offered[0] == ("", "不限") and ("610323", "陕西省 › 宝鸡市 › 岐山县") in offered
    assert not any(value.startswith(("513", "450")) for value, _text in offered)  # other provinces
    assert not any(CODE.search(text) for _value, text in offered)
    chosen = Browser.text(city.get("/audit?region=610323"))
    assert ("610323*", "陕西省 › 宝鸡市 › 岐山县") in _options(chosen, "region")
    outside = city.get("/audit?region=513322")
    assert outside.status_code == 403 and "泸定县不在您的管辖范围内。" in Browser.text(outside)
    unknown = city.get("/audit?region=999999")
    assert unknown.status_code == 422 and "请从列表中选择地区。" in Browser.text(unknown)


def test_the_library_filter_offers_the_readers_regions_by_name(app, client):
    county = _signed_in(app, "qishan.official")
    page = Browser.text(county.get("/library"))
    assert [text for _value, text in _options(page, "region")] == [
        "不限", "陕西省 › 宝鸡市 › 岐山县", "陕西省 › 宝鸡市 › 岐山县 › 蔡家坡镇",
        "陕西省 › 宝鸡市 › 岐山县 › 蔡家坡镇 › 岐星村"]
    assert county.get("/library?region=610323101").status_code == 200
    outside = county.get("/library?region=610326")
    assert outside.status_code == 403 and "眉县不在您的管辖范围内。" in Browser.text(outside)


def test_re_issues_offer_the_authorities_of_the_administrators_regions(app, client):
    make_admin("baoji.admin", "610300", "宝鸡市管理员")
    admin = _signed_in(app, "baoji.admin")
    page = Browser.text(admin.get("/admin/certificates"))
    assert [text for _value, text in _options(page, "region")] == [  # no township or village: they issue none
        "— 请选择 —", "陕西省 › 宝鸡市", "陕西省 › 宝鸡市 › 岐山县", "陕西省 › 宝鸡市 › 眉县"]
    assert not any(CODE.search(text) for text in shown_text(page))
    none_yet = admin.post("/admin/certificates", {"region": "610326", "reason": "换钥"}, follow_redirects=True)
    assert "眉县没有可重新签发的证书。" in Browser.text(none_yet)
    nothing = admin.post("/admin/certificates", {"region": "", "reason": "换钥"}, follow_redirects=True)
    assert "请选择发证机关所在的地区。" in Browser.text(nothing)
    outside = admin.post("/admin/certificates", {"region": "513322", "reason": "越权"})
    assert outside.status_code == 403 and "泸定县不在您的管辖范围内。" in Browser.text(outside)


def test_the_units_revision_shows_its_region_by_name_as_the_new_application_does(app, client):
    api = Api(client)
    walk.submit(api)
    walk.endorse(api)
    walk.intake(api, "county", decision="return", comment="请补充培训台账。")
    unit = _signed_in(app, walk.APPLICANT)
    new = _options(Browser.text(unit.get("/applications/new")), "base_region")
    assert ("610323101900", "陕西省 › 宝鸡市 › 岐山县 › 蔡家坡镇 › 岐星村") in new
    revision = api.only_task(walk.APPLICANT)
    page = Browser.text(unit.get(f"/tasks/{revision['id']}"))
    # the region cannot change after submission: the picker holds the one the case was filed for
    assert _options(page, "base_region") == [("", "— 请选择 —"),
                                             ("610323101900*", "陕西省 › 宝鸡市 › 岐山县 › 蔡家坡镇 › 岐星村")]
    assert [text for text in shown_text(page) if CODE.search(text)] == []
    done = unit.post(f"/tasks/{revision['id']}", form_items(application_form(trained_this_year=900)))
    assert done.status_code == 302
