"""Files chosen in a form's file field (`x-attachments`) are stored and added to its data, inside the
command that saves the form.

A refused file (its type, size or name) leaves nothing: every file is checked before any is stored.
A form refused after its files were stored keeps them as uploads of its sender that no case holds
yet (`KeepUploads`); the page sends their ids back, so sending the form again reuses them instead of
asking for them anew.
"""

from __future__ import annotations

from collections.abc import Sequence
from types import TracebackType
from typing import Any, NoReturn

from sqlalchemy.orm import SessionTransaction

from webapp.attachments import store
from webapp.attachments.store import Upload
from webapp.db import session
from webapp.errors import Invalid
from webapp.taskforms.catalog import TaskForm
from webapp.taskforms.validation import ATTACHMENTS


def store_uploads(form: TaskForm, uploads: Sequence[Upload], data: dict[str, Any], *,
                  actor_id: int) -> dict[str, Any]:
    """Step: the form's data with the files of its file fields stored and named in it."""
    chosen = [(name, upload) for name in form.fields_with(ATTACHMENTS) for upload in uploads
              if upload.field == f"{name}__upload"]
    if not chosen:
        return data
    for name, upload in chosen:
        try:
            store.accept(upload.content, upload.name)
        except Invalid as error:
            messages = [f"{upload.name}: {m}" for m in error.field_errors.get("file", [error.message])]
            raise Invalid(error.message, field_errors={name: messages}) from None
    stored = dict(data)
    for name, upload in chosen:
        attachment = store.add(upload.content, upload.name, actor_id=actor_id)
        stored[name] = [*(stored.get(name) or []), {"id": attachment.id, "name": attachment.name}]
    return stored


class UploadsKept(Invalid):
    """The form was refused, and the files stored with it were kept: `data` names them."""

    def __init__(self, refused: Invalid, data: dict[str, Any]) -> None:
        super().__init__(refused.message, field_errors=refused.field_errors)
        self.data = data


class KeepUploads:
    """Around what saves a form once its uploads are stored: when that refuses the form (Invalid), it is
    rolled back to a savepoint and `refused` holds the error, so the command commits the uploads alone
    and then raises it. Without uploads it changes nothing: the refusal rolls the whole command back.

        with transaction():
            data = taskforms.store_uploads(form, uploads, data, actor_id=actor.id)
            kept = taskforms.KeepUploads(uploads, data)
            with kept:
                ...
                return result
        kept.refuse()
    """

    def __init__(self, uploads: Sequence[Upload], data: dict[str, Any]) -> None:
        self._keeping = bool(uploads)
        self._data = data
        self._savepoint: SessionTransaction | None = None
        self.refused: UploadsKept | None = None

    def refuse(self) -> NoReturn:
        """After the command committed the uploads: the refusal (only reached when there was one)."""
        assert self.refused is not None
        raise self.refused

    def __enter__(self) -> KeepUploads:
        if self._keeping:
            self._savepoint = session.begin_nested()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 _traceback: TracebackType | None) -> bool:
        if self._savepoint is None:
            return False
        if error is None:
            self._savepoint.commit()
            return False
        self._savepoint.rollback()
        if isinstance(error, Invalid):
            self.refused = UploadsKept(error, self._data)
            return True
        return False
