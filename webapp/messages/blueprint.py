"""The URL map of the message centre (消息) and the notification settings; the views are in `views.py`."""

from __future__ import annotations

from flask import Blueprint

from webapp.messages import views

bp = Blueprint("messages", __name__, template_folder="templates")
bp.app_context_processor(views.bell)
bp.add_app_template_filter(views.message_kind, "message_kind")
bp.before_request(views.signed_in_only)
bp.add_url_rule("/messages", "index", views.index, methods=["GET"])
bp.add_url_rule("/messages/<int:message_id>/open", "open_message", views.open_message, methods=["POST"])
bp.add_url_rule("/messages/<int:message_id>/read", "mark_read", views.mark_read, methods=["POST"])
bp.add_url_rule("/messages/read-all", "mark_all_read", views.mark_all_read, methods=["POST"])
bp.add_url_rule("/account/notifications", "settings", views.settings, methods=["GET", "POST"])
