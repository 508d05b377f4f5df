"""Reads over export jobs: one's own exports of the last week (我的导出) and the file of one of them.

An export is its requester's alone, and kept for a week: the list shows that week, and an older job's
page and file are refused, so that a file is never fetched after its filters and rights have moved on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from webapp.auth.models import User
from webapp.clock import now_utc
from webapp.db import session
from webapp.errors import NotFound
from webapp.exports.models import ExportJob, ExportStatus
from webapp.i18n import _
from webapp.paging import Page, fetch_scalars

KEPT_FOR = timedelta(days=7)


@dataclass(frozen=True)
class Export:
    job: ExportJob
    size: int | None
    """The file's size in bytes, once written."""

    @property
    def subject(self) -> str:
        """What was exported: `library` or `dashboard`."""
        return self.job.kind.split(".", 1)[0]

    @property
    def format(self) -> str:
        return self.job.kind.split(".", 1)[1]


def kept_since() -> datetime:
    return now_utc() - KEPT_FOR


def mine(user: User, number: int) -> Page[Export]:
    """The user's exports of the last week, newest first."""
    query = (select(ExportJob).where(ExportJob.requested_by_id == user.id, ExportJob.requested_at >= kept_since())
             .order_by(ExportJob.requested_at.desc(), ExportJob.id.desc()))
    return fetch_scalars(query, number).map(lambda job: Export(job, _size(job)))


def job_for(job_id: int, user: User) -> ExportJob:
    """Someone else's export is not found: its rows are what its requester may read."""
    job = session.get(ExportJob, job_id)
    if job is None or job.requested_by_id != user.id:
        raise NotFound(_("No such export."))
    if job.requested_at < kept_since():
        raise NotFound(_("Exports are kept for a week and this one is older: export again from the page "
                         "it came from."))
    return job


def file_of(job_id: int, user: User) -> tuple[ExportJob, Path]:
    job = job_for(job_id, user)
    if job.status != ExportStatus.DONE or not job.file_path or not Path(job.file_path).is_file():
        raise NotFound(_("The file is not ready."))
    return job, Path(job.file_path)


def _size(job: ExportJob) -> int | None:
    path = Path(job.file_path) if job.status == ExportStatus.DONE and job.file_path else None
    return path.stat().st_size if path is not None and path.is_file() else None
