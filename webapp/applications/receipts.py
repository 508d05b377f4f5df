"""The receipt (回执) a creation unit prints once it has submitted: what it proves, and its number."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from webapp import engine
from webapp.applications import queries
from webapp.applications.models import ApplicationStatus
from webapp.auth.models import User
from webapp.errors import NotFound
from webapp.i18n import _
from webapp.workdays.calendar import CHINA


@dataclass(frozen=True)
class Receipt:
    case: queries.Summary
    submitted_at: datetime
    """Its latest submission: the first, or the revision sent after a return."""
    number: str
    next_steps: list[engine.HumanTask]
    """Who receives the application next: the steps now waiting (none once the review has ended)."""


def receipt_for(application_id: int, user: User) -> Receipt:
    """The receipt of the application's latest submission, for whoever may read the application."""
    application = queries.application_for(application_id, user)
    submitted = queries.last_submitted([application]).get(application.id)
    if application.status == ApplicationStatus.DRAFT or submitted is None:
        raise NotFound(_("This application is a draft: its receipt comes when it is submitted."))
    return Receipt(case=queries.summary(application.id), submitted_at=submitted,
                   number=receipt_number(application.id, submitted),
                   next_steps=engine.open_tasks(application.instance_id) if application.instance_id else [])


def receipt_number(application_id: int, submitted_at: datetime) -> str:
    """One per submission: the day and minute it was submitted (China time), then the application's number,
    e.g. 20260511-0930-000042."""
    return f"{submitted_at.astimezone(CHINA):%Y%m%d-%H%M}-{application_id:06d}"
