"""Accepting and storing uploads: type by content (not by name), size limit, safe names."""

from __future__ import annotations

import hashlib
import os
import unicodedata
from pathlib import Path

from webapp.attachments.models import Attachment
from webapp.db import session, transaction
from webapp.errors import Invalid, NotFound
from webapp.i18n import _

MAX_BYTES = 10 * 1024 * 1024
_SIGNATURES = (
    (b"%PDF-", "application/pdf", (".pdf",)),
    (b"\x89PNG\r\n\x1a\n", "image/png", (".png",)),
    (b"\xff\xd8\xff", "image/jpeg", (".jpg", ".jpeg")),
    (b"PK\x03\x04", "application/zip", (".docx", ".xlsx", ".zip")),
)
_directory: Path | None = None


def configure(directory: Path) -> None:
    global _directory
    _directory = directory


def _root() -> Path:
    if _directory is None:
        raise RuntimeError("attachments.store.configure() was not called")
    return _directory


def save_upload(content: bytes, filename: str, *, actor_id: int) -> Attachment:
    """Command: store an uploaded file and return its record (the same file twice is stored once)."""
    name = safe_name(filename)
    content_type = sniff(content, name)
    digest = hashlib.sha256(content).hexdigest()
    path = _path(digest)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".part")
        temporary.write_bytes(content)
        os.replace(temporary, path)
    with transaction():
        existing = session.get(Attachment, digest)
        if existing is not None:
            return existing
        attachment = Attachment(id=digest, name=name, content_type=content_type, size=len(content),
                                uploaded_by_id=actor_id)
        session.add(attachment)
        return attachment


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


def exists(attachment_id: str) -> bool:
    return len(attachment_id) == 64 and session.get(Attachment, attachment_id) is not None


def stored(attachment_id: str) -> tuple[Attachment, Path]:
    attachment = session.get(Attachment, attachment_id) if len(attachment_id) == 64 else None
    if attachment is None or not _path(attachment.id).exists():
        raise NotFound(_("No such attachment."))
    return attachment, _path(attachment.id)


def _path(digest: str) -> Path:
    if len(digest) != 64 or not all(c in "0123456789abcdef" for c in digest):
        raise NotFound(_("No such attachment."))
    return _root() / digest[:2] / digest
