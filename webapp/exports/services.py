"""Export jobs: asked for on a page, written by the background worker, downloaded by whoever asked.

The worker claims one pending job at a time (`FOR UPDATE SKIP LOCKED` on PostgreSQL, so two workers
never write the same one), re-reads the rows with the requester's rights, and records its progress
every few hundred rows so that the page's progress bar moves."""

from __future__ import annotations

import logging
import secrets
from pathlib import Path
from typing import Any

from flask_babel import force_locale
from sqlalchemy import select, update

from webapp.auth.models import User
from webapp.clock import now_utc
from webapp.command_log import logged
from webapp.db import session, skipping_locked, transaction
from webapp.errors import Invalid, NotFound
from webapp.exports import library, settings, writers
from webapp.exports.models import ExportJob, ExportStatus
from webapp.i18n import _
from webapp.library import dashboard_tables
from webapp.library import queries as library_queries
from webapp.workdays.calendar import CHINA

logger = logging.getLogger(__name__)
KINDS = (*(f"library.{fmt}" for fmt in writers.FORMATS), "dashboard.xlsx", "dashboard.csv")


@logged("library export {result.id} ({fmt}) requested by user {user.id}")
def request_library_export(fmt: str, filters: library_queries.Filters, user: User) -> ExportJob:
    """Command: ask for the library with these filters as a file. The reader's rights are checked
    now (and again when it is written)."""
    kind = f"library.{fmt}"
    if kind not in KINDS:
        raise Invalid(_("Choose Excel, CSV or PDF."), field_errors={"format": [_("Choose Excel, CSV or PDF.")]})
    library_queries.register(filters, user)  # raises Forbidden outside the jurisdiction
    params = {"filters": filters.query_args(page=None), "labels": library.labels()}
    with transaction():
        job = ExportJob(kind=kind, params=params, requested_by_id=user.id)
        session.add(job)
        session.flush()
        return job


@logged("dashboard export {result.id} ({fmt}) requested by user {user.id}")
def request_dashboard_export(fmt: str, region_code: str | None, year: int | None, user: User, *,
                             locale: str) -> ExportJob:
    """Command: ask for the dashboard's tables as a workbook or CSV. Building it now checks the reader's
    rights and the region; the worker builds it again, in the reader's language, when it writes."""
    kind = f"dashboard.{fmt}"
    if kind not in KINDS:
        raise Invalid(_("Choose Excel or CSV."), field_errors={"format": [_("Choose Excel or CSV.")]})
    dashboard_tables.build(user, region_code, year, locale=locale)
    params = {"region": region_code, "year": year, "locale": locale,
              "title": str(_("Dashboard")), "generated": str(_("Generated %(at)s by %(reader)s."))}
    with transaction():
        job = ExportJob(kind=kind, params=params, requested_by_id=user.id)
        session.add(job)
        session.flush()
        return job


def run_next() -> ExportJob | None:
    """Step for the worker: claim the oldest pending export and write it; None when none waits."""
    with transaction():
        query = (select(ExportJob).where(ExportJob.status == ExportStatus.PENDING)
                 .order_by(ExportJob.id).limit(1))
        query = skipping_locked(query)
        job = session.scalars(query).first()
        if job is None:
            return None
        job.status = ExportStatus.RUNNING
        job_id = job.id
    try:
        _write(job)
    except Exception as error:  # a broken export is reported on its page; the worker goes on
        logger.exception("export %s failed", job_id)
        session.rollback()
        with transaction():
            session.execute(update(ExportJob).where(ExportJob.id == job_id).values(
                status=ExportStatus.FAILED, error=str(error)[:2000], finished_at=now_utc()))
    session.remove()
    return session.get(ExportJob, job_id)


def _write(job: ExportJob) -> None:
    user = session.get(User, job.requested_by_id)
    if user is None:
        raise NotFound(_("No such user."))
    (_write_dashboard if job.kind.startswith("dashboard.") else _write_library)(job, user)


def _write_dashboard(job: ExportJob, user: User) -> None:
    fmt, params = job.kind.split(".", 1)[1], job.params
    with force_locale(params["locale"]):
        board = dashboard_tables.build(user, params["region"], params["year"], locale=params["locale"])
        tables = [(str(title), [str(h) for h in headers], [[_plain(v) for v in row] for row in rows])
                  for title, headers, rows in dashboard_tables.table_rows(board)]
    _progress(job.id, done=0, total=sum(len(rows) for _title, _headers, rows in tables))
    path = settings.exports_dir() / f"dashboard-{job.id}-{secrets.token_hex(6)}.{fmt}"
    generated = params["generated"] % {"at": writers.stamp(now_utc().astimezone(CHINA)), "reader": user.display_name}
    writers.write_tables(fmt, path, tables, generated=generated, progress=lambda done: _progress(job.id, done=done))
    _finish(job.id, path)


def _plain(value: Any) -> Any:
    """Numbers stay numbers in the workbook; anything else (a lazily translated word) becomes text."""
    return value if value is None or isinstance(value, int | float | str) else str(value)


def _write_library(job: ExportJob, user: User) -> None:
    fmt = job.kind.split(".", 1)[1]
    filters = library_queries.Filters.parse(job.params["filters"])
    names: dict[str, Any] = job.params["labels"]
    rows = library.register_rows(session.execute(library_queries.register(filters, user)))
    table = [library.cells(row, names) for row in rows]
    _progress(job.id, done=0, total=len(table))
    path = settings.exports_dir() / f"library-{job.id}-{secrets.token_hex(6)}.{fmt}"
    generated = names["generated"] % {"at": writers.stamp(now_utc().astimezone(CHINA)),
                                      "reader": user.display_name, "count": len(table)}
    writers.write(fmt, path, title=names["title"], headers=names["headers"], rows=table, generated=generated,
                  progress=lambda done: _progress(job.id, done=done))
    _finish(job.id, path)


def _finish(job_id: int, path: Path) -> None:
    with transaction():
        session.execute(update(ExportJob).where(ExportJob.id == job_id).values(
            status=ExportStatus.DONE, file_path=str(path), finished_at=now_utc()))


def _progress(job_id: int, *, done: int, total: int | None = None) -> None:
    values: dict[str, Any] = {"done": done} | ({"total": total} if total is not None else {})
    with transaction():
        session.execute(update(ExportJob).where(ExportJob.id == job_id).values(**values))


def run_pending(limit: int = 20) -> int:
    """Write up to `limit` pending exports; returns how many were taken."""
    taken = 0
    while taken < limit and run_next() is not None:
        taken += 1
    return taken
