"""The page that moves running cases to another version (`/admin/processes/<key>/migrate?to=N`),
older or newer: per case, where it waits now, where it will wait after the move, and the reasons
it cannot move as it stands; such a case may be moved to an equivalent step of that version
instead. Also the labels the diff page shows its changes with. Registered on the designer
blueprint, so national administrators only."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from webapp import engine
from webapp.applications.pages import locale
from webapp.designer import moves, queries
from webapp.engine.spec_changes import LABELS
from webapp.i18n import N_, _
from webapp.ids import record_id
from webapp.regions import queries as regions
from webapp.vocabulary import named

MAX_STEP_ID = 255
"""An element id is an XML NCName; anything longer is not one of the version's steps."""


def migrate(key: str) -> Any:
    versions = engine.versions(key)
    number = request.args.get("to", type=int) or engine.latest_or_fail(key).version
    target = engine.version(key, number)
    if request.method == "POST":
        chosen = {found for value in request.form.getlist("case") if (found := record_id(value)) is not None}
        steps = {instance_id: step for instance_id in chosen
                 if 0 < len(step := request.form.get(f"step-{instance_id}", "").strip()) <= MAX_STEP_ID}
        if not chosen:
            flash(_("Choose at least one case to move."), "error")
        else:
            report = moves.migrate_cases(key, number, chosen, actor=current_user, steps=steps)
            flash(_("Moved to version %(version)s: %(moved)s case(s); stayed: %(stayed)s.", version=number,
                    moved=len(report.moved), stayed=len(report.refused)), "success" if report.moved else "error")
            for instance_id, reason in sorted(report.refused.items()):
                flash(f"#{instance_id}: {reason}", "error")
        return redirect(url_for("designer.migrate", key=key, to=number))
    return render_template("designer/migrate.html", key=key, target=target, versions=versions,
                           candidates=queries.migration_preview(key, number, options=True))


ELEMENT_KINDS = {
    "task": N_("Task"), "gateway": N_("Gateway"), "CallActivity": N_("Called process"),
    "StartEvent": N_("Start event"), "EndEvent": N_("End event"), "BoundaryEvent": N_("Boundary event"),
    "event": N_("Event"), "Process": N_("Process"), "subprocess": N_("Subprocess"), "element": N_("Element"),
}
"""What an administrator calls each kind of diagram element SpiffWorkflow names."""


def element_kind(typename: str) -> str:
    if typename in ELEMENT_KINDS:
        kind = typename
    elif typename.endswith("Gateway"):
        kind = "gateway"
    elif typename.endswith("Event"):
        kind = "event"
    elif typename.endswith("Task"):
        kind = "task"
    elif "Subprocess" in typename or "SubWorkflow" in typename:
        kind = "subprocess"
    else:
        kind = "element"
    return named(ELEMENT_KINDS, kind)


def detail_label(attribute: str) -> str:
    return named(LABELS, attribute)


def level_label(lane: str | None) -> str:
    """A lane as the level it names (县级), in the reader's language."""
    if not lane:
        return ""
    names = regions.level_names(lane)
    return names["level_en"] if locale().startswith("en") else names["level"]
