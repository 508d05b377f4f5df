"""The dashboard against policy targets (/dashboard), the same numbers as JSON (/dashboard.json), and
asking for them as a file (an export job of `webapp.exports`)."""

from __future__ import annotations

from typing import Any

from flask import redirect, render_template, request, url_for
from flask_login import current_user, login_required

from webapp.applications.pages import locale
from webapp.clock import now_utc
from webapp.errors import Invalid
from webapp.exports import services as exports
from webapp.i18n import _
from webapp.library import dashboard_tables
from webapp.workdays.calendar import CHINA

FIRST_YEAR = 2021
"""The national guideline (人社部发〔2021〕66号) starts the brand libraries."""


def _year() -> int | None:
    text = (request.args.get("year") or "").strip()
    if not text:
        return None
    this_year = now_utc().astimezone(CHINA).year
    if not (text.isdecimal() and len(text) == 4 and FIRST_YEAR <= int(text) <= this_year):
        raise Invalid(_("Choose a year from %(first)s to %(last)s.", first=FIRST_YEAR, last=this_year),
                      field_errors={"year": [_("Unknown year.")]})
    return int(text)


def _build() -> dashboard_tables.Dashboard:
    return dashboard_tables.build(current_user, (request.args.get("region") or "").strip() or None, _year(),
                                  locale=locale())


@login_required
def page() -> Any:
    board = _build()
    years = list(range(now_utc().astimezone(CHINA).year, FIRST_YEAR - 1, -1))
    return render_template("dashboard/page.html", board=board, years=years,
                           charts={t.key: t.chart for t in board.tables})


@login_required
def data() -> Any:
    return dashboard_tables.as_json(_build())


@login_required
def request_export() -> Any:
    year = request.form.get("year", "").strip()
    job = exports.request_dashboard_export(
        request.form.get("format", ""), request.form.get("region", "").strip() or None,
        int(year) if year.isdecimal() and len(year) == 4 else None, current_user, locale=locale())
    return redirect(url_for("exports.export_job", job_id=job.id))
