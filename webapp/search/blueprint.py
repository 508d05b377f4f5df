"""The URL map of the header's search; the views are in `views.py`."""

from __future__ import annotations

from flask import Blueprint

from webapp.search import views

bp = Blueprint("search", __name__, template_folder="templates")
bp.add_url_rule("/search", "results", views.results, methods=["GET"])
