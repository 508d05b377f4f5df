"""Designer pages: processes and versions, the BPMN/DMN editor with validation and deployment,
version diffs, moving running cases, and the form editor with its live preview."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.exceptions import RequestEntityTooLarge

from webapp import engine
from webapp.applications.pages import locale
from webapp.designer import flow_checks, queries, rehearsal, services
from webapp.designer.editor_labels import editor_labels
from webapp.designer.staffing import StaffingGaps, staffing
from webapp.engine.safety import MAX_BYTES
from webapp.errors import Invalid, NotFound, ProcessDefinitionError, problem_text
from webapp.i18n import N_, _
from webapp.vocabulary import named, process_name, process_version

EDITABLE = (".bpmn", ".dmn")
EDITOR_CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; "
              "frame-ancestors 'none'; form-action 'self'; base-uri 'self'")


@login_required
def designers_only() -> None:
    queries.require_designer(current_user)


def editor_styles(response: Any) -> Any:
    """bpmn-js's properties panel and dmn-js set inline styles; only the editor pages allow them."""
    if request.endpoint == "designer.editor":
        response.headers["Content-Security-Policy"] = EDITOR_CSP
    return response


def processes() -> Any:
    return render_template("designer/processes.html", processes=queries.processes(),
                           files=queries.file_titles(dict(sorted(engine.workspace().items()))))


def diff(key: str) -> Any:
    versions = engine.versions(key)
    if not versions:
        raise NotFound(_("No process %(key)s is deployed.", key=key))
    newest = versions[0].version
    new = engine.version(key, request.args.get("to", newest, type=int))
    old = engine.version(key, request.args.get("from", max(new.version - 1, 1), type=int))
    return render_template("designer/diff.html", key=key, name=process_name(key, new.name), old=old, new=new,
                           versions=versions,
                           changes=engine.changes_between(old, new))


def redeploy(key: str, number: int) -> Any:
    try:
        deployed = services.redeploy(key, number, actor=current_user, accept_gaps=request.form.get("reason") or None)
    except StaffingGaps as gaps:
        flash(gaps.message, "error")
        for row in gaps.report.gap_rows[:10]:
            flash(f"{row.level_name} {row.region_name} · {row.role_name}", "error")
        return redirect(url_for("designer.processes"))
    flash(_("Version %(version)s deployed again as: %(deployed)s.", version=number,
            deployed=", ".join(process_version(d.key, d.name, d.version) for d in deployed) or _("nothing changed")),
          "success")
    return redirect(url_for("designer.processes"))


def new_file() -> Any:
    """The processes page's "new file" box: a name the editor cannot open is said there, not answered 404."""
    name = request.args.get("name", "").strip()
    if not _is_editable(name):
        flash(_("That name cannot be used for a new file: use letters, digits, - or _, and one of the endings "
                "shown above the box."), "error")
        return redirect(url_for("designer.processes"))
    return redirect(url_for("designer.editor", name=name))


def editor(name: str) -> Any:
    _editable(name)
    kind = "dmn" if name.endswith(".dmn") else "bpmn"
    files = engine.workspace()
    return render_template(f"designer/{kind}_editor.html", name=name, exists=name in files,
                           title=queries.file_titles({name: files[name]}).get(name) if name in files else "",
                           labels=editor_labels(locale() == "en"))


def file(name: str) -> Any:
    _editable(name)
    files = engine.workspace()
    if name not in files:
        raise NotFound(_("No deployed file is called %(name)s.", name=name))
    return {"name": name, "xml": files[name]}


def validate(name: str) -> Any:
    try:
        parsed = services.check_files({_editable(name): _posted_xml()})
    except Invalid as error:
        return _refusal(error)
    states = {}
    for key, process in sorted(parsed.items()):
        newest = engine.latest(key)
        states[key] = "unchanged" if newest and newest.sha256 == process.sha256 else \
            f"v{(newest.version if newest else 0) + 1}"
    return {"ok": True, "processes": states, "staffing": staffing(parsed).as_json(),
            "warnings": flow_checks.warnings_of(parsed)}


def deploy(name: str) -> Any:
    """Refused with 409 `staffing_gaps` while tasks would wait where nobody may act, unless the request
    confirms it: `{"confirm_gaps": true, "reason": "…"}` (the reason goes to the administration trail)."""
    payload = request.get_json(silent=True)
    confirmed = isinstance(payload, dict) and payload.get("confirm_gaps") in (True, "true")
    reason = payload.get("reason") if isinstance(payload, dict) else None
    try:
        deployed = services.deploy_files({_editable(name): _posted_xml()}, actor=current_user,
                                         accept_gaps=(reason if isinstance(reason, str) else "") if confirmed else None)
    except StaffingGaps as gaps:
        return {"ok": False, "error": "staffing_gaps", "problems": [str(gaps.message)],
                "staffing": gaps.report.as_json()}, 409
    except Invalid as error:
        return _refusal(error)
    return {"ok": True, "deployed": [{"key": d.key, "version": d.version,
                                      "migrate": url_for("designer.migrate", key=d.key, to=d.version)}
                                     for d in deployed],
            "scenarios": [check.as_json() for check in rehearsal.rerun_scenarios(deployed, locale=locale())]}


CHANGE_KINDS = {"added": N_("added"), "removed": N_("removed"), "changed": N_("changed")}


def change_label(kind: str) -> str:
    return named(CHANGE_KINDS, kind)


def too_large(error: RequestEntityTooLarge) -> Any:
    """Larger than the whole request may be: answered as the editor reads refusals, not as an HTML page."""
    return {"ok": False, "problems": [f"the file is larger than {MAX_BYTES // 1_000_000} MB"]}, 413


def _refusal(error: Invalid) -> tuple[dict[str, Any], int]:
    problems = [problem_text(p) for p in error.problems] if isinstance(error, ProcessDefinitionError) \
        else [str(error.message)]
    return {"ok": False, "problems": problems}, 422


def _editable(name: str) -> str:
    if not _is_editable(name):
        abort(404)
    return name


def _is_editable(name: str) -> bool:
    return name.endswith(EDITABLE) and "/" not in name and not name.startswith(".") and len(name) <= 120


def _posted_xml() -> bytes:
    payload = request.get_json(silent=True)
    xml = payload.get("xml") if isinstance(payload, dict) else None
    if not isinstance(xml, str) or not xml.strip():
        raise Invalid(_("Send the diagram as JSON: {\"xml\": \"<definitions …>\"}."))
    return xml.encode("utf-8")

