"""The URL map of the JSON API under /api/v1; the handlers are in the modules named here, and the
OpenAPI document (`openapi.py`) is built from these rules and the handlers' `@documented` marks."""

from __future__ import annotations

from flask import Blueprint
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from webapp import api
from webapp.api import (
    applications,
    batch,
    cases,
    certificates,
    consultations,
    desk,
    experts,
    messages,
    openapi,
    spotchecks,
    substitutes,
    tasks,
    tokens,
)
from webapp.errors import DomainError

bp = Blueprint("api", __name__, url_prefix="/api/v1")
bp.before_request(api.authenticate)
bp.register_error_handler(DomainError, api.domain_error)
bp.register_error_handler(HTTPException, api.http_error)
bp.register_error_handler(StaleDataError, api.changed_meanwhile)
bp.register_error_handler(OperationalError, api.database_unavailable)

# In the order of the OpenAPI document's paths, which lists the rules as they are added.
bp.add_url_rule("/applications", "list_applications", applications.list_applications, methods=["GET"])
bp.add_url_rule("/applications", "create_application", applications.create_application, methods=["POST"])
bp.add_url_rule("/applications/<int:application_id>", "get_application", applications.get_application, methods=["GET"])
bp.add_url_rule("/applications/<int:application_id>", "update_draft", applications.update_draft, methods=["PUT"])
bp.add_url_rule("/applications/<int:application_id>/submit", "submit_draft", applications.submit_draft,
                methods=["POST"])
bp.add_url_rule("/tasks/batch", "batch_tasks", batch.batch_tasks, methods=["POST"])
bp.add_url_rule("/brands/<int:brand_id>", "get_brand", cases.get_brand, methods=["GET"])
bp.add_url_rule("/instances/<int:instance_id>", "get_instance", cases.get_instance, methods=["GET"])
bp.add_url_rule("/instances/<int:instance_id>/events", "get_instance_events", cases.get_instance_events,
                methods=["GET"])
bp.add_url_rule("/attachments", "upload_attachment", cases.upload_attachment, methods=["POST"])
bp.add_url_rule("/attachments/<attachment_id>", "download_attachment", cases.download_attachment, methods=["GET"])
bp.add_url_rule("/verify/<number>", "verify_certificate", certificates.verify_certificate, methods=["GET"])
bp.add_url_rule("/verify", "verify_certificate_file", certificates.verify_certificate_file, methods=["POST"])
bp.add_url_rule("/certificates/<number>/pdf", "certificate_pdf", certificates.certificate_pdf, methods=["GET"])
bp.add_url_rule("/certificate-batches", "start_batch", certificates.start_batch, methods=["POST"])
bp.add_url_rule("/certificate-batches/<int:batch_id>", "get_batch", certificates.get_batch, methods=["GET"])
bp.add_url_rule("/tasks/<int:task_id>/consultations", "ask_opinion", consultations.ask_opinion, methods=["POST"])
bp.add_url_rule("/tasks/<int:task_id>/consultations", "list_task_consultations", consultations.list_task_consultations,
                methods=["GET"])
bp.add_url_rule("/consultations", "list_my_consultations", consultations.list_my_consultations, methods=["GET"])
bp.add_url_rule("/consultations/<int:consultation_id>/opinion", "give_opinion", consultations.give_opinion,
                methods=["POST"])
bp.add_url_rule("/instances/<int:instance_id>/urge", "urge_case", desk.urge_case, methods=["POST"])
bp.add_url_rule("/tasks/<int:task_id>/copies", "copy_decision", desk.copy_decision, methods=["POST"])
bp.add_url_rule("/tasks/<int:task_id>/transfer", "transfer_task", desk.transfer_task, methods=["POST"])
bp.add_url_rule("/tasks/<int:task_id>/delegate", "delegate_task", desk.delegate_task, methods=["POST"])
bp.add_url_rule("/tasks/<int:task_id>/resolve", "resolve_task", desk.resolve_task, methods=["POST"])
bp.add_url_rule("/tasks/<int:task_id>/reassign", "reassign_task", desk.reassign_task, methods=["POST"])
bp.add_url_rule("/tasks/<int:task_id>/release", "release_task", desk.release_task, methods=["POST"])
bp.add_url_rule("/tasks/<int:task_id>/withdraw", "withdraw_task", desk.withdraw_task, methods=["POST"])
bp.add_url_rule("/tasks/<int:task_id>/return-targets", "return_targets", desk.return_targets, methods=["GET"])
bp.add_url_rule("/tasks/<int:task_id>/return", "return_case", desk.return_case, methods=["POST"])
bp.add_url_rule("/applications/<int:application_id>/withdraw", "withdraw_application", desk.withdraw_application,
                methods=["POST"])
bp.add_url_rule("/tasks/<int:task_id>/decline", "decline_expert_task", experts.decline_expert_task, methods=["POST"])
bp.add_url_rule("/tasks/<int:task_id>/replacement", "replace_expert", experts.replace_expert, methods=["POST"])
bp.add_url_rule("/instances/<int:instance_id>/expert-panel", "expert_panel", experts.expert_panel, methods=["GET"])
bp.add_url_rule("/messages", "list_messages", messages.list_messages, methods=["GET"])
bp.add_url_rule("/messages/<int:message_id>/read", "read_message", messages.read_message, methods=["POST"])
bp.add_url_rule("/messages/read-all", "read_all_messages", messages.read_all_messages, methods=["POST"])
bp.add_url_rule("/account/notification-settings", "get_notification_settings", messages.get_notification_settings,
                methods=["GET"])
bp.add_url_rule("/account/notification-settings", "put_notification_settings", messages.put_notification_settings,
                methods=["PUT"])
bp.add_url_rule("/openapi.json", "openapi_document", openapi.openapi_document, methods=["GET"])
bp.add_url_rule("/campaigns", "start_campaign", spotchecks.start_campaign, methods=["POST"])
bp.add_url_rule("/campaigns/<int:campaign_id>", "get_campaign", spotchecks.get_campaign, methods=["GET"])
bp.add_url_rule("/brands/<int:brand_id>/exit-proposals", "propose_exit", spotchecks.propose_exit, methods=["POST"])
bp.add_url_rule("/brands/<int:brand_id>/withdrawal", "withdraw", spotchecks.withdraw, methods=["POST"])
bp.add_url_rule("/me/substitutes", "list_my_substitutes", substitutes.list_my_substitutes, methods=["GET"])
bp.add_url_rule("/me/substitutes", "set_my_substitute", substitutes.set_my_substitute, methods=["POST"])
bp.add_url_rule("/substitutes/<int:substitution_id>/cancel", "cancel_substitution", substitutes.cancel_substitution,
                methods=["POST"])
bp.add_url_rule("/users/<int:user_id>/substitutes", "list_user_substitutes", substitutes.list_user_substitutes,
                methods=["GET"])
bp.add_url_rule("/users/<int:user_id>/substitutes", "set_user_substitute", substitutes.set_user_substitute,
                methods=["POST"])
bp.add_url_rule("/tasks", "list_tasks", tasks.list_tasks, methods=["GET"])
bp.add_url_rule("/tasks/<int:task_id>", "get_task", tasks.get_task, methods=["GET"])
bp.add_url_rule("/tasks/<int:task_id>/claim", "claim_task", tasks.claim_task, methods=["POST"])
bp.add_url_rule("/tasks/<int:task_id>/unclaim", "unclaim_task", tasks.unclaim_task, methods=["POST"])
bp.add_url_rule("/tasks/<int:task_id>/complete", "complete_task", tasks.complete_task, methods=["POST"])
bp.add_url_rule("/auth/token", "create_token", tokens.create_token, methods=["POST"])
bp.add_url_rule("/auth/tokens", "list_tokens", tokens.list_tokens, methods=["GET"])
bp.add_url_rule("/auth/tokens/<int:token_id>", "revoke_token", tokens.revoke_token, methods=["DELETE"])
bp.add_url_rule("/me", "me", tokens.me, methods=["GET"])
