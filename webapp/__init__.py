"""brandcert: recognition, supervision and revocation of labor-service brands (劳务品牌)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

from webapp import config, db, taskforms
from webapp.attachments import store as attachment_store


def create_app(overrides: Mapping[str, Any] | None = None) -> Flask:
    app = Flask(__name__, instance_path=str(config.PROJECT_ROOT / "instance"))
    app.config.from_mapping(config.from_env())
    if overrides:
        app.config.from_mapping(overrides)
    db.configure(app.config["DATABASE_URL"])
    taskforms.configure(Path(app.config["FORMS_DIR"]))
    attachment_store.configure(Path(app.config["ATTACHMENTS_DIR"]))
    _connect_receivers()
    app.json.ensure_ascii = False  # type: ignore[attr-defined]

    from webapp.api import bp as api_bp
    from webapp.api import json_errors_for_unknown_paths
    from webapp.web import bp as web_bp

    app.register_blueprint(api_bp)
    app.register_blueprint(web_bp)
    json_errors_for_unknown_paths(app)
    app.teardown_appcontext(lambda _exc: db.session.remove())
    return app


def _connect_receivers() -> None:
    """Import the packages whose signal receivers must be connected (see webapp.signals)."""
    import webapp.applications.services
    import webapp.library.services  # noqa: F401
