"""The URL map of 我的导出 (my exports); the views are in `views.py`."""

from __future__ import annotations

from flask import Blueprint

from webapp.exports import views

bp = Blueprint("exports", __name__, template_folder="templates")
bp.add_url_rule("/exports", "my_exports", views.my_exports, methods=["GET"])
bp.add_url_rule("/exports/<int:job_id>", "export_job", views.export_job, methods=["GET"])
bp.add_url_rule("/exports/<int:job_id>.json", "export_status", views.export_status, methods=["GET"])
bp.add_url_rule("/exports/<int:job_id>/file", "export_file", views.export_file, methods=["GET"])
