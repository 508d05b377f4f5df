"""gunicorn settings for production; every value comes from the environment.

    gunicorn -c python:webapp.ops.gunicorn webapp.wsgi:app

BRANDCERT_BIND (127.0.0.1:8000) and BRANDCERT_WEB_WORKERS (4) say where and how many. The app is
loaded once in the master and forked, which saves memory; each worker then opens its own
database connections (post_fork), because a connection must never be shared across processes.
"""

from __future__ import annotations

import gc
import os
from typing import Any

bind = os.environ.get("BRANDCERT_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("BRANDCERT_WEB_WORKERS", "4"))
worker_class = "sync"
preload_app = True
timeout = int(os.environ.get("BRANDCERT_REQUEST_TIMEOUT", "60"))
graceful_timeout = 30
max_requests = 20_000  # recycles a worker now and then, so a slow leak cannot grow without bound
max_requests_jitter = 2_000
accesslog = None  # webapp.ops.logs writes one structured line per request
forwarded_allow_ips = os.environ.get("BRANDCERT_TRUSTED_PROXIES", "127.0.0.1")  # for X-Forwarded-Proto


def when_ready(server: Any) -> None:
    """In the master, once the app is loaded and before any worker is forked: the objects loaded so far
    move out of the garbage collector's reach, so that its passes in the workers do not write to (and so
    copy) the pages they share with the master."""
    gc.freeze()


def post_fork(server: Any, worker: Any) -> None:
    from webapp import db

    db.forget_connections()
