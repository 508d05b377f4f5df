"""The resource library pages (资源库) and the exports asked for on them, with their progress."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, redirect, render_template, request, send_file, url_for
from flask_login import current_user, login_required

from webapp.applications.pages import locale
from webapp.errors import Invalid
from webapp.exports import library, services
from webapp.exports import queries as jobs
from webapp.exports.models import ExportStatus
from webapp.library import queries
from webapp.paging import page_number
from webapp.regions import picker
from webapp.regions import queries as regions

bp = Blueprint("library", __name__, template_folder="templates")

DOWNLOAD_TYPES = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                  "csv": "text/csv; charset=utf-8", "pdf": "application/pdf"}


@bp.get("/library")
@login_required
def index() -> Any:
    within = queries.readable_regions(current_user)  # officials, auditors and administrators only, read first
    errors: dict[str, list[Any]] = {}
    try:
        filters = queries.Filters.parse(request.args)
    except Invalid as error:
        filters, errors = queries.Filters(), error.field_errors
    page = None if errors else library.register_page(filters, current_user)
    return render_template(
        "library/index.html", filters=filters, errors=errors, page=page,
        levels=regions.all_levels(), brand_types=queries.brand_types(), statuses=queries.STATUSES,
        region_choices=picker.choices(within),
    ), (422 if errors else 200)


@bp.post("/library/exports")
@login_required
def request_export() -> Any:
    filters = queries.Filters.parse(request.form)
    job = services.request_library_export(request.form.get("format", ""), filters, current_user)
    return redirect(url_for("library.export_job", job_id=job.id))


@bp.post("/dashboard/exports")
@login_required
def request_dashboard_export() -> Any:
    year = request.form.get("year", "").strip()
    job = services.request_dashboard_export(
        request.form.get("format", ""), request.form.get("region", "").strip() or None,
        int(year) if year.isdecimal() and len(year) == 4 else None, current_user, locale=locale())
    return redirect(url_for("library.export_job", job_id=job.id))


@bp.get("/exports")
@login_required
def my_exports() -> Any:
    """我的导出: the files the worker wrote for me in the last week."""
    page = jobs.mine(current_user, page_number(request.args.get("page")) or 1)
    return render_template("exports/mine.html", page=page, kept_days=jobs.KEPT_FOR.days)


@bp.get("/exports/<int:job_id>")
@login_required
def export_job(job_id: int) -> Any:
    return render_template("library/export.html", job=jobs.job_for(job_id, current_user))


@bp.get("/exports/<int:job_id>.json")
@login_required
def export_status(job_id: int) -> Any:
    job = jobs.job_for(job_id, current_user)
    return {"id": job.id, "status": str(job.status), "done": job.done, "total": job.total,
            "error": job.error if job.status == ExportStatus.FAILED else None,
            "file": url_for("library.export_file", job_id=job.id) if job.status == ExportStatus.DONE else None}


@bp.get("/exports/<int:job_id>/file")
@login_required
def export_file(job_id: int) -> Any:
    job, path = jobs.file_of(job_id, current_user)
    fmt = job.kind.split(".", 1)[1]
    stamp = job.requested_at.strftime("%Y%m%d-%H%M")
    return send_file(path, mimetype=DOWNLOAD_TYPES[fmt], as_attachment=True,
                     download_name=f"{job.kind.split('.', 1)[0]}-{stamp}.{fmt}")
