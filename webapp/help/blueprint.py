"""The URL map of the help pages (帮助); the views are in `views.py`."""

from __future__ import annotations

from flask import Blueprint

from webapp.help import views

bp = Blueprint("help", __name__, template_folder="templates")
bp.add_app_template_global(views.help_link)
bp.add_url_rule("/help", "index", views.index, methods=["GET"])
bp.add_url_rule("/help/<role>", "guide", views.guide, methods=["GET"])
