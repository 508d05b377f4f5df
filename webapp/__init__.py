"""brandcert: recognition, supervision and revocation of labor-service brands (劳务品牌)."""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from flask import Flask
from werkzeug.routing import IntegerConverter

from webapp import config, db, extensions
from webapp.notifications import channel_settings, digest
from webapp.ops import proxy


def create_app(overrides: Mapping[str, Any] | None = None) -> Flask:
    app = Flask(__name__, instance_path=str(config.PROJECT_ROOT / "instance"))
    app.config.from_mapping(config.from_env())
    app.config.update(SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax",
                      PERMANENT_SESSION_LIFETIME=timedelta(hours=8), WTF_CSRF_TIME_LIMIT=8 * 3600)
    if overrides:
        app.config.from_mapping(overrides)
    db.configure(app.config["DATABASE_URL"])
    # Every other setting is read from app.config where it is used; these two are checked at the start.
    channel_settings.init_app(app)
    digest.parse_time(app.config["DIGEST_AT"])
    _connect_receivers()
    _init_extensions(app)
    _register_blueprints(app)
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.teardown_appcontext(lambda _exc: db.session.remove())
    if trusted := proxy.trusted_proxies(app.config["TRUSTED_PROXIES"]):
        app.wsgi_app = proxy.ClientAddress(app.wsgi_app, trusted)  # type: ignore[method-assign]
    return app


def _init_extensions(app: Flask) -> None:
    extensions.babel.init_app(app, locale_selector=extensions.select_locale,
                              default_translation_directories="web/translations")
    extensions.csrf.init_app(app)
    extensions.login_manager.init_app(app)
    extensions.login_manager.login_view = "auth.login"
    extensions.login_manager.session_protection = "strong"


class IdConverter(IntegerConverter):
    """`<int:…>` in URLs holds a row id. One larger than an INTEGER column holds becomes -1, which no row
    has (a 404), instead of reaching the database, which fails on it (SQLite: OverflowError; PostgreSQL:
    integer out of range). Not `max=`: werkzeug checks methods before converters, so that would be a 405."""

    def to_python(self, value: str) -> int:
        number = super().to_python(value)
        return number if number <= 2**31 - 1 else -1


def _register_blueprints(app: Flask) -> None:
    app.url_map.converters["int"] = IdConverter  # before any rule is added: rules bind their converters
    from webapp import web
    from webapp.admin.blueprint import bp as admin_bp
    from webapp.api.blueprint import bp as api_bp
    from webapp.applications.blueprint import bp as applications_bp
    from webapp.audit.blueprint import bp as audit_bp
    from webapp.auth.blueprint import account_bp
    from webapp.auth.blueprint import bp as auth_bp
    from webapp.certificates.blueprint import bp as certificates_bp
    from webapp.dashboard.blueprint import bp as dashboard_bp
    from webapp.designer.blueprint import bp as designer_bp
    from webapp.desk.blueprint import bp as desk_bp
    from webapp.exits.blueprint import bp as exits_bp
    from webapp.exports.blueprint import bp as exports_bp
    from webapp.help.blueprint import bp as help_bp
    from webapp.history.blueprint import bp as history_bp
    from webapp.holidays.blueprint import bp as holidays_bp
    from webapp.library.blueprint import bp as library_bp
    from webapp.messages.blueprint import bp as messages_bp
    from webapp.ops import logs
    from webapp.ops.blueprint import bp as ops_bp
    from webapp.people.blueprint import bp as people_bp
    from webapp.review.blueprint import bp as review_bp
    from webapp.search.blueprint import bp as search_bp
    from webapp.spotcheck.blueprint import bp as spotcheck_bp

    # each package's blueprint.py is its URL map: every rule of its pages in one place
    for blueprint in (auth_bp, account_bp, review_bp, applications_bp, certificates_bp, exits_bp, spotcheck_bp,
                      history_bp, audit_bp, dashboard_bp, library_bp, exports_bp, admin_bp, people_bp, designer_bp,
                      holidays_bp, desk_bp, messages_bp, search_bp, help_bp, api_bp, ops_bp):
        app.register_blueprint(blueprint)
    logs.log_requests(app)
    extensions.csrf.exempt(api_bp)  # the API authenticates each request with a bearer token, not a cookie
    web.register(app)


RECEIVERS = ("webapp.applications.services", "webapp.certificates.services", "webapp.library.services",
             "webapp.exits.services", "webapp.spotcheck.services", "webapp.notifications.arrivals",
             "webapp.notifications.reminders")
"""The modules whose signal receivers must be connected (see webapp.signals)."""


def _connect_receivers() -> None:
    for module in RECEIVERS:
        importlib.import_module(module)
