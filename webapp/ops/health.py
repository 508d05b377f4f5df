"""`GET /healthz` for load balancers and monitoring: may this web worker take traffic?

200 `ok`: the database answers and its schema is the one this code expects.
200 `degraded`: the same, but timers are overdue, so no background worker is keeping up; or, from
1 October, next year's holidays are not entered, so deadlines reaching into it count Monday-Friday;
or tasks wait where no active user may act on them (`stranded_tasks`, listed at /admin/processes/stranded).
503: the database does not answer, or `brandcert init` has not migrated it to this release.
"""

from __future__ import annotations

from datetime import timedelta
from functools import cache
from typing import Any

from flask import jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from webapp import engine
from webapp.clock import now_utc
from webapp.db import session
from webapp.designer import stranded
from webapp.workdays import calendar

TIMERS_LATE_AFTER = timedelta(minutes=10)


@cache
def expected_schema() -> str:
    # Alembic (about 10 MB) is imported on the first health check, not by every web worker as it starts
    from alembic.script import ScriptDirectory

    from webapp.migrations import alembic_config

    return str(ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head())


def health() -> Any:
    expected = expected_schema()
    try:
        schema = session.execute(text("SELECT version_num FROM alembic_version")).scalar()
        overdue = engine.timers_due_before(now_utc() - TIMERS_LATE_AFTER)
        missing_year = calendar.missing_next_year(calendar.today())
        stranded_tasks = stranded.count()
    except SQLAlchemyError as error:
        session.rollback()
        return jsonify(status="unavailable", database=type(error).__name__, schema_expected=expected), 503
    finally:
        session.remove()
    body = {"status": "ok", "database": "ok", "schema": schema, "schema_expected": expected,
            "timers_overdue": overdue}
    if schema != expected:
        body["status"] = "migrations pending: run `brandcert init`"
        return jsonify(body), 503
    if missing_year:
        body["calendar_missing_year"] = missing_year
    if stranded_tasks:
        body["stranded_tasks"] = stranded_tasks
    if overdue or missing_year or stranded_tasks:
        body["status"] = "degraded"
    return jsonify(body), 200
