"""The URL map of the certificate pages: the register, downloads, revocation, re-issues and the public
verification; the views are in `views.py`."""

from __future__ import annotations

from flask import Blueprint

from webapp.certificates import views

bp = Blueprint("certificates", __name__, template_folder="templates")
bp.add_url_rule("/verify", "verify_form", views.verify_form, methods=["GET"])
bp.add_url_rule("/verify/<number>", "verify_number", views.verify_number, methods=["GET"])
bp.add_url_rule("/verify", "verify_upload", views.verify_upload, methods=["POST"])
bp.add_url_rule("/certificates/<number>.pdf", "download", views.download, methods=["GET"])
bp.add_url_rule("/certificates", "register_page", views.register_page, methods=["GET"])
bp.add_url_rule("/certificates/<number>/revoke", "revoke", views.revoke, methods=["GET", "POST"])
bp.add_url_rule("/admin/certificates", "batches", views.batches, methods=["GET", "POST"])
