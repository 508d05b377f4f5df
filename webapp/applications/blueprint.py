"""The URL map of the creation units' applications (我的申报) and their attachments; the views are in
`views.py`."""

from __future__ import annotations

from flask import Blueprint

from webapp.applications import views

bp = Blueprint("applications", __name__, template_folder="templates")
bp.add_url_rule("/applications", "index", views.index, methods=["GET"])
bp.add_url_rule("/applications/new", "new", views.new, methods=["GET", "POST"])
bp.add_url_rule("/applications/<int:application_id>/edit", "edit", views.edit, methods=["GET", "POST"])
bp.add_url_rule("/applications/<int:application_id>", "show", views.show, methods=["GET"])
bp.add_url_rule("/applications/<int:application_id>/print", "print_application", views.print_application,
                methods=["GET"])
bp.add_url_rule("/applications/<int:application_id>/receipt", "receipt", views.receipt, methods=["GET"])
bp.add_url_rule("/attachments/<attachment_id>", "attachment", views.attachment, methods=["GET"])
