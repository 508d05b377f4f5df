"""Structured logs: one JSON object per line on stderr, which journald, Docker or a log shipper
take as they are. `BRANDCERT_LOG_FORMAT=text` gives plain lines for a terminal.

Every request is logged once, when it ends, with its method, path, status, duration, user and a
request id. The id comes from the proxy's `X-Request-ID` when there is one and is sent back in
the response, so a complaint ("my submission failed at 10:42") can be found in the logs.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time
import uuid
from datetime import UTC, datetime
from typing import Any

from flask import Flask, Response, g, has_request_context, request
from flask_login import current_user

REQUEST_FIELDS = ("request_id", "method", "path", "status", "duration_ms", "user")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update({name: getattr(record, name) for name in REQUEST_FIELDS if hasattr(record, name)})
        if "request_id" not in entry and has_request_context() and "request_id" in g:
            entry["request_id"] = g.request_id
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def configure() -> None:
    """Send brandcert's and gunicorn's logs to stderr in one format: BRANDCERT_LOG_FORMAT (`json`,
    or `text` when stderr is a terminal) at BRANDCERT_LOG_LEVEL (`INFO`)."""
    fmt = os.environ.get("BRANDCERT_LOG_FORMAT") or ("text" if sys.stderr.isatty() else "json")
    level = os.environ.get("BRANDCERT_LOG_LEVEL", "INFO")
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter() if fmt == "json" else
                         logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    # SpiffWorkflow logs each task's change of state at INFO: a dozen lines per completion, saying less than
    # the audit trail does. They show at DEBUG.
    logging.getLogger("spiff").setLevel(logging.WARNING if root.level > logging.DEBUG else logging.DEBUG)
    # Alembic announces its plugins at INFO when first imported: in a web worker that is inside the first
    # health check (webapp/ops/health.py imports it there), whose request they would seem to belong to.
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
    for name in ("gunicorn.error", "gunicorn.access"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True


def log_requests(app: Flask) -> None:
    logger = logging.getLogger("webapp.request")

    @app.before_request
    def start() -> None:
        g.request_started = time.perf_counter()
        g.request_id = request.headers.get("X-Request-ID", "")[:64] or uuid.uuid4().hex

    @app.after_request
    def finish(response: Response) -> Response:
        started = g.get("request_started")
        if started is None:
            return response
        response.headers["X-Request-ID"] = g.request_id
        user = g.get("actor") or (current_user if current_user.is_authenticated else None)
        logger.info("%s %s %s", request.method, request.path, response.status_code, extra={
            "request_id": g.request_id, "method": request.method, "path": request.path,
            "status": response.status_code, "duration_ms": round((time.perf_counter() - started) * 1000, 2),
            "user": getattr(user, "username", None)})
        return response
