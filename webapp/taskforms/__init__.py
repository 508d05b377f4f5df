"""Task forms: JSON Schema forms deployed as versions, and validating what users submit."""

from webapp.taskforms import html
from webapp.taskforms.catalog import FormCatalog, TaskForm, deploy, make_form, parse_documents, read_directory
from webapp.taskforms.rules import checked
from webapp.taskforms.schema_messages import Problem
from webapp.taskforms.uploads import store_uploads
from webapp.taskforms.validation import attachment_ids, check_references, field_errors, validate
from webapp.taskforms.widgets import Field, RenderedForm, initial_values, option_label, render

_catalog = FormCatalog()


def catalog() -> FormCatalog:
    return _catalog


__all__ = [
    "Field",
    "FormCatalog",
    "Problem",
    "RenderedForm",
    "TaskForm",
    "attachment_ids",
    "catalog",
    "check_references",
    "checked",
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
