"""The URL map of the history pages; the views are in `views.py`."""

from __future__ import annotations

from flask import Blueprint

from webapp.history import views

bp = Blueprint("history", __name__, template_folder="templates")
bp.add_app_template_filter(views.case_kind, "case_kind")
bp.add_app_template_filter(views.actor_words, "actor_words")
bp.add_url_rule("/brands/<int:brand_id>/history", "brand", views.brand, methods=["GET"])
bp.add_url_rule("/brands/<int:brand_id>/history.pdf", "brand_report", views.brand_report, methods=["GET"])
bp.add_url_rule("/cases/<int:instance_id>/diagram", "diagram", views.diagram, methods=["GET"])
bp.add_url_rule("/cases/<int:instance_id>/path.json", "path", views.path, methods=["GET"])
bp.add_url_rule("/cases/<int:instance_id>/attachments/<attachment_id>", "attachment", views.attachment,
                methods=["GET"])
