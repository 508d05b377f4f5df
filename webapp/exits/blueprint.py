"""The URL map of the exit actions on a brand's page; the views are in `views.py`."""

from __future__ import annotations

from flask import Blueprint

from webapp.exits import views

bp = Blueprint("exits", __name__)
bp.add_url_rule("/brands/<int:brand_id>/exit-proposal", "propose", views.propose, methods=["POST"])
bp.add_url_rule("/brands/<int:brand_id>/withdrawal", "withdraw", views.withdraw, methods=["POST"])
