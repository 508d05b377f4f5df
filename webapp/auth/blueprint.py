"""The URL maps of signing in and out (`auth`) and of one's own account (`account`, /account); the
views are in `views.py` and `account_views.py`. /account/notifications is the message centre's
(`messages.blueprint`) and /account/substitutes the desk's (`desk.blueprint`)."""

from __future__ import annotations

from flask import Blueprint

from webapp.auth import account_views, views

bp = Blueprint("auth", __name__, template_folder="templates")
bp.add_url_rule("/login", "login", views.login, methods=["GET", "POST"])
bp.add_url_rule("/logout", "logout", views.logout, methods=["POST"])

account_bp = Blueprint("account", __name__, template_folder="templates", url_prefix="/account")
account_bp.before_request(account_views.signed_in_only)
account_bp.add_url_rule("/tokens", "token_list", account_views.token_list, methods=["GET"])
account_bp.add_url_rule("/tokens/<int:token_id>/revoke", "revoke_token", account_views.revoke_token,
                        methods=["POST"])
account_bp.add_url_rule("/sign-out-everywhere", "sign_out_everywhere", account_views.sign_out_everywhere,
                        methods=["POST"])
