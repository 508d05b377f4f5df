"""The URL map of the process designer under /admin (流程): processes and versions, the BPMN/DMN editor,
rehearsals, moving running cases, stranded tasks and the form editor; the views are in `views.py`,
`form_views.py`, `migrate_views.py`, `rehearsal_views.py` and `stranded_views.py`."""

from __future__ import annotations

from flask import Blueprint
from werkzeug.exceptions import RequestEntityTooLarge

from webapp.designer import form_views, migrate_views, rehearsal_views, stranded_views, views

bp = Blueprint("designer", __name__, template_folder="templates", url_prefix="/admin")
bp.before_request(views.designers_only)
bp.after_request(views.editor_styles)
bp.after_request(form_views.code_editor_styles)
bp.register_error_handler(RequestEntityTooLarge, views.too_large)
bp.add_app_template_filter(views.change_label, "change_label")
bp.add_app_template_filter(migrate_views.element_kind, "element_kind")
bp.add_app_template_filter(migrate_views.detail_label, "detail_label")
bp.add_app_template_filter(migrate_views.level_label, "level_label")

bp.add_url_rule("/processes", "processes", views.processes, methods=["GET"])
bp.add_url_rule("/processes/<key>/diff", "diff", views.diff, methods=["GET"])
bp.add_url_rule("/processes/<key>/versions/<int:number>/redeploy", "redeploy", views.redeploy, methods=["POST"])
bp.add_url_rule("/processes/<key>/migrate", "migrate", migrate_views.migrate, methods=["GET", "POST"])
bp.add_url_rule("/processes/stranded", "stranded_tasks", stranded_views.stranded_tasks, methods=["GET"])
bp.add_url_rule("/editor", "new_file", views.new_file, methods=["GET"])
bp.add_url_rule("/editor/<name>", "editor", views.editor, methods=["GET"])
bp.add_url_rule("/files/<name>", "file", views.file, methods=["GET"])
bp.add_url_rule("/files/<name>/validate", "validate", views.validate, methods=["POST"])
bp.add_url_rule("/files/<name>/deploy", "deploy", views.deploy, methods=["POST"])
bp.add_url_rule("/files/<name>/rehearse", "rehearse", rehearsal_views.rehearse, methods=["POST"])
bp.add_url_rule("/files/<name>/scenarios", "scenarios", rehearsal_views.scenarios, methods=["GET"])
bp.add_url_rule("/files/<name>/scenarios", "save_scenario", rehearsal_views.save_scenario, methods=["POST"])
bp.add_url_rule("/scenarios/<int:scenario_id>/delete", "delete_scenario", rehearsal_views.delete_scenario,
                methods=["POST"])
bp.add_url_rule("/rehearsal/regions", "rehearsal_regions", rehearsal_views.rehearsal_regions, methods=["GET"])
bp.add_url_rule("/forms", "forms", form_views.forms, methods=["GET"])
bp.add_url_rule("/forms/new", "new_form", form_views.new_form, methods=["GET"])
bp.add_url_rule("/forms/<key>", "form", form_views.form, methods=["GET", "POST"])
bp.add_url_rule("/forms/<key>/preview", "form_preview", form_views.form_preview, methods=["POST"])
