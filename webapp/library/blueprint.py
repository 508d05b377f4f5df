"""The URL map of the resource library (资源库); the views are in `views.py`."""

from __future__ import annotations

from flask import Blueprint

from webapp.library import views

bp = Blueprint("library", __name__, template_folder="templates")
bp.add_url_rule("/library", "index", views.index, methods=["GET"])
bp.add_url_rule("/library/exports", "request_export", views.request_export, methods=["POST"])
