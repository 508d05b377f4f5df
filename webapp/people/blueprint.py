"""The URL map of user administration (用户管理, /admin/users); the views are in `views.py` and
`substitute_views.py`."""

from __future__ import annotations

from flask import Blueprint

from webapp.auth import guards
from webapp.people import substitute_views, views

bp = Blueprint("people", __name__, template_folder="templates", url_prefix="/admin/users")
bp.before_request(guards.administrators_only)
bp.add_url_rule("", "users", views.users, methods=["GET"])
bp.add_url_rule("/new", "new_user", views.new_user, methods=["GET", "POST"])
bp.add_url_rule("/<int:user_id>", "edit_user", views.edit_user, methods=["GET", "POST"])
bp.add_url_rule("/<int:user_id>/status", "set_status", views.set_status, methods=["POST"])
bp.add_url_rule("/<int:user_id>/tokens/<int:token_id>/revoke", "revoke_token", views.revoke_token, methods=["POST"])
bp.add_url_rule("/<int:user_id>/sign-out", "sign_out_user", views.sign_out_user, methods=["POST"])
bp.add_url_rule("/<int:user_id>/substitutes", "user_substitutes", substitute_views.user_substitutes,
                methods=["GET", "POST"])
