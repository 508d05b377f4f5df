"""Brands, process instances with their audit events, and attachments."""

from __future__ import annotations

from typing import Any

from flask import request, send_file

from webapp import engine
from webapp.api import actor, documented
from webapp.api.schemas import attachment_json, brand_json, event_json, instance_json
from webapp.applications import queries as applications
from webapp.attachments import store
from webapp.audit import queries as audit
from webapp.certificates import queries as certificates
from webapp.errors import Invalid
from webapp.history import search
from webapp.i18n import _
from webapp.library import queries as library
from webapp.review import queries as review


@documented("A brand with its recognized levels and library entries", response="Brand")
def get_brand(brand_id: int) -> Any:
    brand = applications.brand_for(brand_id, actor())
    return brand_json(brand, library.entries_of_brand(brand.id), applications.applications_of_brand(brand.id),
                      certificates.of_brand(brand.id))


@documented("A process instance: its state and current tasks", response="Instance")
def get_instance(instance_id: int) -> Any:
    instance = review.readable_instance(instance_id, actor())
    return instance_json(instance, review.definition_of(instance), engine.open_tasks(instance.id))


@documented("The audit events of an instance, oldest first (officials, auditors, administrators, and "
            "people a decision of the case was copied to)",
            response="EventList")
def get_instance_events(instance_id: int) -> Any:
    instance = search.readable_case(instance_id, actor())  # as on the history pages
    return {"items": [event_json(e) for e in audit.events_of(instance.id)]}


@documented("Upload a file (multipart field `file`): PDF, PNG, JPEG, DOCX or XLSX up to 10 MB",
            response="Attachment", status=201)
def upload_attachment() -> Any:
    upload = request.files.get("file")
    if upload is None:
        raise Invalid(_("Send the file as multipart field `file`."), field_errors={"file": [_("No file was sent.")]})
    attachment = store.save_upload(upload.read(), upload.filename or "", actor_id=actor().id)
    return attachment_json(attachment), 201


@documented("Download an attachment of an application you may read")
def download_attachment(attachment_id: str) -> Any:
    attachment, path = applications.attachment_for(attachment_id, actor())
    return send_file(path, mimetype=attachment.content_type, as_attachment=True,
                     download_name=attachment.name)
