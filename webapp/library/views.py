"""The resource library pages (资源库): the register with its filters, and asking for it as a file.

Pages are entry points: the register shows each entry's spot checks and certificates, and the file is
an export job, so these two views read `webapp.exports`, which sits above the library in the layers
(pyproject.toml names these imports)."""

from __future__ import annotations

from typing import Any

from flask import redirect, render_template, request, url_for
from flask_login import current_user, login_required

from webapp.errors import Invalid
from webapp.exports import library, services
from webapp.library import queries
from webapp.regions import picker
from webapp.regions import queries as regions


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


@login_required
def request_export() -> Any:
    filters = queries.Filters.parse(request.form)
    job = services.request_library_export(request.form.get("format", ""), filters, current_user)
    return redirect(url_for("exports.export_job", job_id=job.id))
