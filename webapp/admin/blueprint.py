"""The URL map of the installation's administration pages under /admin that no capability owns: the
undelivered messages. The other /admin pages belong to the package that does the work: users
(`people`), processes and forms (`designer`), the calendar (`holidays`), certificate re-issues
(`certificates`)."""

from __future__ import annotations

from flask import Blueprint

from webapp.admin import views
from webapp.auth import guards

bp = Blueprint("admin", __name__, template_folder="templates", url_prefix="/admin")
bp.before_request(guards.administrators_only)
bp.add_url_rule("/deliveries", "deliveries", views.deliveries, methods=["GET"])
bp.add_url_rule("/deliveries/<int:delivery_id>/retry", "retry_delivery", views.retry_delivery, methods=["POST"])
