"""Task forms: loading JSON Schema forms and validating what users submit."""

from pathlib import Path

from webapp.taskforms import html
from webapp.taskforms.catalog import FormCatalog, TaskForm
from webapp.taskforms.uploads import store_uploads
from webapp.taskforms.validation import check_references, field_errors, validate
from webapp.taskforms.widgets import Field, RenderedForm, initial_values, option_label, render

_catalog: FormCatalog | None = None


def configure(directory: Path) -> FormCatalog:
    """Point the app at its forms directory; called by `create_app`."""
    global _catalog
    _catalog = FormCatalog(directory)
    return _catalog


def catalog() -> FormCatalog:
    if _catalog is None:
        raise RuntimeError("taskforms.configure() was not called")
    return _catalog


__all__ = [
    "Field",
    "FormCatalog",
    "RenderedForm",
    "TaskForm",
    "catalog",
    "check_references",
    "configure",
    "field_errors",
    "html",
    "initial_values",
    "option_label",
    "render",
    "store_uploads",
    "validate",
]
