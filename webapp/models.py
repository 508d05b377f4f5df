"""Every model, imported once so that Base.metadata knows all tables (for Alembic and tests)."""

from webapp.applications.models import Application, Brand, CreationUnit
from webapp.attachments.models import Attachment
from webapp.audit.models import AdminEvent, AuditCheckpoint, AuditCheckpointHead, AuditEvent, AuditVerification
from webapp.auth.models import ApiToken, RoleGrant, SignInCounter, Substitution, User
from webapp.certificates.models import (
    Certificate,
    CertificateBatch,
    CertificateCounter,
    CertificateFile,
    SigningIdentity,
)
from webapp.designer.models import RehearsalScenario
from webapp.engine.models import HumanTask, ProcessDefinition, ProcessInstance
from webapp.exits.models import ExitCase
from webapp.exports.models import ExportJob
from webapp.library.models import LibraryEntry, PolicyTarget
from webapp.notifications.models import CaseCopy, Delivery, Message, NotificationSettings, TaskNotice, Urge
from webapp.regions.models import Region, RegionLevel
from webapp.review.models import Consultation
from webapp.spotcheck.models import Campaign, CampaignSchedule, SpotCheck
from webapp.taskforms.models import FormVersion
from webapp.workdays.models import WorkdayOverride, WorkdayRevision, WorkdayYear

__all__ = [
    "AdminEvent",
    "ApiToken",
    "Application",
    "Attachment",
    "AuditCheckpoint",
    "AuditCheckpointHead",
    "AuditEvent",
    "AuditVerification",
    "Brand",
    "Campaign",
    "CampaignSchedule",
    "CaseCopy",
    "Certificate",
    "CertificateBatch",
    "CertificateCounter",
    "CertificateFile",
    "Consultation",
    "CreationUnit",
    "Delivery",
    "ExitCase",
    "ExportJob",
    "FormVersion",
    "HumanTask",
    "LibraryEntry",
    "Message",
    "NotificationSettings",
    "PolicyTarget",
    "ProcessDefinition",
    "ProcessInstance",
    "Region",
    "RegionLevel",
    "RehearsalScenario",
    "RoleGrant",
    "SignInCounter",
    "SigningIdentity",
    "SpotCheck",
    "Substitution",
    "TaskNotice",
    "Urge",
    "User",
    "WorkdayOverride",
    "WorkdayRevision",
    "WorkdayYear",
]
