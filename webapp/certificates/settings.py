"""Where certificate keys and PDFs live and how certificates link back: read from the app's config."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flask import current_app


@dataclass(frozen=True)
class CertificateSettings:
    keys_dir: Path
    """Outside the repository; private keys are written with mode 600."""
    pdf_dir: Path
    public_url: str
    """The address the QR code points to, e.g. https://brandcert.example.gov.cn"""
    valid_years: int


def current() -> CertificateSettings:
    """The running app's certificate settings (BRANDCERT_KEYS, _CERTIFICATES, _PUBLIC_URL, _CERTIFICATE_VALID_YEARS)."""
    config = current_app.config
    return CertificateSettings(keys_dir=Path(config["KEYS_DIR"]), pdf_dir=Path(config["CERTIFICATES_DIR"]),
                               public_url=config["PUBLIC_URL"], valid_years=int(config["CERTIFICATE_VALID_YEARS"]))
