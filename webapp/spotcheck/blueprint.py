"""The URL map of the spot check campaigns (抽查); the views are in `views.py`."""

from __future__ import annotations

from flask import Blueprint

from webapp.spotcheck import views

bp = Blueprint("spotcheck", __name__, template_folder="templates")
bp.add_url_rule("/spotchecks", "campaigns", views.campaigns, methods=["GET", "POST"])
bp.add_url_rule("/spotchecks/<int:campaign_id>", "campaign", views.campaign, methods=["GET"])
