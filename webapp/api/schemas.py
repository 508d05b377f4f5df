"""Response shapes: the serializers and the JSON Schemas the OpenAPI document publishes for them."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from webapp import engine
from webapp.applications.models import Application, ApplicationStatus, Brand
from webapp.audit.models import AuditEvent
from webapp.auth.models import ApiToken, User
from webapp.certificates.models import Certificate
from webapp.certificates.queries import Verdict
from webapp.desk.batch import BatchAction
from webapp.desk.opinions import OpinionState
from webapp.desk.panels import SeatState
from webapp.desk.substitutes import SubstitutionState
from webapp.exits.models import ExitOrigin
from webapp.extensions import LANGUAGES
from webapp.i18n import translate
from webapp.library.models import LibraryEntry
from webapp.notifications import queries as messages
from webapp.notifications.models import Message, MessageKind, NotificationSettings
from webapp.vocabulary import MESSAGE_KINDS, named


def _values(values: type[StrEnum]) -> list[str]:
    """An enum's values in the OpenAPI document, so that it never names a state the code does not have."""
    return [member.value for member in values]


def _enum(values: type[StrEnum]) -> dict[str, list[str]]:
    return {"enum": _values(values)}


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def user_json(user: User) -> dict[str, Any]:
    return {"id": user.id, "username": user.username, "display_name": user.display_name,
            "roles": [{"role": r, "region": c} for r, c in user.role_pairs],
            "creation_unit_id": user.creation_unit_id}


def token_json(token: ApiToken, *, current: bool) -> dict[str, Any]:
    """A token as its holder and administrators see it: never its secret or its hash."""
    return {"id": token.id, "name": token.name, "created_at": _iso(token.created_at),
            "last_used_at": _iso(token.last_used_at), "expires_at": _iso(token.expires_at),
            "revoked_at": _iso(token.revoked_at), "current": current}


def task_json(task: engine.HumanTask, instance: engine.ProcessInstance) -> dict[str, Any]:
    return {
        "id": task.id, "name": task.name, "bpmn_id": task.bpmn_id, "level": task.lane,
        "role": task.candidate_group, "region": task.region_code, "form_key": task.form_key,
        "status": str(task.status), "assignee_id": task.assignee_id, "due_at": _iso(task.due_at),
        "due_counted_monday_to_friday": [int(y) for y in task.due_assumed_years.split(",")]
        if task.due_assumed_years else [],
        "created_at": _iso(task.created_at), "completed_at": _iso(task.completed_at),
        "completed_by_id": task.completed_by_id, "instance_id": instance.id, "title": instance.title,
        "subject": {"type": instance.subject_type, "id": instance.subject_id},
        "delegated_by_id": task.delegated_by_id,
        "delegation_state": str(task.delegation_state) if task.delegation_state else None, "draft": task.draft,
    }


def history_json(task: engine.HumanTask) -> dict[str, Any]:
    return {"task_id": task.id, "name": task.name, "level": task.lane, "role": task.candidate_group,
            "completed_at": _iso(task.completed_at), "completed_by_id": task.completed_by_id,
            "data": task.submitted}


def application_json(application: Application, open_tasks: list[engine.HumanTask]) -> dict[str, Any]:
    return {
        "id": application.id, "status": str(application.status), "brand_id": application.brand_id,
        "unit_id": application.unit_id, "base_region": application.base_region_code,
        "current_level": application.current_level, "recognized_levels": application.recognized_levels,
        "outcome": application.outcome, "instance_id": application.instance_id, "data": application.data,
        "warnings": {field: [translate(w) for w in found] for field, found in application.warnings.items()},
        "submitted_at": _iso(application.submitted_at),
        "waiting_for": [{"task_id": t.id, "name": t.name, "level": t.lane, "role": t.candidate_group,
                         "region": t.region_code, "due_at": _iso(t.due_at)} for t in open_tasks],
    }


def certificate_json(certificate: Certificate) -> dict[str, Any]:
    return {"number": certificate.number, "level": certificate.level, "region": certificate.region_code,
            "status": str(certificate.status), "issued_on": certificate.issued_on.isoformat(),
            "valid_until": certificate.valid_until.isoformat(), "pdf_sha256": certificate.pdf_sha256,
            "pdf": f"/api/v1/certificates/{certificate.number}/pdf" if certificate.pdf_path else None,
            "revoked_at": _iso(certificate.revoked_at), "revoke_reason": certificate.revoke_reason}


def brand_json(brand: Brand, entries: list[LibraryEntry], applications: list[Application],
               certificates: list[Certificate]) -> dict[str, Any]:
    active = [e for e in entries if e.status == "active"]
    return {
        "id": brand.id, "name": brand.name, "type": brand.brand_type, "industry": brand.industry,
        "base_region": brand.base_region_code, "unit_id": brand.unit_id,
        "recognized_levels": [e.level for e in active],
        "library_entries": [{"level": e.level, "region": e.region_code, "status": str(e.status),
                             "entered_at": _iso(e.entered_at), "exited_at": _iso(e.exited_at),
                             "exit_reason": e.exit_reason} for e in entries],
        "applications": [{"id": a.id, "status": str(a.status), "instance_id": a.instance_id}
                         for a in applications],
        "certificates": [certificate_json(c) for c in certificates],
    }


def instance_json(instance: engine.ProcessInstance, definition: engine.ProcessDefinition,
                  open_tasks: list[engine.HumanTask]) -> dict[str, Any]:
    return {
        "id": instance.id, "process": definition.key, "version": definition.version,
        "status": str(instance.status), "end_outcome": instance.end_outcome, "title": instance.title,
        "subject": {"type": instance.subject_type, "id": instance.subject_id},
        "base_region": instance.base_region_code, "next_timer_at": _iso(instance.next_timer_at),
        "started_at": _iso(instance.started_at), "finished_at": _iso(instance.finished_at),
        "current_tasks": [task_json(t, instance) for t in open_tasks],
    }


def event_json(event: AuditEvent) -> dict[str, Any]:
    return {
        "seq": event.seq, "at": _iso(event.at), "action": str(event.action), "actor_id": event.actor_id,
        "actor": event.actor_name, "role": event.role, "region": event.region_code, "level": event.lane,
        "task": event.task_name, "bpmn_id": event.bpmn_id, "decision": event.decision, "data": event.data,
        "hash": event.hash,
    }


def message_json(message: Message, language: str) -> dict[str, Any]:
    return {"id": message.id, "kind": str(message.kind), "kind_name": named(MESSAGE_KINDS, str(message.kind)),
            "text": messages.text_of(message, language), "link": message.link, "instance_id": message.instance_id,
            "task_id": message.task_id, "created_at": _iso(message.created_at), "read_at": _iso(message.read_at)}


def settings_json(settings: NotificationSettings) -> dict[str, Any]:
    return {"language": settings.language, "email": settings.email, "email_enabled": settings.email_enabled,
            "phone": settings.phone, "webhook_enabled": settings.webhook_enabled,
            "daily_digest": settings.daily_digest}

_TIME = {"type": ["string", "null"], "format": "date-time"}
_ID = {"type": "integer"}
_ANY_OBJECT = {"type": "object"}

COMPONENTS: dict[str, dict[str, Any]] = {
    "Error": {"type": "object", "required": ["error", "message"], "properties": {
        "error": {"type": "string"}, "message": {"type": "string"},
        "field_errors": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
        "problems": {"type": "array", "items": {"type": "string"}}}},
    "TokenRequest": {"type": "object", "required": ["username", "password"], "properties": {
        "username": {"type": "string"}, "password": {"type": "string"},
        "name": {"type": "string", "maxLength": 100,
                 "description": "A label for the token, e.g. the script using it."}}},
    "Token": {"type": "object", "properties": {"token": {"type": "string"}, "id": _ID, "expires_at": _TIME,
                                                "user": {"$ref": "#/components/schemas/User"}}},
    "TokenInfo": {"type": "object", "properties": {
        "id": _ID, "name": {"type": "string"}, "created_at": _TIME, "last_used_at": _TIME, "expires_at": _TIME,
        "revoked_at": _TIME, "current": {"type": "boolean", "description": "The token of this request."}}},
    "TokenList": {"type": "object", "properties": {
        "items": {"type": "array", "items": {"$ref": "#/components/schemas/TokenInfo"}}}},
    "User": {"type": "object", "properties": {"id": _ID, "username": {"type": "string"},
                                               "display_name": {"type": "string"},
                                               "roles": {"type": "array", "items": _ANY_OBJECT}}},
    "ApplicationRequest": {"type": "object", "required": ["data"], "properties": {
        "data": {"description": "The application form (forms/application.schema.json).", "type": "object"},
        "submit": {"type": "boolean", "default": True,
                   "description": "false saves a draft; true validates fully and starts the process."}}},
    "Application": {"type": "object", "properties": {
        "id": _ID, "status": _enum(ApplicationStatus),
        "brand_id": {"type": ["integer", "null"]}, "current_level": {"type": ["string", "null"]},
        "recognized_levels": {"type": "array", "items": {"type": "string"}}, "data": _ANY_OBJECT,
        "warnings": _ANY_OBJECT, "waiting_for": {"type": "array", "items": _ANY_OBJECT}}},
    "ApplicationList": {"type": "object", "properties": {
        "items": {"type": "array", "items": {"$ref": "#/components/schemas/Application"}}}},
    "Task": {"type": "object", "properties": {
        "id": _ID, "name": {"type": "string"}, "level": {"type": ["string", "null"]},
        "role": {"type": "string"}, "region": {"type": ["string", "null"]}, "status": {"type": "string"},
        "form_key": {"type": ["string", "null"]}, "due_at": _TIME, "instance_id": _ID, "title": {"type": "string"},
        "due_counted_monday_to_friday": {
            "type": "array", "items": {"type": "integer"},
            "description": "Years whose holidays were not entered when the due date was counted, so it counted "
                           "Monday-Friday there; it is recounted when they are."},
        "assignee_id": {"type": ["integer", "null"], "description": "Who holds it (claimed, transferred, delegated)."},
        "delegated_by_id": {"type": ["integer", "null"],
                            "description": "委派: the holder who asked the assignee to prepare the decision."},
        "delegation_state": {"enum": [*_values(engine.DelegationState), None],
                             "description": "pending: the delegate prepares it; resolved: back with the holder."},
        "draft": {"type": ["object", "null"], "description": "The decision a delegate prepared."}}},
    "TaskList": {"type": "object", "properties": {
        "items": {"type": "array", "items": {"$ref": "#/components/schemas/Task"}}, "total": _ID,
        "counts": _ANY_OBJECT}},
    "TaskDetail": {"type": "object", "properties": {
        "task": {"$ref": "#/components/schemas/Task"}, "may_act": {"type": "boolean"},
        "form": {"type": "object", "properties": {"key": {"type": "string"}, "schema": _ANY_OBJECT,
                                                   "ui": _ANY_OBJECT}},
        "case": _ANY_OBJECT, "history": {"type": "array", "items": _ANY_OBJECT}}},
    "CompleteRequest": {"type": "object", "required": ["data"], "properties": {
        "data": {"type": "object", "description": "The task's form, validated against its JSON Schema."}}},
    "Completion": {"type": "object", "properties": {
        "task": {"$ref": "#/components/schemas/Task"}, "recognized_levels": {"type": "array"},
        "finished": {"type": "boolean"}, "next_tasks": {"type": "array"}}},
    "Brand": {"type": "object", "properties": {
        "id": _ID, "name": {"type": "string"}, "type": {"type": "string"},
        "recognized_levels": {"type": "array", "items": {"type": "string"}},
        "library_entries": {"type": "array", "items": _ANY_OBJECT}}},
    "Instance": {"type": "object", "properties": {
        "id": _ID, "process": {"type": "string"}, "version": _ID, "status": {"type": "string"},
        "current_tasks": {"type": "array", "items": {"$ref": "#/components/schemas/Task"}}}},
    "EventList": {"type": "object", "properties": {"items": {"type": "array", "items": _ANY_OBJECT}}},
    "Verification": {"type": "object", "properties": {
        "status": _enum(Verdict),
        "superseded": {"type": "boolean"}, "certificate": {"type": ["object", "null"]},
        "signature": {"type": "object"}}},
    "BatchRequest": {"type": "object", "required": ["region"], "properties": {
        "region": {"type": "string"}, "reason": {"type": "string"}}},
    "Batch": {"type": "object", "properties": {
        "id": _ID, "region": {"type": "string"}, "total": _ID, "done": _ID, "percent": _ID, "finished_at": _TIME}},
    "CampaignRequest": {"type": "object", "required": ["region"], "properties": {
        "region": {"type": "string"}, "rate": {"type": "number", "exclusiveMinimum": 0, "maximum": 1, "default": 0.2},
        "seed": {"type": "string"}}},
    "Campaign": {"type": "object", "properties": {
        "id": _ID, "year": _ID, "region": {"type": "string"}, "rate": {"type": "number"}, "seed": {"type": "string"},
        "active_brands": _ID, "status": _ANY_OBJECT, "outcomes": _ANY_OBJECT,
        "sample": {"type": "array", "items": _ANY_OBJECT}}},
    "ReasonRequest": {"type": "object", "required": ["reason"], "properties": {"reason": {"type": "string"}}},
    "ExitCase": {"type": "object", "properties": {
        "id": _ID, "brand_id": _ID, "origin": _enum(ExitOrigin),
        "reason": {"type": "string"}, "level": {"type": "string"}, "instance_id": {"type": ["integer", "null"]},
        "outcome": {"type": ["string", "null"]}}},
    "Person": {"type": "object", "properties": {"id": _ID, "username": {"type": "string"},
                                                 "display_name": {"type": "string"}}},
    "Urge": {"type": "object", "properties": {
        "instance_id": _ID, "day": {"type": "string", "format": "date",
                                    "description": "The working day (Beijing) the urge counts against."},
        "task_ids": {"type": "array", "items": _ID},
        "told": {"type": "array", "items": {"$ref": "#/components/schemas/Person"}}}},
    "CopyRequest": {"type": "object", "properties": {
        "usernames": {"type": "array", "maxItems": 50, "items": {"type": "string", "minLength": 1, "maxLength": 60,
                                                                   "pattern": "\\S"}},
        "level": {"type": ["string", "null"], "minLength": 1, "maxLength": 30,
                  "description": "A level key such as `city`: the officials of the case's region at that level."}},
        "description": "Name at least one user or a level. Only people holding a role on the case's path, or at "
                       "or below the region of the decision, may receive a copy."},
    "Copies": {"type": "object", "properties": {
        "task_id": _ID, "copied_to": {"type": "array", "items": {"$ref": "#/components/schemas/Person"}},
        "already_copied": {"type": "array", "items": {"$ref": "#/components/schemas/Person"}}}},
    "HandOver": {"type": "object", "required": ["to", "reason"], "properties": {
        "to": {"type": ["integer", "string"], "description": "The user's id or username: someone with the task's "
                                                               "role in its region."},
        "reason": {"type": "string", "minLength": 2, "maxLength": 500}}},
    "Release": {"type": "object", "required": ["reason"], "properties": {
        "reason": {"type": "string", "minLength": 2, "maxLength": 500}}},
    "Resolve": {"type": "object", "required": ["data"], "properties": {
        "data": {"type": "object", "description": "The task's form, filled: the decision prepared for the holder."}}},
    "ReturnRequest": {"type": "object", "required": ["target_task_id", "comment"], "properties": {
        "target_task_id": {"type": "integer", "description": "One of `return_targets` of the task."},
        "comment": {"type": "string", "minLength": 2, "maxLength": 2000}}},
    "ReturnTargets": {"type": "object", "properties": {"items": {"type": "array", "items": {
        "type": "object", "properties": {"task_id": _ID, "name": {"type": "string"}, "level": {"type": "string"},
                                         "completed_by": {"type": "string"}, "completed_at": _TIME}}}}},
    "TaskHeld": {"type": "object", "properties": {"task": {"$ref": "#/components/schemas/Task"}}},
    "SubstitutionRequest": {"type": "object", "required": ["substitute", "starts_on", "ends_on", "reason"],
                            "properties": {
        "substitute": {"type": ["integer", "string"], "description": "The substitute's id or username: an active "
                       "colleague holding one of the principal's roles at the same region, or of his creation unit."},
        "starts_on": {"type": "string", "format": "date"},
        "ends_on": {"type": "string", "format": "date", "description": "Included; not in the past; at most 366 "
                                                                        "days after starts_on."},
        "reason": {"type": "string", "minLength": 1, "maxLength": 200}}},
    "Substitution": {"type": "object", "properties": {
        "id": _ID, "principal": {"$ref": "#/components/schemas/Person"},
        "substitute": {"$ref": "#/components/schemas/Person"},
        "starts_on": {"type": "string", "format": "date"}, "ends_on": {"type": "string", "format": "date"},
        "reason": {"type": "string"}, "set_by": {"type": "string", "description": "Who set it (display name)."},
        "state": _enum(SubstitutionState),
        "created_at": {"type": "string", "format": "date-time"},
        "cancelled_at": {"type": ["string", "null"], "format": "date-time"}}},
    "Substitutions": {"type": "object", "properties": {
        "as_principal": {"type": "array", "items": {"$ref": "#/components/schemas/Substitution"}},
        "as_substitute": {"type": "array", "items": {"$ref": "#/components/schemas/Substitution"}},
        "candidates": {"type": "array", "items": {"$ref": "#/components/schemas/Person"},
                       "description": "Who could stand in for the principal."}}},
    # issue 18 anchor: substitutes
    "ConsultationRequest": {"type": "object", "required": ["usernames", "question"], "properties": {
        "usernames": {"type": "array", "minItems": 1, "maxItems": 10,
                      "items": {"type": "string", "minLength": 1, "maxLength": 60, "pattern": "\\S"}},
        "question": {"type": "string", "minLength": 2, "maxLength": 2000}},
        "description": "Each person named must be active, not you, and hold a role on the case's path or within "
                       "the task's region."},
    "OpinionRequest": {"type": "object", "required": ["opinion"], "properties": {
        "opinion": {"type": "string", "minLength": 2, "maxLength": 2000}}},
    "Consultation": {"type": "object", "properties": {
        "id": _ID, "task_id": _ID, "instance_id": _ID, "brand": {"type": "string"}, "task_name": {"type": "string"},
        "task_name_en": {"type": ["string", "null"]}, "level": {"type": ["string", "null"]},
        "asked_by": {"$ref": "#/components/schemas/Person"}, "consultant": {"$ref": "#/components/schemas/Person"},
        "question": {"type": "string"}, "opinion": {"type": ["string", "null"]},
        "state": {"enum": _values(OpinionState),
                  "description": "`closed`: the task was decided before the consultant answered."},
        "created_at": {"type": "string", "format": "date-time"}, "answered_at": _TIME}},
    "Consultations": {"type": "object", "properties": {
        "task_id": _ID, "asked": {"type": "array", "items": {"$ref": "#/components/schemas/Consultation"}},
        "already_asked": {"type": "array", "items": {"$ref": "#/components/schemas/Person"},
                          "description": "Named again while their earlier request is still open: not asked twice."}}},
    "ConsultationList": {"type": "object", "properties": {
        "items": {"type": "array", "items": {"$ref": "#/components/schemas/Consultation"}}}},
    "ConsultationPage": {"type": "object", "properties": {
        "items": {"type": "array", "items": {"$ref": "#/components/schemas/Consultation"}}, "page": _ID,
        "has_next": {"type": "boolean"}, "total": {"type": "integer", "description": "All the requests listed."}}},
    # issue 18 anchor: consult
    "ExpertDeclined": {"type": "object", "properties": {
        "task_id": _ID, "awaiting_replacement": {"type": "boolean"},
        "told": {"type": "array", "items": {"$ref": "#/components/schemas/Person"},
                 "description": "The officials of the level, who name the replacement."}}},
    "ExpertReplacement": {"type": "object", "required": ["expert_id"], "properties": {
        "expert_id": {"type": "integer", "minimum": 1,
                      "description": "An expert of the level's pool, not on the panel and not one who withdrew."}}},
    "ExpertPanel": {"type": "object", "properties": {"panel": {"type": ["object", "null"], "properties": {
        "instance_id": _ID, "level": {"type": ["string", "null"]}, "region": {"type": ["string", "null"]},
        "asked": _ID, "finished": _ID, "declined": _ID, "awaiting_replacement": _ID,
        "required": {"type": ["integer", "null"],
                     "description": "How many must finish (the diagram's completion condition; all without one); "
                                    "null when the condition judges the reviews' contents."},
        "running": {"type": "boolean"},
        "mean": {"type": ["number", "null"], "description": "Mean points of the finished reviews; readers of the "
                                                            "case only."},
        "scores_shown": {"type": "boolean"},
        "seats": {"type": "array", "items": {"type": "object", "properties": {
            "task_id": _ID, "state": _enum(SeatState),
            "expert_id": {"type": ["integer", "null"]}, "expert": {"type": ["string", "null"]},
            "total": {"type": ["number", "null"]}, "declined": {"type": "array", "items": {"type": "string"}}}}},
        "candidates": {"type": "array", "items": {"$ref": "#/components/schemas/Person"},
                       "description": "Whom you may name to a seat awaiting a replacement."}}}}},
    "ExpertReplaced": {"allOf": [{"$ref": "#/components/schemas/ExpertPanel"}, {"type": "object", "properties": {
        "task_id": _ID, "expert": {"$ref": "#/components/schemas/Person"}}}]},
    # issue 18 anchor: experts
    "TaskBatchRequest": {"type": "object", "required": ["action", "task_ids"], "properties": {
        "action": _enum(BatchAction),
        "task_ids": {"type": "array", "minItems": 1, "maxItems": 200,
                     "items": {"type": "integer", "minimum": 1, "maximum": 2147483647},
                     "description": "Tasks to claim (any kinds), or to complete (all of one kind: the same BPMN task "
                                    "and form). Repeated ids count once."},
        "decision": {"type": "string", "maxLength": 100,
                     "description": "For `complete`: one of the options of the form's `decision` field."},
        "comment": {"type": "string", "maxLength": 2000,
                    "description": "For `complete`: the comment every task is completed with (may be empty)."}}},
    "TaskBatchResult": {"type": "object", "required": ["action", "done", "not_done", "results"], "properties": {
        "action": _enum(BatchAction), "done": {"type": "integer"}, "not_done": {"type": "integer"},
        "results": {"type": "array", "items": {"type": "object", "required": ["task_id", "ok"], "properties": {
            "task_id": _ID, "ok": {"type": "boolean"},
            "error": {"type": ["string", "null"], "description": "Why the task was not done: the code a single "
                                                                 "request for it would have answered."},
            "message": {"type": ["string", "null"]}, "instance_id": {"type": ["integer", "null"]},
            "brand": {"type": ["string", "null"], "description": "Null when you may not read the case."},
            "task": {"type": ["string", "null"]}, "bpmn_id": {"type": ["string", "null"]},
            "level": {"type": ["string", "null"]},
            "next_tasks": {"type": "array", "items": {"type": "object", "properties": {
                "id": _ID, "name": {"type": "string"}, "level": {"type": ["string", "null"]}}}}}}}}},
    # issue 18 anchor: batch
    "Message": {"type": "object", "required": ["id", "kind", "text", "link", "created_at", "read_at"],
                "properties": {
        "id": _ID, "kind": _enum(MessageKind), "kind_name": {"type": "string"},
        "text": {"type": "string", "description": "In the request's language (Accept-Language: zh or en)."},
        "link": {"type": ["string", "null"], "description": "A path inside the app: the task or the case."},
        "instance_id": {"type": ["integer", "null"]}, "task_id": {"type": ["integer", "null"]},
        "created_at": _TIME, "read_at": _TIME}},
    "MessageList": {"type": "object", "properties": {
        "items": {"type": "array", "items": {"$ref": "#/components/schemas/Message"}}, "page": _ID,
        "has_next": {"type": "boolean"}, "total": {"type": "integer", "description": "All the messages listed."},
        "unread": {"type": "integer", "description": "All my unread messages."}}},
    "ReadAll": {"type": "object", "properties": {"marked": _ID, "unread": _ID}},
    "NotificationSettings": {"type": "object", "required": [
        "language", "email", "email_enabled", "phone", "webhook_enabled", "daily_digest"], "properties": {
        "language": {"enum": list(LANGUAGES), "description": "The language of my e-mails and text messages."},
        "email": {"type": ["string", "null"], "maxLength": 200},
        "email_enabled": {"type": "boolean", "description": "Send me e-mails; needs `email`."},
        "phone": {"type": ["string", "null"], "maxLength": 30,
                  "description": "A mainland mobile number (11 digits from 13 to 19, +86 optional)."},
        "webhook_enabled": {"type": "boolean",
                            "description": "Send me text or robot messages through the webhook; needs `phone`."},
        "daily_digest": {"type": "boolean",
                         "description": "New tasks reach e-mail and webhook once a day in one message."}}},
    "Attachment": {"type": "object", "properties": {
        "id": {"type": "string"}, "name": {"type": "string"}, "size": _ID, "content_type": {"type": "string"}}},
}


def attachment_json(attachment: Any) -> dict[str, Any]:
    return {"id": attachment.id, "name": attachment.name, "size": attachment.size,
            "content_type": attachment.content_type}
