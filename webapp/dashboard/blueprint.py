"""The URL map of the dashboard; the views are in `views.py`."""

from __future__ import annotations

from flask import Blueprint

from webapp.dashboard import views

bp = Blueprint("dashboard", __name__, template_folder="templates")
bp.add_url_rule("/dashboard", "page", views.page, methods=["GET"])
bp.add_url_rule("/dashboard.json", "data", views.data, methods=["GET"])
bp.add_url_rule("/dashboard/exports", "request_export", views.request_export, methods=["POST"])
