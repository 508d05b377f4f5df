"""The audit pages (审计): the search over the trail with its CSV export and the chains' status, the
administration trail (管理操作记录), and asking the worker for a full verification.

Pages are entry points: the search reads brands, cases and forms through `webapp.history`, which sits
above the audit trail in the layers (pyproject.toml names these imports)."""

from __future__ import annotations

from typing import Any

from flask import Response, flash, redirect, render_template, request, stream_with_context, url_for
from flask_babel import get_locale
from flask_login import current_user, login_required

from webapp.audit import admin_trail
from webapp.audit import queries as audit
from webapp.audit import services as audit_services
from webapp.audit.problems import Problem
from webapp.clock import now_utc
from webapp.errors import Invalid
from webapp.history import admin_subjects, cases, names, search, timeline, trail_csv
from webapp.i18n import _
from webapp.paging import page_number
from webapp.regions import picker
from webapp.regions import queries as regions
from webapp.vocabulary import ADMIN_ACTIONS, AUDIT_ACTIONS, named
from webapp.workdays.calendar import CHINA


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
        "audit/search.html", filters=filters, errors=errors, results=results, brands=brands,
        verification=audit.latest_verification(), finished=finished,
        first_problem=Problem.from_json(finished.first_problem).text() if finished and finished.first_problem else "",
        checkpoint=audit.checkpoint_state(), levels=regions.all_levels(), region_choices=picker.choices(within),
        actions=[(key, named(AUDIT_ACTIONS, key)) for key in AUDIT_ACTIONS],
        wording=timeline.wording(events, locale=str(get_locale())),
        outcomes=names.decision_choices(locale=str(get_locale())),
    ), (422 if errors else 200)


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
    reading = names.Names(str(get_locale()))
    words = {event.id: admin_subjects.words(event, reading) for event in (page.rows if page else [])}
    return render_template("audit/administration.html", page=page, action=action, errors=errors, words=words,
                           actions=[(key, named(ADMIN_ACTIONS, key)) for key in ADMIN_ACTIONS],
                           checkpoint=audit.checkpoint_state()), (422 if errors else 200)


@login_required
def request_verification() -> Any:
    search.jurisdiction(current_user)
    audit_services.request_verification(current_user)
    flash(_("Verification requested: the background worker checks every chain and checkpoint."), "success")
    return redirect(url_for("audit.audit_search"))


@login_required
def audit_csv() -> Any:
    filters = search.Filters.parse(request.args)
    rows = search.all_events(filters, current_user)
    stamp = now_utc().astimezone(CHINA).strftime("%Y%m%d-%H%M")
    lines = trail_csv.lines(rows, locale=str(get_locale()))
    return Response(stream_with_context(lines), content_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f"attachment; filename=audit-events-{stamp}.csv"})
