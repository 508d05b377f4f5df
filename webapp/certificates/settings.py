"""Where certificate keys and PDFs live and how certificates link back; set by `create_app`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class CertificateSettings:
    keys_dir: Path
    """Outside the repository; private keys are written with mode 600."""
    pdf_dir: Path
    public_url: str
    """The address the QR code points to, e.g. https://brandcert.example.gov.cn"""
    valid_years: int


_settings: CertificateSettings | None = None


def configure(settings: CertificateSettings) -> None:
    global _settings
    _settings = settings


def current() -> CertificateSettings:
    if _settings is None:
        raise RuntimeError("certificates.settings.configure() was not called")
    return _settings
