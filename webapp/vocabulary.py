"""What people read for the values processes and packages store: outcomes, roles, exit origins,
case facts and audit actions. Message ids, translated when shown (see `webapp.i18n`).

A value missing here is shown as stored, so an end event with a new `outcome` in an edited
diagram still reads sensibly before anyone names it.
"""

from __future__ import annotations

from webapp.i18n import N_, english, translate

OUTCOMES = {
    "recognized": N_("recognized"), "rejected": N_("not recognized"), "not_selected": N_("not selected"),
    "passed": N_("passed"), "rectified": N_("passed after rectification"), "exit_proposed": N_("exit proposed"),
    "exited": N_("exited"), "kept": N_("kept"), "withdrawn": N_("withdrawn by the applicant"),
}
"""`outcome` properties of the end events in `workflows/`."""

ROLES = {
    "applicant": N_("Creation unit"), "official": N_("Official"), "expert": N_("Expert"),
    "inspector": N_("Inspector"), "auditor": N_("Auditor"), "admin": N_("Administrator"),
}

LANES = {"applicant": N_("Applicant")}
"""Lanes of a diagram that are not region levels: the case's own creation unit (`regions.queries.lane_names`)."""

EXIT_ORIGINS = {
    "spot_check": N_("a spot check"), "proposal": N_("an official's proposal"),
    "withdrawal": N_("voluntary withdrawal"),
}

CASE_FACTS = {
    "origin": N_("Started by"), "reason": N_("Reason"), "exit_level": N_("Leaves the library from"),
    "library_level": N_("Drawn from the library of"), "campaign_year": N_("Spot check of"),
    "workers_at_recognition": N_("Workers absorbed at recognition"),
    "practitioners_at_recognition": N_("Practitioners at recognition"), "finding": N_("Findings"),
    "brand_name": N_("Brand"), "levels": N_("Levels"), "certificates_revoked": N_("Certificates revoked"),
    "number": N_("Certificate number"), "level": N_("Level"), "authority": N_("Signed by"),
    "sha256": N_("SHA-256 of the PDF"), "name": N_("Name"), "process": N_("Process"),
    "from_version": N_("From version"), "to_version": N_("To version"), "told": N_("Sent to"),
    "from_step": N_("Waited at"), "to_step": N_("Now waits at"), "equivalent_step": N_("Moved to the equivalent step"),
    "recipients": N_("Copied to"), "escalated_to": N_("Escalated to"), "question": N_("Question"),
    "opinion": N_("Opinion"), "to": N_("Given to"), "note": N_("Note for the colleague"),
    "to_task": N_("Back to"), "to_level": N_("Back to the level"), "from": N_("Taken from"),
    "removed": N_("Left the inboxes"), "back_to": N_("Handed back to"),
    "expert": N_("Expert"), "instead_of": N_("Instead of"),
}
"""Start data of spot check and exit cases, and the data of automatic audit events."""

AUDIT_ACTIONS = {
    "instance_started": N_("Case started"), "task_claimed": N_("Task claimed"), "task_unclaimed": N_("Task released"),
    "task_completed": N_("Task completed"), "timer_fired": N_("Time limit reached"),
    "level_recognized": N_("Recognized at this level"), "instance_finished": N_("Case finished"),
    "brand_exited": N_("Left the resource library"), "certificate_issued": N_("Certificate issued"),
    "certificate_reissued": N_("Certificate re-issued"), "certificate_revoked": N_("Certificate revoked"),
    "instance_migrated": N_("Moved to another process version"), "warning": N_("Warning"),
    "deadline_moved": N_("Due date recomputed"), "urged": N_("Urged"), "copied": N_("Decision copied"),
    "escalated": N_("Overdue, escalated"), "task_transferred": N_("Task transferred"),
    "task_delegated": N_("Task delegated"), "task_resolved": N_("Delegated work handed back"),
    "opinion_asked": N_("Opinion asked"), "opinion_given": N_("Opinion given"),
    "task_reassigned": N_("Task reassigned"), "task_released": N_("Task released to its group"),
    "task_withdrawn": N_("Step withdrawn"), "case_returned": N_("Returned to an earlier level"),
    "application_withdrawn": N_("Application withdrawn"),
    "expert_declined": N_("Expert withdrew (conflict of interest)"), "expert_replaced": N_("Expert replaced"),
}

ADMIN_ACTIONS = {
    "user_created": N_("User created"), "roles_granted": N_("Roles granted"), "roles_revoked": N_("Roles revoked"),
    "unit_changed": N_("Creation unit changed"), "user_deactivated": N_("User deactivated"),
    "user_reactivated": N_("User reactivated"), "password_reset": N_("Password reset"),
    "process_deployed": N_("Process deployed"), "forms_deployed": N_("Forms deployed"),
    "cases_migrated": N_("Cases moved to another version"), "schema_upgraded": N_("Database upgraded"),
    "calendar_entered": N_("Holidays entered"), "signing_keys_created": N_("Development signing keys created"),
    "signing_key_imported": N_("Signing key imported"), "certificate_revoked": N_("Certificate revoked"),
    "reissue_started": N_("Certificates re-issue started"), "campaign_started": N_("Spot check campaign started"),
    "campaign_scheduled": N_("Spot check campaign scheduled"), "delivery_retried": N_("Undelivered message retried"),
    "substitute_set": N_("Substitute set"), "substitute_cancelled": N_("Substitute cancelled"),
    "tasks_released": N_("Tasks released on deactivation"),
    "scenario_saved": N_("Rehearsal scenario saved"), "scenario_deleted": N_("Rehearsal scenario deleted"),
}


APPLICATION_STATUSES = {"draft": N_("Draft"), "in_review": N_("In review"), "returned": N_("Returned for revision"),
                        "finished": N_("Finished")}
"""`applications.models.ApplicationStatus`, as the unit's and the officials' pages name it."""

ENTRY_STATUSES = {"active": N_("in the library"), "exited": N_("exited")}
"""`library.models.EntryStatus`: a brand's place in the resource library of one level."""

CERTIFICATE_STATUSES = {"pending": N_("being signed"), "issued": N_("valid"), "revoked": N_("revoked")}
"""`certificates.models.CertificateStatus`, as registers, reports and exports name it."""

EXPORT_STATUSES = {"pending": N_("queued"), "running": N_("being written"), "done": N_("ready"),
                   "failed": N_("failed")}
"""`exports.models.ExportStatus`, as the list of one's exports names it."""

PROCESSES = {
    "recommendation": N_("Recommendation by level"), "level_review": N_("Review at one level"),
    "spot_check": N_("Annual spot check"), "exit": N_("Exit from the library"),
    "expert_scoring": N_("Conclusion of the expert review"), "spot_check_evaluation": N_("Spot check evaluation"),
    "award_baoji_absorption": N_("Baoji one-time award for absorbing workers"),
    "award_luding_placement": N_("Luding employment service subsidy"),
    "award_training_allowance": N_("Training living allowance"),
}
"""English names of the shipped processes and decisions by key: their diagrams name them in Chinese (see
`process_name`)."""


ADMIN_FACTS = {
    "roles": N_("Roles"), "creation_unit_id": N_("Creation unit"), "from": N_("Before"), "to": N_("After"),
    "reason": N_("Reason"), "level": N_("Level"), "certificates": N_("Certificates"),
    "authorities": N_("Authorities"), "sha256": N_("Check code"), "text_sha256": N_("Check code"),
    "year": N_("Year"), "rate": N_("Share drawn"), "seed": N_("Draw number"), "month": N_("Month"), "day": N_("Day"),
    "holidays": N_("Holidays"), "workdays": N_("Working days moved to a weekend"), "versions": N_("Versions"),
    "choices": N_("Choices"), "why": N_("Why"), "tasks": N_("Tasks"), "user": N_("User"), "channel": N_("Channel"),
    "recipient": N_("Recipient"), "moved": N_("Cases moved"), "stayed": N_("Cases not moved"),
    "steps": N_("Moved to the equivalent step"),
    "substitution_id": N_("Substitution number"), "substitute": N_("Substitute"), "starts_on": N_("From"),
    "ends_on": N_("Until"), "staffing_gaps": N_("Places where nobody may act"),
    "gaps_reason": N_("Why it was deployed anyway"), "task_id": N_("Task number"), "instance_id": N_("Case number"),
    "brand": N_("Brand"), "task": N_("Task"),
}
"""The data of administration trail events (`audit.admin_trail`), as its page names them."""

CHANNELS = {"email": N_("E-mail"), "webhook": N_("Webhook (SMS, group robot)")}
"""`notifications.models.Channel`: how a message is delivered besides the message centre."""


MESSAGE_KINDS = {
    "task_arrived": N_("New task"), "task_due_soon": N_("Due soon"), "task_overdue": N_("Overdue task"),
    "task_escalated": N_("Escalated"), "returned": N_("Returned for revision"), "recognized": N_("Recognized"),
    "not_recommended": N_("Not recommended"), "certificate_issued": N_("Certificate issued"),
    "spot_check_scheduled": N_("Spot check scheduled"), "exit_proposed": N_("Exit proposed"),
    "exit_decided": N_("Exit decided"), "urged": N_("Urged"), "copied": N_("Decision copied"),
    "digest": N_("Daily digest"), "task_transferred": N_("Task transferred to you"),
    "task_delegated": N_("Task delegated to you"), "task_resolved": N_("Delegated task handed back"),
    "opinion_asked": N_("Your opinion is asked"), "opinion_given": N_("Opinion received"),
    "task_reassigned": N_("Task reassigned"), "task_withdrawn": N_("Step withdrawn"),
    "case_returned": N_("Case returned to your level"), "substitute_set": N_("You are a substitute"),
    "expert_declined": N_("Expert withdrew"),
}
"""The kinds of messages (`notifications.models.MessageKind`), as the message centre names them."""

def named(table: dict[str, str], value: str | None) -> str:
    """The translated name of `value` in one of the tables above, or the value as stored."""
    if value is None:
        return ""
    return translate(table[value]) if value in table else value


def process_name(key: str, name: str) -> str:
    """A process as people call it: the name its diagram gives it (the administrator's words, in Chinese),
    in English the vocabulary's name for its key when it has one."""
    return translate(PROCESSES[key]) if english() and key in PROCESSES else name


def process_version(key: str, name: str, version: int) -> str:
    """E.g. 劳务品牌逐级推荐认定 第2版 / Recommendation by level, version 2."""
    return translate(N_("%(process)s, version %(version)s"), {"process": process_name(key, name), "version": version})
