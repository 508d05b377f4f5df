"""The WSGI application for gunicorn (`webapp.wsgi:app`), configured from the environment."""

from __future__ import annotations

import os

from webapp import config, create_app
from webapp.ops import logs

logs.configure()
if os.environ.get("SECRET_KEY", "").strip() in ("", config.DEV_SECRET):  # an empty key signs nothing
    raise SystemExit("SECRET_KEY is not set: refusing to serve production traffic with the development secret.")
app = create_app()
