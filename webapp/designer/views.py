"""Designer pages: processes and versions, the BPMN/DMN editor with validation and deployment,
version diffs, moving running cases, and the form editor with its live preview."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.exceptions import RequestEntityTooLarge

from webapp import engine, taskforms
from webapp.applications.pages import locale
from webapp.auth.queries import is_national_admin
from webapp.designer import queries, services
from webapp.engine.safety import MAX_BYTES
from webapp.errors import Invalid, NotFound, ProcessDefinitionError
from webapp.i18n import N_, _
from webapp.vocabulary import named

bp = Blueprint("designer", __name__, template_folder="templates", url_prefix="/admin")
EDITABLE = (".bpmn", ".dmn")
EDITOR_CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; "
              "frame-ancestors 'none'; form-action 'self'; base-uri 'self'")


@bp.before_request
@login_required
def designers_only() -> None:
    queries.require_designer(current_user)


@bp.after_request
def editor_styles(response: Any) -> Any:
    """bpmn-js's properties panel and dmn-js set inline styles; only the editor pages allow them."""
    if request.endpoint == "designer.editor":
        response.headers["Content-Security-Policy"] = EDITOR_CSP
    return response


@bp.app_context_processor
def designer_links() -> dict[str, Any]:
    def may_design() -> bool:
        return bool(current_user.is_authenticated) and is_national_admin(current_user)

    return {"may_design": may_design}


@bp.get("/processes")
def processes() -> Any:
    return render_template("designer/processes.html", processes=queries.processes(),
                           files=sorted(engine.workspace()))


@bp.get("/processes/<key>/diff")
def diff(key: str) -> Any:
    versions = engine.versions(key)
    if not versions:
        raise NotFound(_("No process %(key)s is deployed.", key=key))
    newest = versions[0].version
    new = engine.version(key, request.args.get("to", newest, type=int))
    old = engine.version(key, request.args.get("from", max(new.version - 1, 1), type=int))
    return render_template("designer/diff.html", key=key, old=old, new=new, versions=versions,
                           changes=engine.changes_between(old, new))


@bp.route("/processes/<key>/migrate", methods=["GET", "POST"])
def migrate(key: str) -> Any:
    number = request.args.get("to", type=int) or engine.latest_or_fail(key).version
    if request.method == "POST":
        chosen = {int(value) for value in request.form.getlist("case") if value.isdecimal() and len(value) <= 9}
        if not chosen:
            flash(_("Choose at least one case to move."), "error")
        else:
            report = services.migrate_cases(key, number, chosen, actor=current_user)
            flash(_("Moved to version %(version)s: %(moved)s case(s); stayed: %(stayed)s.", version=number,
                    moved=len(report.moved), stayed=len(report.refused)), "success" if report.moved else "error")
            for instance_id, reason in sorted(report.refused.items()):
                flash(f"#{instance_id}: {reason}", "error")
        return redirect(url_for("designer.migrate", key=key, to=number))
    return render_template("designer/migrate.html", key=key, target=engine.version(key, number),
                           candidates=queries.migration_preview(key, number))


@bp.post("/processes/<key>/versions/<int:number>/redeploy")
def redeploy(key: str, number: int) -> Any:
    deployed = services.redeploy(key, number, actor=current_user)
    flash(_("Version %(version)s deployed again as: %(deployed)s.", version=number,
            deployed=", ".join(f"{d.key} v{d.version}" for d in deployed) or _("nothing changed")), "success")
    return redirect(url_for("designer.processes"))


@bp.get("/editor")
def new_file() -> Any:
    return redirect(url_for("designer.editor", name=_editable(request.args.get("name", "").strip())))


@bp.get("/editor/<name>")
def editor(name: str) -> Any:
    _editable(name)
    kind = "dmn" if name.endswith(".dmn") else "bpmn"
    return render_template(f"designer/{kind}_editor.html", name=name, exists=name in engine.workspace())


@bp.get("/files/<name>")
def file(name: str) -> Any:
    _editable(name)
    files = engine.workspace()
    if name not in files:
        raise NotFound(_("No deployed file is called %(name)s.", name=name))
    return {"name": name, "xml": files[name]}


@bp.post("/files/<name>/validate")
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
    return {"ok": True, "processes": states}


@bp.post("/files/<name>/deploy")
def deploy(name: str) -> Any:
    try:
        deployed = services.deploy_files({_editable(name): _posted_xml()}, actor=current_user)
    except Invalid as error:
        return _refusal(error)
    return {"ok": True, "deployed": [{"key": d.key, "version": d.version,
                                      "migrate": url_for("designer.migrate", key=d.key, to=d.version)}
                                     for d in deployed]}


@bp.get("/forms")
def forms() -> Any:
    return render_template("designer/forms.html", keys=taskforms.catalog().keys())


@bp.get("/forms/new")
def new_form() -> Any:
    key = request.args.get("key", "").strip()
    if not taskforms.catalog().valid_key(key):
        flash(_("A form key is lower-case letters, digits, - and _ (at most 100)."), "error")
        return redirect(url_for("designer.forms"))
    return redirect(url_for("designer.form", key=key))


@bp.route("/forms/<key>", methods=["GET", "POST"])
def form(key: str) -> Any:
    catalog = taskforms.catalog()
    current = catalog.get(key) if catalog.exists(key) else None
    schema_text = request.form.get("schema", current.schema_text if current else _NEW_FORM)
    ui_text = request.form.get("ui", current.ui_text if current else "{}")
    errors: dict[str, list[Any]] = {}
    if request.method == "POST":
        try:
            saved = services.save_form(key, schema_text, ui_text, actor=current_user)
        except Invalid as error:
            errors = error.field_errors
        else:
            flash(_("Form %(key)s saved as version %(version)s.", key=key, version=saved.version) if saved
                  else _("Nothing changed."), "success")
            return redirect(url_for("designer.form", key=key))
    return render_template("designer/form.html", key=key, current=current, schema_text=schema_text,
                           ui_text=ui_text, errors=errors), (422 if errors else 200)


@bp.post("/forms/<key>/preview")
def form_preview(key: str) -> Any:
    """The form as officials will see it, drawn by the same renderer as the task pages."""
    try:
        draft = taskforms.parse_documents(key, request.form.get("schema", ""), request.form.get("ui", ""))
    except Invalid as error:
        return render_template("designer/_preview_errors.html", errors=error.field_errors), 422
    rendered = taskforms.render(draft, {}, {}, locale=locale(), user_options=lambda role: [(0, f"({role})")],
                                region_options=lambda: [])
    return render_template("designer/_preview.html", form=rendered)


_NEW_FORM = """{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "title": "",
  "type": "object",
  "required": ["decision"],
  "properties": {
    "decision": {"type": "string", "title": "", "enum": ["forward", "return"],
                 "x-enum-labels": {"forward": "", "return": ""}},
    "comment": {"type": "string", "title": "", "maxLength": 2000}
  }
}
"""


CHANGE_KINDS = {"added": N_("added"), "removed": N_("removed"), "changed": N_("changed")}
ATTRIBUTES = {
    "outputs": N_("what follows it"), "inputs": N_("what leads to it"), "bpmn_name": N_("name"),
    "extensions": N_("role, form, due date or properties"), "lane": N_("lane (level)"),
    "cond_task_specs": N_("conditions"), "default_task_spec": N_("default flow"), "event_definition": N_("event"),
    "typename": N_("kind of element"), "documentation": N_("documentation"), "task_spec": N_("what each instance does"),
}
"""What SpiffWorkflow calls the parts of a task spec that a version changed, as designers say it."""


@bp.app_template_filter("change_label")
def change_label(kind: str) -> str:
    return named(CHANGE_KINDS, kind)


@bp.app_template_filter("attribute_label")
def attribute_label(attribute: str) -> str:
    return named(ATTRIBUTES, attribute)


@bp.errorhandler(RequestEntityTooLarge)
def too_large(error: RequestEntityTooLarge) -> Any:
    """Larger than the whole request may be: answered as the editor reads refusals, not as an HTML page."""
    return {"ok": False, "problems": [f"the file is larger than {MAX_BYTES // 1_000_000} MB"]}, 413


def _refusal(error: Invalid) -> tuple[dict[str, Any], int]:
    problems = error.problems if isinstance(error, ProcessDefinitionError) else [str(error.message)]
    return {"ok": False, "problems": problems}, 422


def _editable(name: str) -> str:
    if not name.endswith(EDITABLE) or "/" in name or name.startswith(".") or len(name) > 120:
        abort(404)
    return name


def _posted_xml() -> bytes:
    payload = request.get_json(silent=True)
    xml = payload.get("xml") if isinstance(payload, dict) else None
    if not isinstance(xml, str) or not xml.strip():
        raise Invalid(_("Send the diagram as JSON: {\"xml\": \"<definitions …>\"}."))
    return xml.encode("utf-8")
