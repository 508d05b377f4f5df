"""The form editor: the list of forms, a form's two documents in a code editor with its problems at
their lines, and the live preview drawn by the same renderer as the task pages.

The preview answers JSON (`problems`, each with its document, line, column, JSON path and message in
the reader's language, and the rendered `preview`), so the editor marks the lines as the
administrator types; saving posts the page's form and shows the same problems without script.
"""

from __future__ import annotations

import secrets
from typing import Any

from flask import flash, g, redirect, render_template, request, url_for
from flask_login import current_user

from webapp import taskforms
from webapp.applications.pages import locale
from webapp.designer import services
from webapp.designer.views import EDITOR_CSP
from webapp.errors import Invalid
from webapp.i18n import _


def code_editor_styles(response: Any) -> Any:
    """CodeMirror writes its styles into one <style> element: the form page allows that element by
    its nonce (not inline styles in general)."""
    nonce = g.get("style_nonce")
    if nonce and request.endpoint == "designer.form":
        response.headers["Content-Security-Policy"] = EDITOR_CSP.replace("'unsafe-inline'", f"'nonce-{nonce}'")
    return response


def forms() -> Any:
    catalog = taskforms.catalog()
    deployed = catalog.keys()
    return render_template("designer/forms.html", forms=[(key, catalog.get(key).title(locale())) for key in deployed])


def new_form() -> Any:
    key = request.args.get("key", "").strip()
    if not taskforms.catalog().valid_key(key):
        flash(_("A form key is lower-case letters, digits, - and _ (at most 100)."), "error")
        return redirect(url_for("designer.forms"))
    return redirect(url_for("designer.form", key=key))


def form(key: str) -> Any:
    catalog = taskforms.catalog()
    current = catalog.get(key) if catalog.exists(key) else None
    schema_text = request.form.get("schema", current.schema_text if current else NEW_FORM)
    ui_text = request.form.get("ui", current.ui_text if current else "{}")
    problems: list[dict[str, Any]] = []
    if request.method == "POST":
        try:
            saved = services.save_form(key, schema_text, ui_text, actor=current_user)
        except Invalid as error:
            problems = problem_list(error)
        else:
            flash(_("The form “%(title)s” is saved as version %(version)s.",
                    title=catalog.get(key).title(locale()) or key, version=saved.version) if saved
                  else _("Nothing changed."), "success")
            return redirect(url_for("designer.form", key=key))
    g.style_nonce = secrets.token_urlsafe(16)
    return render_template("designer/form.html", key=key, current=current, schema_text=schema_text,
                           title=current.title(locale()) if current else "",
                           ui_text=ui_text, problems=problems, style_nonce=g.style_nonce), (422 if problems else 200)


def form_preview(key: str) -> Any:
    """The form as officials will see it, with the problems that would stop it from being saved."""
    try:
        draft = taskforms.checked(key, request.form.get("schema", ""), request.form.get("ui", ""))
    except Invalid as error:  # the check itself succeeded: its answer is the list (no console error per keystroke)
        return {"ok": False, "problems": problem_list(error)}
    rendered = taskforms.render(draft, {}, {}, locale=locale(), user_options=lambda role: [(0, f"({role})")],
                                region_options=lambda: [])
    return {"ok": True, "problems": [], "preview": render_template("designer/_preview.html", form=rendered)}


def problem_list(error: Invalid) -> list[dict[str, Any]]:
    """Every problem as the editor shows it, ordered by document and line."""
    found = [message.as_json() if isinstance(message, taskforms.Problem) else
             {"document": document, "line": None, "column": None, "path": None, "message": str(message),
              "text": str(message)}
             for document, messages in error.field_errors.items() for message in messages]
    order = {"key": 0, "schema": 1, "ui": 2}
    found.sort(key=lambda p: (order.get(p["document"], 3), p["line"] or 0, p["column"] or 0))
    if len(found) > MAX_SHOWN:
        more = str(_("%(count)s more problems are not shown; fix these first.", count=len(found) - MAX_SHOWN))
        found[MAX_SHOWN:] = [{"document": "schema", "line": None, "column": None, "path": None, "message": more,
                              "text": more}]
    return found


MAX_SHOWN = 100
"""Problems listed and marked at once: enough to work through, few enough for a phone to draw."""


NEW_FORM = """{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "title": "新表单",
  "type": "object",
  "required": ["decision"],
  "properties": {
    "decision": {"type": "string", "title": "审核意见", "enum": ["forward", "return"],
                 "x-enum-labels": {"forward": "同意", "return": "退回修改"}},
    "comment": {"type": "string", "title": "意见说明", "maxLength": 2000}
  }
}
"""
"""A new form starts as a decision with a comment, in Chinese as officials read it; the old skeleton's
empty labels would be refused now that every option needs one."""
