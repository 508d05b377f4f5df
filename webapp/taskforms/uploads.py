"""Files chosen in a form's file field (`x-attachments`) are stored and added to its data.

A file from a form that is then refused stays an upload of its sender that no case holds yet; the
page sends its id back, so sending the form again reuses it instead of uploading it anew.
"""

from __future__ import annotations

from typing import Any

from werkzeug.datastructures import FileStorage, MultiDict

from webapp.attachments import store
from webapp.errors import Invalid
from webapp.taskforms.catalog import TaskForm
from webapp.taskforms.validation import ATTACHMENTS


def store_uploads(form: TaskForm, files: MultiDict[str, FileStorage], data: dict[str, Any], *,
                  actor_id: int) -> dict[str, Any]:
    for name in form.fields_with(ATTACHMENTS):
        for upload in files.getlist(f"{name}__upload"):
            if not upload or not upload.filename:
                continue
            try:
                stored = store.save_upload(upload.read(), upload.filename, actor_id=actor_id)
            except Invalid as error:
                messages = [f"{upload.filename}: {m}" for m in error.field_errors.get("file", [error.message])]
                raise Invalid(error.message, field_errors={name: messages}) from None
            data.setdefault(name, []).append({"id": stored.id, "name": stored.name})
    return data
