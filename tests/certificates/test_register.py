"""The register of certificates on the web: each reader sees the certificates of the authorities within his
jurisdiction, filtered by brand, authority, level, status and year; the administrators of the issuing
region (or above) revoke one with a reason, once, and the verification page and both trails then say so."""

from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy import func, select

from tests import walk
from tests.api_client import Api
from tests.factories import make_admin
from tests.web.browser_client import Browser
from webapp.audit.models import AdminAction, AdminEvent, AuditAction, AuditEvent
from webapp.certificates.models import Certificate
from webapp.db import session
from webapp.workdays import calendar
from webapp.worker import issue_pending_certificates

TWO_LEVELS, ONE_LEVEL = "岐山面匠", "岐山擀面皮师"
ROW = re.compile(r'<tr data-list-row data-number="([^"]+)" data-status="([^"]+)"')


@pytest.fixture
def register(client: Any) -> dict[str, str]:
    """岐山面匠 recognized at the county and the city, 岐山擀面皮师 at the county: three signed certificates;
    and an administrator of Shaanxi and one of Sichuan."""
    api = Api(client)
    brands = {}
    for name, levels in ((TWO_LEVELS, ("county", "city")), (ONE_LEVEL, ("county",))):
        application = walk.submit(api, brand_name=name)
        walk.endorse(api)
        for level in levels:
            last = level == levels[-1]
            walk.recognize_at(api, level, application["instance_id"], then="keep" if last else "recommend")
        brands[application["brand_id"]] = name
    with client.application.app_context():
        assert issue_pending_certificates() == 3
    make_admin("shaanxi.admin", "610000", "陕西省系统管理员")
    make_admin("sichuan.admin", "510000", "四川省系统管理员")
    found = session.execute(select(Certificate.number, Certificate.brand_id, Certificate.level)).all()
    session.remove()
    return {f"{brands[brand_id]}@{level}": number for number, brand_id, level in found}


def _browser(app: Any, username: str) -> Browser:
    browser = Browser(app)
    browser.client.set_cookie("lang", "en")
    browser.login(username)
    return browser


def _listed(browser: Browser, query: str = "", status: int = 200) -> list[str]:
    response = browser.get(f"/certificates{query}")
    assert response.status_code == status, Browser.text(response)[:2000]
    return sorted(number for number, _status in ROW.findall(Browser.text(response)))


def test_each_reader_sees_the_certificates_of_the_authorities_in_his_jurisdiction(app, register):
    county = sorted([register[f"{TWO_LEVELS}@county"], register[f"{ONE_LEVEL}@county"]])
    assert _listed(_browser(app, "qishan.official")) == county
    assert _listed(_browser(app, "baoji.official")) == sorted(register.values())
    assert _listed(_browser(app, "shaanxi.auditor")) == sorted(register.values())
    assert _listed(_browser(app, "meixian.official")) == []
    assert _listed(_browser(app, "sichuan.auditor")) == []
    # The neighbouring county cannot aim the filter at 岐山, and creation units and experts read no register.
    refused = _browser(app, "meixian.official").get("/certificates?authority=610323")
    assert refused.status_code == 403 and "岐山县" in Browser.text(refused)
    assert _browser(app, walk.APPLICANT).get("/certificates").status_code == 403
    assert _browser(app, "qishan.expert1").get("/certificates").status_code == 403


def test_the_filters_narrow_the_register(app, register):
    city = _browser(app, "baoji.official")
    assert _listed(city, f"?q={ONE_LEVEL}") == [register[f"{ONE_LEVEL}@county"]]
    assert _listed(city, f"?q={register[f'{TWO_LEVELS}@city']}") == [register[f"{TWO_LEVELS}@city"]]
    assert _listed(city, "?level=city") == [register[f"{TWO_LEVELS}@city"]]
    assert _listed(city, "?authority=610300") == [register[f"{TWO_LEVELS}@city"]]
    assert _listed(city, "?year=2026&status=issued") == sorted(register.values())
    assert _listed(city, "?year=2025") == []
    assert _listed(city, "?status=revoked") == []
    page = Browser.text(city.get("/certificates?year=20x6&status=lost"))
    assert "Enter a year such as 2026." in page and "Choose issued or revoked." in page
    # Each row links to its PDF and to its public verification page (with the code printed on it).
    token = session.scalar(select(Certificate.token).where(Certificate.number == register[f"{ONE_LEVEL}@county"]))
    session.remove()
    page = Browser.text(city.get(f"/certificates?q={ONE_LEVEL}"))
    number = register[f"{ONE_LEVEL}@county"]
    assert f'href="/certificates/{number}.pdf"' in page and f'href="/verify/{number}?t={token}"' in page
    pdf = city.client.get(f"/certificates/{number}.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    pdf.close()


def test_an_administrator_of_the_region_revokes_with_a_reason_once(app, register):
    number = register[f"{ONE_LEVEL}@county"]
    admin = _browser(app, "shaanxi.admin")
    assert f'href="/certificates/{number}/revoke"' in Browser.text(admin.get(f"/certificates?q={number}"))
    form = admin.get(f"/certificates/{number}/revoke")
    assert form.status_code == 200 and 'id="revoke-form"' in Browser.text(form)

    empty = admin.post(f"/certificates/{number}/revoke", {"reason": "  "})
    assert empty.status_code == 422 and "This field is required." in Browser.text(empty)
    assert _status(number) == ("issued", None)

    done = admin.post(f"/certificates/{number}/revoke", {"reason": "培训质量不高，退出资源库"})
    assert done.status_code == 302 and done.headers["Location"] == f"/certificates?q={number}"
    listed = Browser.text(admin.get(done.headers["Location"]))
    assert f"Certificate {number} is revoked" in listed and "培训质量不高" in listed
    assert f'href="/certificates/{number}/revoke"' not in listed
    assert _status(number) == ("revoked", "培训质量不高，退出资源库")
    # The verification page says revoked, with the day and the reason; both trails name the administrator.
    token = session.scalar(select(Certificate.token).where(Certificate.number == number))
    session.remove()
    verified = Browser.text(_browser(app, "sichuan.auditor").get(f"/verify/{number}?t={token}"))
    today = calendar.today().isoformat()  # the walk let notice periods pass: not the pinned day
    assert 'data-status="revoked"' in verified and f"revoked on {today}" in verified
    assert "培训质量不高，退出资源库" in verified
    recorded = session.scalars(select(AdminEvent).where(AdminEvent.action == AdminAction.CERTIFICATE_REVOKED)).one()
    case_event = session.scalars(select(AuditEvent).where(AuditEvent.action == AuditAction.CERTIFICATE_REVOKED)).one()
    assert (recorded.actor_name, recorded.subject, recorded.region_code) == (
        "陕西省系统管理员", f"certificate {number}", "610323")
    assert recorded.data == {"reason": "培训质量不高，退出资源库", "level": "county"}
    assert case_event.actor_name == "陕西省系统管理员"
    session.remove()

    again = admin.post(f"/certificates/{number}/revoke", {"reason": "再撤销一次"})
    assert again.status_code == 409 and f"{number} was already revoked on {today}" in Browser.text(again)
    assert _status(number) == ("revoked", "培训质量不高，退出资源库")
    assert _admin_events() == 1
    assert "already-revoked" in Browser.text(admin.get(f"/certificates/{number}/revoke"))
    assert _listed(admin, "?status=revoked") == [number]


def test_officials_and_administrators_of_elsewhere_may_not_revoke(app, register):
    number = register[f"{TWO_LEVELS}@city"]
    official = _browser(app, "baoji.official")  # reads the certificate, administers nothing
    assert 'data-revoke' not in Browser.text(official.get("/certificates"))
    page = official.get(f"/certificates/{number}/revoke")
    assert page.status_code == 200 and 'id="revoke-form"' not in Browser.text(page)
    assert "Only the administrators of 宝鸡市" in Browser.text(page)
    refused = official.post(f"/certificates/{number}/revoke", {"reason": "越权撤销"})
    assert refused.status_code == 403 and "Only the administrators of 宝鸡市" in Browser.text(refused)

    outsider = _browser(app, "sichuan.admin")  # another province's: the number says nothing to him
    assert outsider.get(f"/certificates/{number}/revoke").status_code == 404
    assert outsider.post(f"/certificates/{number}/revoke", {"reason": "越权撤销"}).status_code == 404
    assert outsider.get("/certificates/LB-610300-2026-99999/revoke").status_code == 404
    assert _status(number) == ("issued", None)
    assert _admin_events() == 0


def test_the_register_and_the_revocation_read_in_chinese(app, register):
    browser = Browser(app)
    browser.login("shaanxi.admin")
    page = Browser.text(browser.get("/certificates"))
    assert "证书" in page and "撤销…" in page and "核验页面" in page
    number = register[f"{ONE_LEVEL}@county"]
    form = Browser.text(browser.get(f"/certificates/{number}/revoke"))
    assert "撤销原因" in form and "撤销证书" in form


def _status(number: str) -> tuple[str, str | None]:
    status, reason = session.execute(select(Certificate.status, Certificate.revoke_reason)
                                     .where(Certificate.number == number)).one()
    session.remove()
    return str(status), reason


def _admin_events() -> int:
    count = session.scalar(select(func.count()).select_from(AdminEvent)
                           .where(AdminEvent.action == AdminAction.CERTIFICATE_REVOKED))
    session.remove()
    return int(count or 0)
