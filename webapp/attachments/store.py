"""Accepting and storing uploads: type by content (not by name), size limit, safe names; which case an
upload belongs to."""

from __future__ import annotations

import hashlib
import os
import secrets
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from sqlalchemy import or_, update
from werkzeug.datastructures import FileStorage, MultiDict

from webapp.attachments.models import Attachment
from webapp.auth import permissions
from webapp.command_log import logged
from webapp.db import session, transaction
from webapp.errors import Conflict, Invalid, NotFound
from webapp.i18n import _

MAX_BYTES = 10 * 1024 * 1024
_SIGNATURES = (
    (b"%PDF-", "application/pdf", (".pdf",)),
    (b"\x89PNG\r\n\x1a\n", "image/png", (".png",)),
    (b"\xff\xd8\xff", "image/jpeg", (".jpg", ".jpeg")),
    (b"PK\x03\x04", "application/zip", (".docx", ".xlsx", ".zip")),
)


def directory() -> Path:
    """Where the app keeps uploaded bytes (BRANDCERT_ATTACHMENTS)."""
    return Path(current_app.config["ATTACHMENTS_DIR"])


@dataclass(frozen=True)
class Upload:
    """A file chosen in a form, as the view read it from the request. The type the browser claimed is
    not kept: `sniff` decides it by content."""

    field: str
    """The form input it came in, e.g. `attachments__upload`."""
    name: str
    content: bytes


def uploads_in(files: MultiDict[str, FileStorage]) -> list[Upload]:
    """The files of a multipart request as plain values (an empty file input sends a part without a name)."""
    return [Upload(field, upload.filename, upload.read()) for field, upload in files.items(multi=True)
            if upload and upload.filename]


@logged("attachment uploaded by user {actor_id}")
def save_upload(content: bytes, filename: str, *, actor_id: int) -> Attachment:
    """Command: store an uploaded file and return its own record (the same bytes are kept on disk once)."""
    with transaction():
        return add(content, filename, actor_id=actor_id)


def add(content: bytes, filename: str, *, actor_id: int) -> Attachment:
    """Step: accept a file (`accept` refuses it before anything is written) and store it as its sender's."""
    name, content_type = accept(content, filename)
    digest = hashlib.sha256(content).hexdigest()
    path = _path(digest)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".part")
        temporary.write_bytes(content)
        os.replace(temporary, path)
    attachment = Attachment(id=secrets.token_hex(32), sha256=digest, name=name, content_type=content_type,
                            size=len(content), uploaded_by_id=actor_id)
    session.add(attachment)
    return attachment


def accept(content: bytes, filename: str) -> tuple[str, str]:
    """The name a file is kept under and its type, or Invalid (for the field `file`) saying why not."""
    name = safe_name(filename)
    return name, sniff(content, name)


def sniff(content: bytes, name: str) -> str:
    if not content:
        raise Invalid(_("The file is empty."), field_errors={"file": [_("The file is empty.")]})
    if len(content) > MAX_BYTES:
        raise Invalid(_("The file is too large."),
                      field_errors={"file": [_("At most %(size)s MB.", size=MAX_BYTES // 1048576)]})
    for magic, content_type, suffixes in _SIGNATURES:
        if content.startswith(magic):
            if not name.lower().endswith(suffixes):
                raise Invalid(_("The file name does not match its content."), field_errors={"file": [
                    _("The content is %(type)s; name it %(suffix)s.", type=content_type, suffix=suffixes[0])]})
            return content_type
    raise Invalid(_("This file type is not accepted."),
                  field_errors={"file": [_("Upload a PDF, PNG, JPEG, DOCX or XLSX file.")]})


def safe_name(filename: str) -> str:
    """The last path component, without control characters, at most 200 characters."""
    base = filename.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(c for c in unicodedata.normalize("NFC", base) if unicodedata.category(c)[0] != "C")
    cleaned = cleaned.strip().lstrip(".")
    if not cleaned:
        raise Invalid(_("The file needs a name."), field_errors={"file": [_("The file needs a name.")]})
    return cleaned[-200:]


def usable(attachment_id: str, *, actor_id: int, case: str | None) -> bool:
    """May a form of `case` (see `models.case_key`) sent by this user name this attachment?"""
    attachment = session.get(Attachment, attachment_id) if len(attachment_id) == 64 else None
    return attachment is not None and permissions.may_reference_attachment(
        actor_id, uploaded_by_id=attachment.uploaded_by_id, bound_to=attachment.bound_to, case=case)


def bind(attachment_ids: Iterable[str], *, instance_id: int | None = None, application_id: int | None = None) -> None:
    """Step: the attachments a saved form names belong to its case (and application) from now on.

    The caller checked them with `usable`; the conditions here make a concurrent form of another case
    that named the same upload fail instead of taking it over."""
    ids = set(attachment_ids)
    targets = [(Attachment.instance_id, instance_id), (Attachment.application_id, application_id)]
    for column, value in targets:
        if not ids or value is None:
            continue
        changed = session.execute(update(Attachment).where(Attachment.id.in_(ids), or_(
            column.is_(None), column == value)).values({column: value}))
        if changed.rowcount != len(ids):
            raise Conflict(_("An attached file was just used in another case; upload it again."))


def stored(attachment_id: str) -> tuple[Attachment, Path]:
    attachment = session.get(Attachment, attachment_id) if len(attachment_id) == 64 else None
    if attachment is None or not _path(attachment.sha256).exists():
        raise NotFound(_("No such attachment."))
    return attachment, _path(attachment.sha256)


def _path(digest: str) -> Path:
    if len(digest) != 64 or not all(c in "0123456789abcdef" for c in digest):
        raise NotFound(_("No such attachment."))
    return directory() / digest[:2] / digest
