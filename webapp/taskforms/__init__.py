"""Task forms: JSON Schema forms deployed as versions, and validating what users submit."""

from webapp.taskforms import html
from webapp.taskforms.catalog import (
    FormCatalog,
    TaskForm,
    catalog,
    deploy,
    make_form,
    parse_documents,
    read_directory,
)
from webapp.taskforms.decisions import decision_choices, decision_label
from webapp.taskforms.rules import checked
from webapp.taskforms.schema_messages import Problem
from webapp.taskforms.uploads import KeepUploads, UploadsKept, store_uploads
from webapp.taskforms.validation import attachment_ids, check_references, field_errors, validate
from webapp.taskforms.widgets import Field, RenderedForm, initial_values, option_label, render

__all__ = [
    "Field",
    "FormCatalog",
    "KeepUploads",
    "Problem",
    "RenderedForm",
    "TaskForm",
    "UploadsKept",
    "attachment_ids",
    "catalog",
    "check_references",
    "checked",
    "decision_choices",
    "decision_label",
    "deploy",
    "field_errors",
    "html",
    "initial_values",
    "make_form",
    "option_label",
    "parse_documents",
    "read_directory",
    "render",
    "store_uploads",
    "validate",
]
