"""Commands of the applicant: save a draft, submit an application (which starts the recommendation
process); and the receiver that keeps applications in step with their process."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from webapp import engine, signals, taskforms
from webapp.applications import queries, rules
from webapp.applications.models import Application, ApplicationStatus, Brand, CreationUnit
from webapp.attachments import store as attachments
from webapp.attachments.models import case_key
from webapp.attachments.store import Upload
from webapp.audit import services as audit
from webapp.audit.models import AuditAction
from webapp.auth.models import User
from webapp.auth.roles import APPLICANT
from webapp.clock import now_utc
from webapp.command_log import logged
from webapp.db import session, transaction
from webapp.errors import Forbidden, Invalid, NotFound
from webapp.i18n import N_, _
from webapp.notifications.models import MessageKind
from webapp.notifications.services import tell_unit
from webapp.regions import queries as regions
from webapp.subjects import SubjectType


@logged("application {result.id} saved as a draft by user {actor.id}")
def save_draft(data: dict[str, Any], *, actor: User, application_id: int | None = None,
               uploads: Sequence[Upload] = ()) -> Application:
    with transaction():
        unit = _actor_unit(actor)
        form = taskforms.catalog().get(queries.start_form_key())
        data = taskforms.store_uploads(form, uploads, data, actor_id=actor.id)
        kept = taskforms.KeepUploads(uploads, data)
        with kept:
            cleaned = taskforms.validate(form, data, partial=True)
            application = _own_draft(application_id, unit) if application_id else None
            _check_attachments(form, cleaned, actor, application)
            if application is None:
                application = Application(unit_id=unit.id, data={}, created_by_id=actor.id)
                session.add(application)
            application.data = cleaned
            application.base_region_code = _known_region(cleaned.get("base_region"))
            application.updated_at = now_utc()
            session.flush()
            attachments.bind(taskforms.attachment_ids(form, cleaned), application_id=application.id)
            return application
    kept.refuse()


@logged("application {result.id} submitted by user {actor.id}: case {result.instance_id}")
def submit(data: dict[str, Any], *, actor: User, application_id: int | None = None,
           uploads: Sequence[Upload] = ()) -> Application:
    """Store the files chosen in the form, validate it whole, register the brand and start its
    recommendation process."""
    with transaction():
        unit = _actor_unit(actor)
        application = _own_draft(application_id, unit) if application_id else None
        form = taskforms.catalog().get(queries.start_form_key())
        data = taskforms.store_uploads(form, uploads, data, actor_id=actor.id)
        kept = taskforms.KeepUploads(uploads, data)
        with kept:
            cleaned = _validated(form, data, unit)
            _check_attachments(form, cleaned, actor, application)
            if application is None:
                application = Application(unit_id=unit.id, data={}, created_by_id=actor.id)
                session.add(application)
            brand = rules.register_brand(cleaned, unit, application)
            application.brand_id = brand.id
            application.data = cleaned
            application.warnings = rules.warnings_for(cleaned)
            application.base_region_code = cleaned["base_region"]
            application.status = ApplicationStatus.IN_REVIEW
            application.submitted_at = application.updated_at = now_utc()
            session.flush()
            definition = engine.latest_or_fail(queries.PROCESS_KEY)
            instance, outcome = engine.start(
                definition, subject_type=SubjectType.APPLICATION, subject_id=application.id, title=brand.name,
                base_region_code=application.base_region_code, owner_key=unit.owner_key, data=cleaned,
            )
            application.instance_id = instance.id
            attachments.bind(taskforms.attachment_ids(form, cleaned), instance_id=instance.id,
                             application_id=application.id)
            audit.record(instance, AuditAction.INSTANCE_STARTED, actor=actor, role=APPLICANT, lane=None,
                         region_code=application.base_region_code, data=cleaned)
            audit.case_advanced(instance, outcome, actor=actor, task=None, data=cleaned)
            return application
    kept.refuse()


def _validated(form: taskforms.TaskForm, data: dict[str, Any], unit: CreationUnit) -> dict[str, Any]:
    cleaned = taskforms.validate(form, data)
    errors = rules.base_region_errors(cleaned["base_region"], unit)
    if errors:
        raise Invalid(_("The form has errors; nothing was saved."), field_errors=errors)
    return cleaned


def _check_attachments(form: taskforms.TaskForm, data: dict[str, Any], actor: User,
                       draft: Application | None) -> None:
    """The files named are the sender's own new uploads, or already the draft's."""
    case = case_key(application_id=draft.id) if draft else None
    taskforms.check_references(form, data, user_pool=lambda role: set(),
                               attachment_usable=lambda item: attachments.usable(item, actor_id=actor.id, case=case))


def _actor_unit(actor: User) -> CreationUnit:
    unit = session.get(CreationUnit, actor.creation_unit_id) if actor.creation_unit_id else None
    if unit is None:
        raise Forbidden(_("Only the staff of a brand creation unit can file applications."))
    return unit


def _own_draft(application_id: int, unit: CreationUnit) -> Application:
    application = session.get(Application, application_id)
    if application is None or application.unit_id != unit.id:
        raise NotFound(_("Application %(id)s does not exist.", id=application_id))
    if application.status != ApplicationStatus.DRAFT:
        raise Invalid(_("Application %(id)s was already submitted; revise it from its task.", id=application_id))
    return application


def _known_region(code: Any) -> str | None:
    return code if isinstance(code, str) and regions.get(code) is not None else None


def check_revision(instance: engine.ProcessInstance, task: engine.HumanTask, data: dict[str, Any]) -> None:
    """Step, before the engine completes `task`: when it is the unit's revision of its application,
    refuse (Invalid) what the application may not take, so that a refusal changes nothing."""
    application = _revised(instance, task)
    if application is not None:
        rules.check_revision(application, data)


def _revised(instance: engine.ProcessInstance, task: engine.HumanTask) -> Application | None:
    """The application that completing `task` revises: a task of its case with the start form."""
    if instance.subject_type != SubjectType.APPLICATION:
        return None
    definition = session.get(engine.ProcessDefinition, instance.definition_id)
    if definition is None or task.form_key != definition.start_form_key:
        return None
    return session.get(Application, instance.subject_id)


@signals.instance_advanced.connect_via(queries.PROCESS_KEY)
def on_instance_advanced(process_key: str, *, instance: engine.ProcessInstance, outcome: engine.Outcome,
                         actor: User | None, task: engine.HumanTask | None, data: dict[str, Any] | None,
                         **_: Any) -> None:
    """Keep the application in step with its process, taking a revision `check_revision` let through."""
    application = session.get(Application, instance.subject_id)
    if application is None:
        return
    if task is not None and data is not None and _revised(instance, task) is application:
        rules.apply_revision(application, instance, data)
    rules.follow_process(application, instance, outcome)
    brand = session.get(Brand, application.brand_id) if application.brand_id and outcome.recognitions else None
    for lane in outcome.recognitions:
        region = regions.ancestor_at_level(instance.base_region_code, lane)
        signals.brand_recognized.send(brand, level=lane, region_code=region.code if region else None,
                                      application=application, at=now_utc())
    _tell_unit(application, instance, outcome)


NOT_RECOMMENDED_OUTCOMES = frozenset({"rejected", "not_selected"})
"""End-event outcomes (workflows/) that tell the unit its brand goes no further."""


def _tell_unit(application: Application, instance: engine.ProcessInstance, outcome: engine.Outcome) -> None:
    """The creation unit hears of each recognition, and of a recommendation that ends without one."""
    link = f"/applications/{application.id}"
    for lane in outcome.recognitions:
        tell_unit(instance.owner_key, MessageKind.RECOGNIZED,
                  N_("%(brand)s is recognized at the %(level)s level and enters its resource library."),
                  {"brand": instance.title, **regions.level_names(lane)},
                  event_key=f"case:{instance.id}:recognized:{lane}", link=link, instance_id=instance.id)
    if outcome.finished and instance.end_outcome in NOT_RECOMMENDED_OUTCOMES:
        tell_unit(instance.owner_key, MessageKind.NOT_RECOMMENDED,
                  N_("%(brand)s is not recommended beyond the %(level)s level."),
                  {"brand": instance.title, **regions.level_names(application.current_level)},
                  event_key=f"case:{instance.id}:not_recommended", link=link, instance_id=instance.id)

