"""Signing keys: a local certificate authority with one signing certificate per authority for
development and the demo (`brandcert keys init`), and PKCS#12 import for production.

Signing certificates carry the e-mail protection extended key usage, which poppler's `pdfsig`
expects of a document-signing certificate. Keys are EC P-256: loading and signing stay fast.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from sqlalchemy import select

from webapp.certificates.models import SigningIdentity
from webapp.certificates.settings import current
from webapp.db import session
from webapp.errors import Invalid
from webapp.i18n import _
from webapp.regions.models import Region, RegionLevel

CA_NAME = "brandcert development root (not for production)"
PEM = serialization.Encoding.PEM


def authority_name(region: Region) -> str | None:
    level = session.get(RegionLevel, region.level)
    return f"{region.name}{level.authority_suffix}" if level and level.authority_suffix else None


def init_development_identities() -> list[SigningIdentity]:
    """Step: a signing identity for every region whose level has an authority and has none yet."""
    ca_cert, ca_key = _development_ca()
    created = []
    for region in session.scalars(select(Region).order_by(Region.path)):
        name = authority_name(region)
        if name is None or active_identity(region.code) is not None:
            continue
        created.append(_development_identity(region, name, ca_cert, ca_key))
    session.flush()
    return created


def import_pkcs12(region_code: str, data: bytes, password: bytes | None) -> SigningIdentity:
    """Step: use an authority's PKCS#12 bundle from now on (the previous identity is retired)."""
    if session.get(Region, region_code) is None:
        raise Invalid(_("There is no region with code %(code)s.", code=region_code))
    try:
        key, cert, chain = pkcs12.load_key_and_certificates(data, password)
    except ValueError as error:
        raise Invalid(_("The PKCS#12 file could not be read: %(error)s", error=str(error))) from None
    if key is None or cert is None:
        raise Invalid(_("The PKCS#12 file holds no key and certificate."))
    names = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    authority = str(names[0].value) if names else region_code
    key_path = _write_secret(f"{region_code}-{cert.serial_number:x}.key", _key_pem(key))
    for old in session.scalars(select(SigningIdentity).where(SigningIdentity.region_code == region_code)):
        old.active = False
    identity = SigningIdentity(region_code=region_code, authority=authority, key_path=str(key_path), source="pkcs12",
                               certificate_pem=cert.public_bytes(PEM).decode(),
                               chain_pem="".join(c.public_bytes(PEM).decode() for c in chain or []))
    session.add(identity)
    session.flush()
    return identity


def active_identity(region_code: str) -> SigningIdentity | None:
    return session.scalars(select(SigningIdentity).where(
        SigningIdentity.region_code == region_code, SigningIdentity.active.is_(True))).first()


def trust_roots_pem() -> list[bytes]:
    """Self-signed certificates among all identities' chains: the roots a signature must chain to."""
    roots: dict[bytes, bytes] = {}
    for chain in session.scalars(select(SigningIdentity.chain_pem)):
        for cert in x509.load_pem_x509_certificates(chain.encode()) if chain.strip() else []:
            if cert.issuer == cert.subject:
                roots[cert.fingerprint(hashes.SHA256())] = cert.public_bytes(PEM)
    return list(roots.values())


def _development_ca() -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey]:
    directory = current().keys_dir
    cert_path, key_path = directory / "ca.pem", directory / "ca.key"
    if cert_path.exists() and key_path.exists():
        key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
        assert isinstance(key, ec.EllipticCurvePrivateKey)
        return x509.load_pem_x509_certificate(cert_path.read_bytes()), key
    key = ec.generate_private_key(ec.SECP256R1())
    name = _name(CA_NAME)
    now = datetime.now(UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(_key_usage(cert_sign=True), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .sign(key, hashes.SHA256()))
    _write_secret("ca.key", _key_pem(key))
    cert_path.write_bytes(cert.public_bytes(PEM))
    return cert, key


def _development_identity(region: Region, authority: str, ca_cert: x509.Certificate,
                          ca_key: ec.EllipticCurvePrivateKey) -> SigningIdentity:
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.now(UTC)
    cert = (x509.CertificateBuilder().subject_name(_name(authority)).issuer_name(ca_cert.subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=1825))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(_key_usage(cert_sign=False), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256()))
    key_path = _write_secret(f"{region.code}-{cert.serial_number:x}.key", _key_pem(key))
    identity = SigningIdentity(region_code=region.code, authority=authority, key_path=str(key_path),
                               certificate_pem=cert.public_bytes(PEM).decode(),
                               chain_pem=ca_cert.public_bytes(PEM).decode(), source="development")
    session.add(identity)
    return identity


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "brandcert"),
                      x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _key_usage(*, cert_sign: bool) -> x509.KeyUsage:
    return x509.KeyUsage(digital_signature=not cert_sign, content_commitment=not cert_sign, key_encipherment=False,
                         data_encipherment=False, key_agreement=False, key_cert_sign=cert_sign, crl_sign=cert_sign,
                         encipher_only=False, decipher_only=False)


def _key_pem(key: object) -> bytes:
    return key.private_bytes(PEM, serialization.PrivateFormat.PKCS8,  # type: ignore[attr-defined]
                             serialization.NoEncryption())


def _write_secret(name: str, content: bytes) -> Path:
    directory = current().keys_dir
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(directory, 0o700)
    path = directory / name
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(content)
    os.chmod(path, 0o600)
    return path
