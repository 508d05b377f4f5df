"""The administrators' calendar pages: the years known, a year's holidays, entering a year."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import IntegerField, TextAreaField
from wtforms.validators import DataRequired, Length

from webapp.auth.queries import is_national_admin
from webapp.db import session
from webapp.errors import Invalid
from webapp.holidays import grid, services
from webapp.i18n import _
from webapp.workdays import calendar
from webapp.workdays.arrangement import EARLIEST_OFFSET, LATEST_OFFSET, Arrangement
from webapp.workdays.models import WorkdayRevision, WorkdayYear

MAX_TEXT = 20_000


class ArrangementForm(FlaskForm):
    year = IntegerField(_("Year"), validators=[DataRequired()])
    text = TextAreaField(_("Holidays and make-up working days"), validators=[DataRequired(), Length(max=MAX_TEXT)])


def calendar_reminder() -> dict[str, Any]:
    def missing_calendar_year() -> int | None:
        """The year to remind national administrators of, on every page from 1 October."""
        if not current_user.is_authenticated or not is_national_admin(current_user):
            return None
        return calendar.missing_next_year(calendar.today())

    return {"missing_calendar_year": missing_calendar_year}


@login_required
def national_administrators_only() -> None:
    if not is_national_admin(current_user):
        abort(403)


def years() -> Any:
    today = calendar.today()
    form = ArrangementForm(year=calendar.missing_next_year(today) or today.year + 1)
    preview: Arrangement | None = None
    if form.validate_on_submit():
        year, text = int(form.year.data or 0), form.text.data or ""
        try:
            if request.form.get("action") == "save":
                entered = services.enter_year(year, text, actor=current_user)
                flash(_("The holidays of %(year)s are saved; %(count)s due dates and time limits of running cases "
                        "were recomputed.", year=year, count=len(entered.moved)), "success")
                return redirect(url_for("holidays.year", year=year))
            preview = services.read(text, year)
        except Invalid as error:
            form.text.errors = list(error.field_errors.get("text", [error.message]))
    status = 422 if form.errors else 200
    return render_template("holidays/years.html", years=calendar.years(), form=form, preview=preview,
                           months=grid.months(preview) if preview else None,
                           choices=range(today.year + EARLIEST_OFFSET, today.year + LATEST_OFFSET + 1)), status


def year(year: int) -> Any:
    row = session.get(WorkdayYear, year)
    if row is None or row.arrangement is None:
        abort(404)
    arrangement = Arrangement.from_json(year, row.arrangement)
    revisions = session.scalars(select(WorkdayRevision).where(WorkdayRevision.year == year)
                                .order_by(WorkdayRevision.at.desc()))
    return render_template("holidays/year.html", row=row, arrangement=arrangement, months=grid.months(arrangement),
                           revisions=list(revisions))
