"""我的导出 (my exports) and each export's page, progress and file. The exports are asked for on the
pages they come from (`library.views`, `dashboard.views`)."""

from __future__ import annotations

from typing import Any

from flask import render_template, request, send_file, url_for
from flask_login import current_user, login_required

from webapp.exports import queries as jobs
from webapp.exports.models import ExportStatus
from webapp.paging import page_number

DOWNLOAD_TYPES = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                  "csv": "text/csv; charset=utf-8", "pdf": "application/pdf"}


@login_required
def my_exports() -> Any:
    """我的导出: the files the worker wrote for me in the last week."""
    page = jobs.mine(current_user, page_number(request.args.get("page")) or 1)
    return render_template("exports/mine.html", page=page, kept_days=jobs.KEPT_FOR.days)


@login_required
def export_job(job_id: int) -> Any:
    return render_template("exports/job.html", job=jobs.job_for(job_id, current_user))


@login_required
def export_status(job_id: int) -> Any:
    job = jobs.job_for(job_id, current_user)
    return {"id": job.id, "status": str(job.status), "done": job.done, "total": job.total,
            "error": job.error if job.status == ExportStatus.FAILED else None,
            "file": url_for("exports.export_file", job_id=job.id) if job.status == ExportStatus.DONE else None}


@login_required
def export_file(job_id: int) -> Any:
    job, path = jobs.file_of(job_id, current_user)
    fmt = job.kind.split(".", 1)[1]
    stamp = job.requested_at.strftime("%Y%m%d-%H%M")
    return send_file(path, mimetype=DOWNLOAD_TYPES[fmt], as_attachment=True,
                     download_name=f"{job.kind.split('.', 1)[0]}-{stamp}.{fmt}")
