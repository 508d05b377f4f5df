"""Reads about applications and brands, with the reader's jurisdiction applied."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, Select, false, func, or_, select

from webapp import engine
from webapp.applications.models import Application, Brand, CreationUnit
from webapp.attachments import store
from webapp.attachments.models import Attachment
from webapp.auth import permissions
from webapp.auth.models import User, owner_unit_id, unit_owner_key
from webapp.auth.roles import APPLICANT
from webapp.db import session
from webapp.errors import Forbidden, NotFound
from webapp.i18n import _
from webapp.paging import Page, fetch_scalars
from webapp.regions import picker
from webapp.regions import queries as regions
from webapp.regions.picker import RegionChoice

PROCESS_KEY = "recommendation"


def _may_read(user: User, region_code: str | None, owner_key: str | None) -> bool:
    region = regions.get(region_code) if region_code else None
    path = region.ancestor_codes if region else []
    return permissions.may_read(user.role_pairs, user.owner_keys, region_path=path, owner_key=owner_key)


def readable_by(user: User, region_code: ColumnElement[Any], unit_id: ColumnElement[Any]) -> ColumnElement[bool]:
    """`_may_read` for a list: rows (brands, applications, creation units) within a region where the user
    reads (`permissions.reading_regions`), or of the user's own creation unit."""
    codes = permissions.reading_regions(user.role_pairs)
    units = [unit for key in user.owner_keys if (unit := owner_unit_id(key)) is not None]
    conditions = [region_code.in_(regions.codes_within(codes))] if codes else []
    if units:
        conditions.append(unit_id.in_(units))
    return or_(*conditions) if conditions else false()


def _readable(kind: type[Application] | type[Brand], record_id: int, user: User) -> Any:
    """An application or brand the user may read: 404 when it does not exist, 403 outside jurisdiction."""
    record = session.get(kind, record_id)
    if record is None:
        raise NotFound(_("%(kind)s %(id)s does not exist.", kind=_kind_name(kind), id=record_id))
    if not _may_read(user, record.base_region_code, unit_owner_key(record.unit_id)):
        raise Forbidden(_("%(kind)s %(id)s is outside your jurisdiction.", kind=_kind_name(kind), id=record_id))
    return record


def _kind_name(kind: type[Application] | type[Brand]) -> Any:
    return _("Application") if kind is Application else _("Brand")


def application_for(application_id: int, user: User) -> Application:
    return _readable(Application, application_id, user)  # type: ignore[no-any-return]


def applications_for(user: User, *, limit: int = 100) -> list[Application]:
    """The unit's own applications for its staff; those in the jurisdiction for officials."""
    return list(session.scalars(_applications(user).limit(limit)))


def page_of_applications(user: User, number: int) -> Page[Application]:
    """`applications_for`, a page at a time (the applications page)."""
    return fetch_scalars(_applications(user), number)


def _applications(user: User) -> Select[tuple[Application]]:
    query: Select[tuple[Application]] = select(Application)
    if user.creation_unit_id:
        query = query.where(Application.unit_id == user.creation_unit_id)
    else:
        query = query.where(readable_by(user, Application.base_region_code, Application.unit_id))
    return query.order_by(Application.id.desc())


def last_submitted(applications: list[Application]) -> dict[int, datetime]:
    """When each application was last submitted: its first submission, or the latest revision the unit
    sent back after a return (an applicant's task done on its case). `submitted_at` keeps the first."""
    by_instance = {a.instance_id: a for a in applications if a.instance_id is not None}
    revised = dict(session.execute(
        select(engine.HumanTask.instance_id, func.max(engine.HumanTask.completed_at))
        .where(engine.HumanTask.instance_id.in_(by_instance), engine.HumanTask.candidate_group == APPLICANT,
               engine.HumanTask.status == engine.TaskStatus.DONE)
        .group_by(engine.HumanTask.instance_id)).all()) if by_instance else {}
    return {a.id: max(filter(None, (a.submitted_at, revised.get(a.instance_id))))
            for a in applications if a.submitted_at is not None}


def brand_for(brand_id: int, user: User) -> Brand:
    return _readable(Brand, brand_id, user)  # type: ignore[no-any-return]


def applications_of_brand(brand_id: int) -> list[Application]:
    return list(session.scalars(select(Application).where(Application.brand_id == brand_id)
                                .order_by(Application.id)))


def attachment_for(attachment_id: str, user: User) -> tuple[Attachment, Path]:
    """An attachment its uploader may read, and so may whoever may read the case (or draft) it belongs to."""
    attachment, path = store.stored(attachment_id)
    if attachment.uploaded_by_id == user.id or _may_read_owner_of(attachment, user):
        return attachment, path
    raise NotFound(_("No such attachment."))


def _may_read_owner_of(attachment: Attachment, user: User) -> bool:
    if attachment.instance_id is not None:
        instance = session.get(engine.ProcessInstance, attachment.instance_id)
        return instance is not None and _may_read(user, instance.base_region_code, instance.owner_key)
    draft = session.get(Application, attachment.application_id) if attachment.application_id is not None else None
    return draft is not None and _may_read(user, draft.base_region_code, unit_owner_key(draft.unit_id))


@dataclass(frozen=True)
class Summary:
    """A brand with its creation unit (and the application, for a recommendation case)."""

    application: Application | None
    brand: Brand | None
    unit: CreationUnit

    @property
    def name(self) -> str:
        return self.brand.name if self.brand else str((self.application.data if self.application else {})
                                                      .get("brand_name", ""))

    @property
    def region_code(self) -> str | None:
        return self.application.base_region_code if self.application else (self.brand.base_region_code
                                                                           if self.brand else None)


def summary(application_id: int) -> Summary:
    """No permission check: callers show it on a page already checked (a task or the application)."""
    application = session.get(Application, application_id)
    if application is None:
        raise NotFound(_("Application %(id)s does not exist.", id=application_id))
    brand = session.get(Brand, application.brand_id) if application.brand_id else None
    unit = session.get(CreationUnit, application.unit_id)
    assert unit is not None  # enforced by the foreign key
    return Summary(application=application, brand=brand, unit=unit)


def start_form_key() -> str:
    """The form that files an application: the recommendation process's start form."""
    definition = engine.latest_or_fail(PROCESS_KEY)
    if not definition.start_form_key:
        raise NotFound(_("The %(key)s process has no start form (camunda:formKey on its start event).",
                         key=PROCESS_KEY))
    return definition.start_form_key


def base_regions_for(user: User) -> list[RegionChoice]:
    """Where the user's creation unit may place a brand: the villages and townships of its region."""
    unit = session.get(CreationUnit, user.creation_unit_id) if user.creation_unit_id else None
    return picker.choices([unit.region_code], below_only=True) if unit else []


def filed_region(application_id: int) -> list[RegionChoice]:
    """The one region a revision offers: the one the application was filed for, which stays
    (`rules.check_revision`)."""
    application = session.get(Application, application_id)
    choice = picker.choice_for(application.base_region_code) if application else None
    return [choice] if choice else []


def brand_summary(brand_id: int) -> Summary:
    """No permission check: callers show it on a page already checked."""
    brand = session.get(Brand, brand_id)
    if brand is None:
        raise NotFound(_("Brand %(id)s does not exist.", id=brand_id))
    return Summary(application=None, brand=brand, unit=unit_of(brand))


def unit_of(brand: Brand) -> CreationUnit:
    unit = session.get(CreationUnit, brand.unit_id)
    assert unit is not None  # enforced by the foreign key
    return unit
