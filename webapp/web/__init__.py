"""Pages for people in the browser. Until the web interface lands, the home page points to the API."""

from __future__ import annotations

from typing import Any

from flask import Blueprint

bp = Blueprint("web", __name__)


@bp.get("/")
def home() -> Any:
    return {
        "service": "brandcert",
        "description": "劳务品牌逐级推荐认定、抽查与退出 / labor-brand recognition and supervision",
        "api": "/api/v1",
        "openapi": "/api/v1/openapi.json",
        "sign_in": "POST /api/v1/auth/token with {username, password}",
    }
