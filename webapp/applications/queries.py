"""Reads about applications and brands, with the reader's jurisdiction applied."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Select, or_, select

from webapp.applications.models import Application, Brand
from webapp.attachments import store
from webapp.attachments.models import Attachment
from webapp.auth import permissions
from webapp.auth.models import User
from webapp.auth.roles import APPLICANT
from webapp.db import session
from webapp.errors import Forbidden, NotFound
from webapp.regions import queries as regions
from webapp.regions.models import Region


def _may_read(user: User, region_code: str | None, unit_id: int) -> bool:
    region = regions.get(region_code) if region_code else None
    path = region.ancestor_codes if region else []
    return permissions.may_read(user.role_pairs, user.owner_keys, region_path=path, owner_key=f"unit:{unit_id}")


def _readable(kind: type[Application] | type[Brand], record_id: int, user: User) -> Any:
    """An application or brand the user may read: 404 when it does not exist, 403 outside jurisdiction."""
    record = session.get(kind, record_id)
    if record is None:
        raise NotFound(f"{kind.__name__} {record_id} does not exist.")
    if not _may_read(user, record.base_region_code, record.unit_id):
        raise Forbidden(f"{kind.__name__} {record_id} is outside your jurisdiction.")
    return record


def application_for(application_id: int, user: User) -> Application:
    return _readable(Application, application_id, user)  # type: ignore[no-any-return]


def applications_for(user: User, *, limit: int = 100) -> list[Application]:
    """The unit's own applications for its staff; those in the jurisdiction for officials."""
    query: Select[tuple[Application]] = select(Application)
    if user.creation_unit_id:
        query = query.where(Application.unit_id == user.creation_unit_id)
    else:
        codes = [code for role, code in user.role_pairs if role != APPLICANT]
        if not codes:
            return []
        query = query.join(Region, Region.code == Application.base_region_code).where(
            or_(*[Region.path.contains(f"/{code}/", autoescape=True) for code in codes]))
    return list(session.scalars(query.order_by(Application.id.desc()).limit(limit)))


def brand_for(brand_id: int, user: User) -> Brand:
    return _readable(Brand, brand_id, user)  # type: ignore[no-any-return]


def applications_of_brand(brand_id: int) -> list[Application]:
    return list(session.scalars(select(Application).where(Application.brand_id == brand_id)
                                .order_by(Application.id)))


def attachment_for(attachment_id: str, user: User) -> tuple[Attachment, Path]:
    """An attachment its uploader may read, and so may whoever may read an application using it."""
    attachment, path = store.stored(attachment_id)
    if attachment.uploaded_by_id == user.id:
        return attachment, path
    uploader = session.get(User, attachment.uploaded_by_id)
    unit_id = uploader.creation_unit_id if uploader else None
    for application in session.scalars(select(Application).where(Application.unit_id == unit_id)):
        used = {str(item.get("id")) for item in application.data.get("attachments") or [] if isinstance(item, dict)}
        if attachment.id in used and _may_read(user, application.base_region_code, application.unit_id):
            return attachment, path
    raise NotFound("No such attachment.")
