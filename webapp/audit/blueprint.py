"""The URL map of the audit pages (审计); the views are in `views.py`."""

from __future__ import annotations

from flask import Blueprint

from webapp.audit import views

bp = Blueprint("audit", __name__, template_folder="templates")
bp.add_url_rule("/audit", "audit_search", views.audit_search, methods=["GET"])
bp.add_url_rule("/audit/administration", "administration", views.administration, methods=["GET"])
bp.add_url_rule("/audit/verification", "request_verification", views.request_verification, methods=["POST"])
bp.add_url_rule("/audit/events.csv", "audit_csv", views.audit_csv, methods=["GET"])
