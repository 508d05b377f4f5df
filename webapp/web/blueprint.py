"""The URL map of the shell: its static files and pages; the views are in `views.py`."""

from __future__ import annotations

from flask import Blueprint

from webapp.web import views

bp = Blueprint("web", __name__, template_folder="templates", static_folder="static", static_url_path="/static/web")
bp.add_url_rule("/", "home", views.home, methods=["GET"])
bp.add_url_rule("/brands/<int:brand_id>", "brand", views.brand, methods=["GET"])
bp.add_url_rule("/language/<code>", "language", views.language, methods=["GET"])
