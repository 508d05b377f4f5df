"""The URL map of the operators' endpoint; the view is in `health.py`."""

from __future__ import annotations

from flask import Blueprint

from webapp.ops import health

bp = Blueprint("ops", __name__)
bp.add_url_rule("/healthz", "health", health.health, methods=["GET"])
