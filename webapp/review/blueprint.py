"""The URL map of the inbox and the task pages (待办); the views are in `views.py`."""

from __future__ import annotations

from flask import Blueprint

from webapp.review import views

bp = Blueprint("review", __name__, template_folder="templates")
bp.add_url_rule("/inbox", "inbox", views.inbox, methods=["GET"])
bp.add_url_rule("/tasks/<int:task_id>", "task", views.task, methods=["GET", "POST"])
bp.add_url_rule("/tasks/<int:task_id>/print", "print_task", views.print_task, methods=["GET"])
bp.add_url_rule("/tasks/<int:task_id>/claim", "claim", views.claim, methods=["POST"])
bp.add_url_rule("/tasks/<int:task_id>/unclaim", "unclaim", views.unclaim, methods=["POST"])
