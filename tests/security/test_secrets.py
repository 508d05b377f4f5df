"""No secret in the repository: no tracked file holds a private key (PEM or PKCS#12), an `.env` file,
a cloud or chat token, or a hard-coded secret key or password, other than the two the README
documents (the demo password, and the development secret that production refuses to start with);
`.gitignore` keeps keys, keystores, databases, PDFs and `.env` files out; and production refuses the
development secret however it is given, and an empty one. The scanner is shown to find what it
looks for in planted files, so a clean result means something."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from webapp.config import DEV_SECRET, PROJECT_ROOT
from webapp.demo.data import PASSWORD

PEM_PRIVATE_KEY = re.compile("-----BEGIN " + r"(?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?" + "-----")
TOKENS = {  # shapes of well-known credentials
    "AWS access key": re.compile(r"\bA(?:KIA|SIA)[0-9A-Z]{16}\b"),
    "GitHub token": re.compile(r"\bgh[pousr]_[A-Za-z0-9]{36,}\b"),
    "Slack token": re.compile(r"\bxox[abprs]-[A-Za-z0-9-]{10,}"),
    "Google API key": re.compile(r"\bAIza[0-9A-Za-z_-]{35}\b"),
}
ASSIGNED = re.compile(r"""(?ix) \b(\w*(?:secret(?:_?key)?|passw(?:or)?d|pwd|api_?key|access_?key|token|private_?key))\b
                          ["']? (?:\s*:\s*\w+)? \s* [:=] \s* [rbf]? ["']([^"'\s]{4,})["']""")
"""A literal given to a name that ends like a credential's (`SECRET_KEY = "…"`, `smtp_password: str = "…"`,
`"password": "…"`); not `TOKEN_ALPHABET`, which only starts like one."""
ALLOWED = {
    PASSWORD: "the demo password the README documents",
    DEV_SECRET: "the development secret that production refuses",
    "K7Q2-M9XD": "the README's example verification code, not a credential",
}
KEYSTORES = (".p12", ".pfx", ".jks", ".keystore", ".key")
PKCS7_DATA = bytes.fromhex("2a864886f70d010701")
"""The OID that opens every PKCS#12 file's authenticated safe."""


def tracked() -> list[str]:
    listing = subprocess.run(["git", "ls-files", "-z"], cwd=PROJECT_ROOT, capture_output=True, check=True).stdout
    return [name for name in listing.decode().split("\0") if name]


def _pkcs12(data: bytes) -> bool:
    """A DER SEQUENCE whose first element is INTEGER 3 (PFX version), holding PKCS#7 data."""
    return data[:1] == b"\x30" and b"\x02\x01\x03\x30" in data[:12] and PKCS7_DATA in data[:64]


def scan(root: Path, names: Iterable[str]) -> list[str]:
    """Every secret-looking thing among `names` (paths under `root`), as `path: what`."""
    found = []
    for name in names:
        path, base = root / name, Path(name).name
        if base == ".env" or (base.startswith(".env.") and base != ".env.example"):
            found.append(f"{name}: an .env file")
        if base.lower().endswith(KEYSTORES):
            found.append(f"{name}: a key or keystore file")
        data = path.read_bytes()
        if _pkcs12(data):
            found.append(f"{name}: a PKCS#12 bundle")
        text = data.decode("utf-8", errors="replace")
        if PEM_PRIVATE_KEY.search(text):
            found.append(f"{name}: a PEM private key")
        found += [f"{name}: a {kind}" for kind, shape in TOKENS.items() if shape.search(text)]
        if name.startswith("tests/"):
            continue  # tests sign in with throwaway passwords of their own
        for variable, value in ASSIGNED.findall(text):
            if value not in ALLOWED and "$" not in value:  # $…: a shell variable, made when it runs
                found.append(f"{name}: {variable} is assigned a literal")
    return found


def test_no_tracked_file_holds_a_secret():
    names = tracked()
    assert len(names) > 100 and "webapp/config.py" in names
    assert scan(PROJECT_ROOT, names) == []


def _key_and_certificate() -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "planted")])
    now = datetime.now(UTC)
    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
                   .serial_number(1).not_valid_before(now).not_valid_after(now + timedelta(days=1))
                   .sign(key, hashes.SHA256()))
    return key, certificate


def test_the_scanner_finds_planted_keys_keystores_tokens_and_passwords(tmp_path):
    key, certificate = _key_and_certificate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    bundle = pkcs12.serialize_key_and_certificates(b"authority", key, certificate, None,
                                                   serialization.BestAvailableEncryption(b"pass-phrase"))
    planted = {
        "webapp/keys/authority.pem": pem,
        "docs/notes.md": b"Paste this:\n" + pem,
        "instance/authority.bin": bundle,  # a PKCS#12 bundle under an innocent name
        "instance/authority.pfx": b"whatever",
        ".env": b"DATABASE_URL=postgresql://x\n",
        "webapp/settings.py": b'SECRET_KEY = "9f2c4e7a1b3d"\nsmtp_password: str = "hunter2-hunter2"\n',
        "deploy/app.toml": b'api_key = "live-3f9a8c2e"\n',
        "bench/load.sh": b"export GITHUB_TOKEN=ghp_" + b"a1B2" * 9 + b"\n",
        "webapp/ok.py": f'PASSWORD = "{PASSWORD}"\nDEV = "{DEV_SECRET}"\nSECRET_KEY = "$SECRET"\n'.encode(),
        "tests/test_login.py": b'password = "not-the-password"\n',
    }
    for name, content in planted.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(content)
    assert scan(tmp_path, planted) == [
        "webapp/keys/authority.pem: a PEM private key",
        "docs/notes.md: a PEM private key",
        "instance/authority.bin: a PKCS#12 bundle",
        "instance/authority.pfx: a key or keystore file",
        ".env: an .env file",
        "webapp/settings.py: SECRET_KEY is assigned a literal",
        "webapp/settings.py: smtp_password is assigned a literal",
        "deploy/app.toml: api_key is assigned a literal",
        "bench/load.sh: a GitHub token",
    ]


@pytest.mark.parametrize("path", [
    "keys/authority-610300.pem", "instance/keys/audit-checkpoint-ed25519.pem", "bundle.p12", "bundle.pfx",
    "server.key", "instance/brandcert.sqlite", "data.db", "test.sqlite3", "certificates/2026/LB-610300.pdf",
    "report.pdf", ".env", "deploy/.env.production",
])
def test_gitignore_keeps_keys_databases_pdfs_and_env_files_out(path):
    result = subprocess.run(["git", "check-ignore", "--no-index", "-q", path], cwd=PROJECT_ROOT, check=False)
    assert result.returncode == 0, f"{path} is not ignored"


def test_production_refuses_to_start_with_the_development_secret_or_none(database_url):
    base = {key: value for key, value in os.environ.items() if key != "SECRET_KEY"} | {"DATABASE_URL": database_url}
    secrets = {"unset": None, "the development secret": DEV_SECRET, "empty": "", "blank": "   ",
               "a real one": "a-real-secret-from-the-environment"}
    starts = {what: subprocess.Popen([sys.executable, "-c", "import webapp.wsgi"], cwd=PROJECT_ROOT,
                                     env=base if secret is None else base | {"SECRET_KEY": secret},
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
              for what, secret in secrets.items()}  # at once: each import takes a second or two
    answers = {what: process.communicate(timeout=60)[1] for what, process in starts.items()}
    assert starts.pop("a real one").returncode == 0
    for what, process in starts.items():
        code, stderr = process.returncode, answers[what]
        assert code == 1 and "refusing to serve production traffic" in stderr, (what, stderr)
