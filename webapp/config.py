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
        "PAGE_SIZE": int(os.environ.get("BRANDCERT_PAGE_SIZE", "50")),  # rows on a page of every list (webapp.paging)
        "TRUSTED_PROXIES": os.environ.get("BRANDCERT_TRUSTED_PROXIES", ""),
        "SESSION_COOKIE_SECURE": os.environ.get("BRANDCERT_SECURE_COOKIES", "1") != "0",
        "JSON_AS_ASCII": False,
        **_channels(),
    }


def _channels() -> dict[str, Any]:
    """Where messages go besides the app (README "Notifications: channels"): a channel whose host or
    URL is empty is off, and its deliveries wait, retried, with the reason shown to administrators."""
    env = os.environ.get
    return {
        "SMTP_HOST": env("BRANDCERT_SMTP_HOST", ""),
        "SMTP_PORT": int(env("BRANDCERT_SMTP_PORT") or "0"),  # 0: 465 with SMTP_SSL, else 587 or 25 (STARTTLS or not)
        "SMTP_USER": env("BRANDCERT_SMTP_USER", ""),
        "SMTP_PASSWORD": env("BRANDCERT_SMTP_PASSWORD", ""),
        "SMTP_STARTTLS": env("BRANDCERT_SMTP_STARTTLS", "1") != "0",
        "SMTP_SSL": env("BRANDCERT_SMTP_SSL", "0") == "1",
        "SMTP_TIMEOUT": float(env("BRANDCERT_SMTP_TIMEOUT", "30")),
        "MAIL_FROM": env("BRANDCERT_MAIL_FROM", ""),
        "WEBHOOK_URL": env("BRANDCERT_WEBHOOK_URL", ""),
        "WEBHOOK_SECRET": env("BRANDCERT_WEBHOOK_SECRET", ""),
        "WEBHOOK_FORMAT": env("BRANDCERT_WEBHOOK_FORMAT", "brandcert"),
        "WEBHOOK_TIMEOUT": float(env("BRANDCERT_WEBHOOK_TIMEOUT", "10")),
        "TLS_CAFILE": env("BRANDCERT_TLS_CAFILE", ""),
        "DELIVERY_LEASE_SECONDS": float(env("BRANDCERT_DELIVERY_LEASE_SECONDS", "300")),
        "DELIVERY_ATTEMPTS": int(env("BRANDCERT_DELIVERY_ATTEMPTS", "10")),
        "DELIVERY_BACKOFF_SECONDS": float(env("BRANDCERT_DELIVERY_BACKOFF_SECONDS", "60")),
        "DELIVERY_BATCH": int(env("BRANDCERT_DELIVERY_BATCH", "20")),
        "DIGEST_AT": env("BRANDCERT_DIGEST_AT", "08:30"),  # Beijing time of the daily digest, on working days
    }
