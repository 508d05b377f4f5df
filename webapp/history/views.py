"""History pages: a brand's timeline (and its PDF report), the diagram of a case's path and a case's
attachments; the template filters that name cases and actors on these pages and the audit pages."""

from __future__ import annotations

import io
from typing import Any

from flask import render_template, send_file
from flask_login import current_user, login_required
from markupsafe import Markup

from webapp.applications.pages import locale
from webapp.clock import now_utc
from webapp.history import admin_subjects, cases, pages, report
from webapp.i18n import translate


def case_kind(instance: Any) -> str:
    """What a case is (推荐认定, 抽查, 退出程序): `history/_case.html` tells cases apart by it."""
    return translate(cases.kind_of(instance))


def actor_words(event: Any) -> Markup:
    """Who did what an event of either trail records: a person by name, the operator and a schedule in words."""
    return admin_subjects.actor(event)


@login_required
def brand(brand_id: int) -> Any:
    return render_template("history/brand.html", page=pages.brand_history(brand_id, current_user, locale=locale()))


@login_required
def brand_report(brand_id: int) -> Any:
    page = pages.brand_history(brand_id, current_user, locale=locale())
    pdf = report.render_pdf(render_template("history/report.html", page=page, generated_at=now_utc(),
                                            reader=current_user))
    return send_file(io.BytesIO(pdf), mimetype="application/pdf", as_attachment=True,
                     download_name=f"audit-report-brand-{brand_id}.pdf")


@login_required
def diagram(instance_id: int) -> Any:
    return render_template("history/diagram.html", page=pages.case_diagram(instance_id, current_user))


@login_required
def path(instance_id: int) -> Any:
    return pages.diagram_json(pages.case_diagram(instance_id, current_user), locale=locale())


@login_required
def attachment(instance_id: int, attachment_id: str) -> Any:
    record, stored = pages.case_attachment(instance_id, attachment_id, current_user)
    return send_file(stored, mimetype=record.content_type, as_attachment=True, download_name=record.name)
