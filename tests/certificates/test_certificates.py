"""Signed certificates: one per recognizing level, valid for independent validators, readable,
with a QR code to their verification page; tampering and revocation show everywhere."""

from __future__ import annotations

import io
import re
import stat
from pathlib import Path

from tests import walk
from tests.api_client import Api
from tests.certificates.conftest import pdfsig, run
from tests.web.browser_client import Browser
from webapp.audit.models import AdminAction, AdminEvent, AuditAction, AuditEvent
from webapp.certificates.models import Certificate
from webapp.cli import cli
from webapp.db import session
from webapp.worker import issue_pending_certificates

NUMBER = re.compile(r"^LB-(\d{6})-(\d{4})-(\d{5})$")


def _pdf_path(number: str) -> Path:
    certificate = session.query(Certificate).filter_by(number=number).one()
    session.remove()
    return Path(certificate.pdf_path)


def _download(api: Api, number: str) -> bytes:
    response = api.call("GET", f"/certificates/{number}/pdf", walk.APPLICANT, expect=200)
    data = response.data
    response.close()
    return data


def _tampered(pdf: bytes) -> bytes:
    """One byte changed inside the signed range (in the first content stream)."""
    position = pdf.index(b"stream") + 40
    changed = bytearray(pdf)
    changed[position] ^= 0x01
    return bytes(changed)


def test_a_brand_recognized_at_every_level_has_one_certificate_per_level(client):
    api = Api(client)
    application = walk.submit(api)
    walk.endorse(api)
    for level in ("county", "city", "province"):
        walk.recognize_at(api, level, application["instance_id"])
    walk.select_nationally(api)
    with client.application.app_context():
        assert issue_pending_certificates() == 4

    certificates = api.get(f"/brands/{application['brand_id']}", walk.APPLICANT)["certificates"]
    assert [(c["level"], c["region"], c["status"]) for c in certificates] == [
        ("county", "610323", "issued"), ("city", "610300", "issued"), ("province", "610000", "issued"),
        ("nation", "100000", "issued")]
    for certificate in certificates:
        region, year, sequence = NUMBER.match(certificate["number"]).groups()
        assert (region, sequence) == (certificate["region"], "00001")
        assert year == certificate["issued_on"][:4]
        assert len(certificate["pdf_sha256"]) == 64
    with client.application.app_context():
        assert issue_pending_certificates() == 0


def test_poppler_and_pyhanko_both_find_the_signature_valid_and_trusted(county_certificate, nss_db, tmp_path):
    number = county_certificate["certificate"]["number"]
    data = _download(county_certificate["api"], number)
    assert data == _pdf_path(number).read_bytes()
    pdf = tmp_path / "certificate.pdf"
    pdf.write_bytes(data)
    report = pdfsig(nss_db, pdf)
    assert "Signature is Valid." in report and "Certificate is Trusted." in report
    assert "岐山县人力资源和社会保障局" in report and "ETSI.CAdES.detached" in report

    checked = Api(county_certificate["api"].client).post("/verify", None, data={"file": (io.BytesIO(data), "c.pdf")},
                                                         content_type="multipart/form-data")
    assert checked["status"] == "valid"
    assert checked["signature"] == {"signed": True, "intact": True, "trusted": True,
                                    "signer": "岐山县人力资源和社会保障局"}


def test_the_text_is_chinese_with_embedded_fonts_and_the_qr_code_leads_to_the_verification_page(
        county_certificate, tmp_path):
    number = county_certificate["certificate"]["number"]
    pdf = _pdf_path(number)
    text = run("pdftotext", "-layout", str(pdf), "-")
    for expected in ("劳务品牌认定证书", "岐山臊子面师", "岐山县人力资源和社会保障局", number, "县级劳务品牌"):
        assert expected in text, expected
    fonts = run("pdffonts", str(pdf))
    assert "Noto-Serif-CJK-SC" in fonts and "JP" not in fonts
    assert all(line.split()[-5] == "yes" for line in fonts.splitlines()[2:])  # every font embedded

    run("pdftoppm", "-r", "150", "-png", "-singlefile", str(pdf), str(tmp_path / "page"))
    decoded = run("zbarimg", "--quiet", "--raw", str(tmp_path / "page.png")).split()
    certificate = session.query(Certificate).filter_by(number=number).one()
    assert decoded == [f"https://brandcert.test/verify/{number}?t={certificate.token}"]
    session.remove()


def test_one_changed_byte_fails_both_validators_the_upload_page_and_the_cli(
        app, runner, county_certificate, nss_db, tmp_path):
    number = county_certificate["certificate"]["number"]
    bad = tmp_path / "tampered.pdf"
    bad.write_bytes(_tampered(_pdf_path(number).read_bytes()))
    report = pdfsig(nss_db, bad)
    assert "Signature is Valid." not in report and "Digest Mismatch" in report

    api = county_certificate["api"]
    checked = api.post("/verify", None, data={"file": (io.BytesIO(bad.read_bytes()), "x.pdf")},
                       content_type="multipart/form-data")
    assert checked["status"] == "invalid" and checked["signature"]["intact"] is False

    browser = Browser(app)
    browser.get("/verify")
    page = browser.post("/verify", {"file": (io.BytesIO(bad.read_bytes()), "x.pdf")},
                        content_type="multipart/form-data")
    assert 'data-status="invalid"' in browser.text(page) and "文件无效" in browser.text(page)

    result = runner.invoke(cli, ["cert", "verify", str(bad)])
    assert result.exit_code == 1 and "status: invalid" in result.output


def test_verification_by_number_needs_the_printed_code(app, county_certificate):
    number = county_certificate["certificate"]["number"]
    token = session.query(Certificate).filter_by(number=number).one().token
    session.remove()
    api = county_certificate["api"]
    assert api.get(f"/verify/{number}?t={token}", None)["status"] == "valid"
    assert api.get(f"/verify/{number}?t={token.lower().replace('-', '')[:4]}", None)["status"] == "unknown"
    assert api.get(f"/verify/{number}", None)["status"] == "unknown"
    assert api.get(f"/verify/LB-610323-2026-99999?t={token}", None)["status"] == "unknown"
    page = Browser(app).get(f"/verify/{number}?t={token}")
    assert 'data-status="valid"' in Browser.text(page) and "岐山县人力资源和社会保障局" in Browser.text(page)


def test_a_revoked_certificate_shows_revoked_on_the_page_in_the_api_and_in_the_cli(app, runner, county_certificate):
    number = county_certificate["certificate"]["number"]
    result = runner.invoke(cli, ["cert", "revoke", number, "--reason", "培训质量不高，退出资源库"])
    assert result.exit_code == 0, result.output
    certificate = session.query(Certificate).filter_by(number=number).one()
    token, pdf = certificate.token, certificate.pdf_path
    # The case's trail and the administration trail both name who revoked it: the operator's account.
    revoked = session.query(AuditEvent).filter_by(action=AuditAction.CERTIFICATE_REVOKED).one()
    recorded = session.query(AdminEvent).filter_by(action=AdminAction.CERTIFICATE_REVOKED).one()
    assert revoked.actor_name and revoked.actor_name.startswith("command line (")
    assert (recorded.actor_name, recorded.subject) == (revoked.actor_name, f"certificate {number}")
    session.remove()

    api_result = county_certificate["api"].get(f"/verify/{number}?t={token}", None)
    assert api_result["status"] == "revoked"
    assert api_result["certificate"]["revoke_reason"] == "培训质量不高，退出资源库"
    page = Browser.text(Browser(app).get(f"/verify/{number}?t={token}"))
    assert 'data-status="revoked"' in page and "培训质量不高" in page
    cli_result = runner.invoke(cli, ["cert", "verify", pdf])
    assert cli_result.exit_code == 1 and "status: revoked" in cli_result.output and "培训质量不高" in cli_result.output


def test_only_readers_of_the_brand_download_its_pdf(county_certificate):
    number = county_certificate["certificate"]["number"]
    api = county_certificate["api"]
    outsider = api.call("GET", f"/certificates/{number}/pdf", "sichuan.auditor", expect=404).get_json()
    unknown = api.call("GET", "/certificates/LB-610323-2026-99999/pdf", "sichuan.auditor", expect=404).get_json()
    assert outsider["message"].replace(number, "N") == unknown["message"].replace("LB-610323-2026-99999", "N")
    response = api.call("GET", f"/certificates/{number}/pdf", "shaanxi.auditor", expect=200)
    response.close()


def test_private_keys_are_readable_by_their_owner_only(keys_dir):
    key_files = list(keys_dir.glob("*.key"))
    assert len(key_files) == 14  # the development root and 13 authorities of the demo regions
    assert all(stat.S_IMODE(f.stat().st_mode) == 0o600 for f in key_files)
    assert stat.S_IMODE(keys_dir.stat().st_mode) == 0o700
