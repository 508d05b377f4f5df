"""A new key for an authority (PKCS#12 import), a re-issue batch with progress, expiry, numbering."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from tests import walk
from tests.api_client import Api
from tests.certificates.test_certificates import _pdf_path
from tests.factories import make_admin
from webapp import clock
from webapp.certificates.models import Certificate
from webapp.cli import cli
from webapp.db import session
from webapp.worker import issue_pending_certificates


def authority_bundle(common_name: str, password: bytes) -> bytes:
    """What a provincial CA would hand an authority: a key, its certificate and the CA's root."""
    now = datetime.now(UTC)
    root_key = ec.generate_private_key(ec.SECP256R1())
    root_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "陕西省电子认证测试根")])
    root = (x509.CertificateBuilder().subject_name(root_name).issuer_name(root_name)
            .public_key(root_key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=365))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
            .sign(root_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (x509.CertificateBuilder().subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)]))
            .issuer_name(root_name).public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=365))
            .add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False, False), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
            .sign(root_key, hashes.SHA256()))
    return pkcs12.serialize_key_and_certificates(b"authority", key, cert, [root], BestAvailableEncryption(password))


def test_a_new_key_and_a_reissue_batch_with_progress(app, runner, county_certificate, tmp_path):
    number = county_certificate["certificate"]["number"]
    old_pdf = _pdf_path(number).read_bytes()
    bundle = tmp_path / "qishan.p12"
    bundle.write_bytes(authority_bundle("岐山县人力资源和社会保障局（新证书）", b"s3cret-pass"))
    refused = runner.invoke(cli, ["keys", "import", "--region", "610323", "--p12", str(bundle),
                                  "--password-env", "P12_PASSWORD"], env={"P12_PASSWORD": "wrong"})
    assert refused.exit_code == 1 and "PKCS#12" in refused.output
    imported = runner.invoke(cli, ["keys", "import", "--region", "610323", "--p12", str(bundle),
                                   "--password-env", "P12_PASSWORD"], env={"P12_PASSWORD": "s3cret-pass"})
    assert imported.exit_code == 0, imported.output

    api = county_certificate["api"]
    make_admin("shaanxi.admin", "610000", "陕西省管理员")
    api.post("/certificate-batches", "qishan.official", {"region": "610323"}, expect=403)
    batch = api.post("/certificate-batches", "shaanxi.admin", {"region": "610323", "reason": "更换签名证书"},
                     expect=201)
    assert (batch["total"], batch["done"], batch["finished_at"]) == (1, 0, None)
    assert api.get(f"/verify/{number}?t={_token(number)}", None)["status"] == "valid"  # still valid meanwhile

    with app.app_context():
        assert issue_pending_certificates() == 1
    progress = api.get(f"/certificate-batches/{batch['id']}", "shaanxi.admin")
    assert (progress["done"], progress["percent"]) == (1, 100) and progress["finished_at"]

    new_pdf = _pdf_path(number).read_bytes()
    assert new_pdf != old_pdf
    fresh = api.post("/verify", None, data={"file": (io.BytesIO(new_pdf), "n.pdf")}, content_type="multipart/form-data")
    assert (fresh["status"], fresh["superseded"]) == ("valid", False)
    assert fresh["signature"]["signer"] == "岐山县人力资源和社会保障局（新证书）"
    old = api.post("/verify", None, data={"file": (io.BytesIO(old_pdf), "o.pdf")}, content_type="multipart/form-data")
    assert (old["status"], old["superseded"]) == ("valid", True)


def test_a_certificate_past_its_validity_shows_expired(county_certificate):
    number = county_certificate["certificate"]["number"]
    valid_until = datetime.fromisoformat(county_certificate["certificate"]["valid_until"])
    clock.set_now(valid_until.replace(tzinfo=UTC) + timedelta(days=2))
    assert county_certificate["api"].get(f"/verify/{number}?t={_token(number)}", None)["status"] == "expired"


def test_numbers_count_up_per_region_and_year(client):
    api = Api(client)
    numbers = []
    for name in ("岐山臊子面师", "岐山面塑师"):
        application = walk.submit(api, brand_name=name)
        walk.endorse(api)
        walk.recognize_at(api, "county", application["instance_id"], then="keep")
        numbers.append(api.get(f"/brands/{application['brand_id']}", walk.APPLICANT)["certificates"][0]["number"])
    year = numbers[0].split("-")[2]
    assert numbers == [f"LB-610323-{year}-00001", f"LB-610323-{year}-00002"]


def _token(number: str) -> str:
    token = session.query(Certificate).filter_by(number=number).one().token
    session.remove()
    return token
