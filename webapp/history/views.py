"""History pages: a brand's timeline (and its PDF report), the diagram of a case's path, and the
search over the trail with its CSV export and chain status."""

from __future__ import annotations

import io
from typing import Any

from flask import (
    Blueprint,
    Response,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    stream_with_context,
    url_for,
)
from flask_login import current_user, login_required
from markupsafe import Markup

from webapp.applications.pages import locale
from webapp.audit import admin_trail
from webapp.audit import queries as audit
from webapp.audit import services as audit_services
from webapp.audit.problems import Problem
from webapp.clock import now_utc
from webapp.errors import Invalid
from webapp.history import admin_subjects, cases, names, pages, report, search, timeline, trail_csv
from webapp.i18n import _, translate
from webapp.paging import page_number
from webapp.regions import picker
from webapp.regions import queries as regions
from webapp.vocabulary import ADMIN_ACTIONS, AUDIT_ACTIONS, named
from webapp.workdays.calendar import CHINA

bp = Blueprint("history", __name__, template_folder="templates")


@bp.app_template_filter("case_kind")
def case_kind(instance: Any) -> str:
    """What a case is (推荐认定, 抽查, 退出程序): `history/_case.html` tells cases apart by it."""
    return translate(cases.kind_of(instance))


@bp.app_template_filter("actor_words")
def actor_words(event: Any) -> Markup:
    """Who did what an event of either trail records: a person by name, the operator and a schedule in words."""
    return admin_subjects.actor(event)


@bp.get("/brands/<int:brand_id>/history")
@login_required
def brand(brand_id: int) -> Any:
    return render_template("history/brand.html", page=pages.brand_history(brand_id, current_user, locale=locale()))


@bp.get("/brands/<int:brand_id>/history.pdf")
@login_required
def brand_report(brand_id: int) -> Any:
    page = pages.brand_history(brand_id, current_user, locale=locale())
    pdf = report.render_pdf(render_template("history/report.html", page=page, generated_at=now_utc(),
                                            reader=current_user))
    return send_file(io.BytesIO(pdf), mimetype="application/pdf", as_attachment=True,
                     download_name=f"audit-report-brand-{brand_id}.pdf")


@bp.get("/cases/<int:instance_id>/diagram")
@login_required
def diagram(instance_id: int) -> Any:
    return render_template("history/diagram.html", page=pages.case_diagram(instance_id, current_user))


@bp.get("/cases/<int:instance_id>/path.json")
@login_required
def path(instance_id: int) -> Any:
    return pages.diagram_json(pages.case_diagram(instance_id, current_user), locale=locale())


@bp.get("/cases/<int:instance_id>/attachments/<attachment_id>")
@login_required
def attachment(instance_id: int, attachment_id: str) -> Any:
    record, stored = pages.case_attachment(instance_id, attachment_id, current_user)
    return send_file(stored, mimetype=record.content_type, as_attachment=True, download_name=record.name)


@bp.get("/audit")
@login_required
def audit_search() -> Any:
    within = search.jurisdiction(current_user)  # officials and auditors only, before anything else is read
    errors: dict[str, list[Any]] = {}
    try:
        filters = search.Filters.parse(request.args)
    except Invalid as error:
        filters, errors = search.Filters(), error.field_errors
    results = None
    if not errors:
        find = search.search_cases if filters.kind == "cases" else search.search_events
        results = find(filters, current_user)
    instances = [row[1] if filters.kind == "events" else row[0] for row in results.rows] if results else []
    brands = cases.brand_ids(instances)
    events = [row[0] for row in results.rows] if results and filters.kind == "events" else []
    finished = audit.latest_finished_verification()
    return render_template(
        "history/search.html", filters=filters, errors=errors, results=results, brands=brands,
        verification=audit.latest_verification(), finished=finished,
        first_problem=Problem.from_json(finished.first_problem).text() if finished and finished.first_problem else "",
        checkpoint=audit.checkpoint_state(), levels=regions.all_levels(), region_choices=picker.choices(within),
        actions=[(key, named(AUDIT_ACTIONS, key)) for key in AUDIT_ACTIONS],
        wording=timeline.wording(events, locale=locale()), outcomes=names.decision_choices(locale=locale()),
    ), (422 if errors else 200)


@bp.get("/audit/administration")
@login_required
def administration() -> Any:
    """The administration trail: what administrators and operators did, within the reader's regions."""
    within = search.jurisdiction(current_user)
    action = request.args.get("action") or ""
    number = page_number(request.args.get("page"))
    errors: dict[str, list[Any]] = {}
    if action and action not in ADMIN_ACTIONS:
        errors["action"] = [_("Unknown action.")]
    if number is None:
        errors["page"] = [_("Pages are numbered from 1.")]
    page = None if errors else admin_trail.page_of(within, number=number or 1, action=action)
    reading = names.Names(locale())
    words = {event.id: admin_subjects.words(event, reading) for event in (page.rows if page else [])}
    return render_template("history/administration.html", page=page, action=action, errors=errors, words=words,
                           actions=[(key, named(ADMIN_ACTIONS, key)) for key in ADMIN_ACTIONS],
                           checkpoint=audit.checkpoint_state()), (422 if errors else 200)


@bp.post("/audit/verification")
@login_required
def request_verification() -> Any:
    search.jurisdiction(current_user)
    audit_services.request_verification(current_user)
    flash(_("Verification requested: the background worker checks every chain and checkpoint."), "success")
    return redirect(url_for("history.audit_search"))


@bp.get("/audit/events.csv")
@login_required
def audit_csv() -> Any:
    filters = search.Filters.parse(request.args)
    rows = search.all_events(filters, current_user)
    stamp = now_utc().astimezone(CHINA).strftime("%Y%m%d-%H%M")
    lines = trail_csv.lines(rows, locale=locale())
    return Response(stream_with_context(lines), content_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f"attachment; filename=audit-events-{stamp}.csv"})
