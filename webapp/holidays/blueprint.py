"""The URL map of the working-day calendar (工作日历, /admin/calendar); the views are in `views.py`."""

from __future__ import annotations

from flask import Blueprint

from webapp.holidays import views

bp = Blueprint("holidays", __name__, template_folder="templates", url_prefix="/admin/calendar")
bp.app_context_processor(views.calendar_reminder)
bp.before_request(views.national_administrators_only)
bp.add_url_rule("", "years", views.years, methods=["GET", "POST"])
bp.add_url_rule("/<int:year>", "year", views.year, methods=["GET"])
