"""Configuration read from the environment; imports no Flask app."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SQLITE = PROJECT_ROOT / "instance" / "brandcert.sqlite"
DEV_SECRET = "dev-only-secret-change-me"


def database_url() -> str:
    """`DATABASE_URL`, or the embedded SQLite file under `instance/`."""
    url = os.environ.get("DATABASE_URL")
    if url:
        if url.startswith("postgresql://"):
            url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
        return url
    DEFAULT_SQLITE.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{DEFAULT_SQLITE}"


def _data_home() -> Path:
    """Signing keys live outside the repository: in $XDG_DATA_HOME (~/.local/share) by default."""
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")


def from_env() -> dict[str, Any]:
    """Settings for `create_app`; every one can be overridden by an environment variable."""
    return {
        "SECRET_KEY": os.environ.get("SECRET_KEY", DEV_SECRET),
        "DATABASE_URL": database_url(),
        "WORKFLOWS_DIR": Path(os.environ.get("BRANDCERT_WORKFLOWS", PROJECT_ROOT / "workflows")),
        "FORMS_DIR": Path(os.environ.get("BRANDCERT_FORMS", PROJECT_ROOT / "forms")),
        "ATTACHMENTS_DIR": Path(os.environ.get("BRANDCERT_ATTACHMENTS", PROJECT_ROOT / "instance" / "attachments")),
        "TOKEN_TTL_HOURS": int(os.environ.get("BRANDCERT_TOKEN_TTL_HOURS", "12")),
        "KEYS_DIR": Path(os.environ.get("BRANDCERT_KEYS", _data_home() / "brandcert" / "keys")),
        "CERTIFICATES_DIR": Path(os.environ.get("BRANDCERT_CERTIFICATES", PROJECT_ROOT / "instance" / "certificates")),
        "EXPORTS_DIR": Path(os.environ.get("BRANDCERT_EXPORTS", PROJECT_ROOT / "instance" / "exports")),
        # The checkpoint witness belongs on a volume the database's holders cannot write (audit/witness.py).
        "AUDIT_WITNESS": Path(os.environ.get("BRANDCERT_AUDIT_WITNESS",
                                             PROJECT_ROOT / "instance" / "audit-witness.jsonl")),
        "PUBLIC_URL": os.environ.get("BRANDCERT_PUBLIC_URL", "http://127.0.0.1:5000"),
        "CERTIFICATE_VALID_YEARS": int(os.environ.get("BRANDCERT_CERTIFICATE_VALID_YEARS", "3")),
        "MAX_CONTENT_LENGTH": 12 * 1024 * 1024,
        "TRUSTED_PROXIES": os.environ.get("BRANDCERT_TRUSTED_PROXIES", ""),
        "SESSION_COOKIE_SECURE": os.environ.get("BRANDCERT_SECURE_COOKIES", "1") != "0",
        "JSON_AS_ASCII": False,
    }
