"""What each role's help page holds: its sections (anchors the header's help link jumps to) and its
tables of statuses. The names of statuses come from `webapp.vocabulary`, the very labels the pages show;
only what each one means is written here, so a status renamed there is renamed in the help too."""

from __future__ import annotations

from dataclasses import dataclass

from webapp.auth.models import User
from webapp.auth.roles import ADMIN, APPLICANT, AUDITOR, EXPERT, INSPECTOR, OFFICIAL
from webapp.i18n import N_
from webapp.vocabulary import (
    ADMIN_ACTIONS,
    APPLICATION_STATUSES,
    AUDIT_ACTIONS,
    CERTIFICATE_STATUSES,
    ENTRY_STATUSES,
    OUTCOMES,
)


@dataclass(frozen=True)
class Table:
    """A vocabulary table, with what each of its values means (None: its name says it all)."""

    heading: str
    labels: dict[str, str]
    meanings: dict[str, str] | None = None


MEANINGS = {
    "application": {
        "draft": N_("Saved but not submitted: only your unit sees it, and you may change it at any time."),
        "in_review": N_("Submitted: the officials of each level review it in turn, starting with the village."),
        "returned": N_("Sent back for revision: read the comment, change what it asks for and submit again."),
        "finished": N_("The review has ended: its result is shown beside it."),
    },
    "outcome": {
        "recognized": N_("Recognized as a labor brand; it enters the resource library and a certificate is issued."),
        "rejected": N_("Not recognized at this level; the reasons are in the decisions."),
        "not_selected": N_("Not chosen this time among the brands put forward."),
        "passed": N_("The spot check found the brand in order."),
        "rectified": N_("The spot check found problems, and the unit put them right in time."),
        "exit_proposed": N_("The spot check proposes that the brand leave the resource library."),
        "exited": N_("The brand has left the resource library; its certificates are revoked."),
        "kept": N_("It was decided that the brand stays in the resource library."),
        "withdrawn": N_("The creation unit withdrew the application itself."),
    },
    "certificate": {
        "pending": N_("The brand was recognized; the certificate is being prepared and signed."),
        "issued": N_("Signed and valid: it can be downloaded, and anyone can verify it with its number and code."),
        "revoked": N_("No longer valid, for the reason recorded when it was revoked."),
    },
    "entry": {
        "active": N_("The brand is in the resource library of this level."),
        "exited": N_("The brand has left the resource library of this level."),
    },
}
"""Keyed like the vocabulary tables; the tests hold them to the same values."""

TABLES = {
    "application": Table(N_("Applications"), APPLICATION_STATUSES, MEANINGS["application"]),
    "outcome": Table(N_("Results"), OUTCOMES, MEANINGS["outcome"]),
    "certificate": Table(N_("Certificates"), CERTIFICATE_STATUSES, MEANINGS["certificate"]),
    "entry": Table(N_("Resource library"), ENTRY_STATUSES, MEANINGS["entry"]),
    "audit_action": Table(N_("What the trail records"), AUDIT_ACTIONS),
    "admin_action": Table(N_("What the administration trail records"), ADMIN_ACTIONS),
}


@dataclass(frozen=True)
class Guide:
    sections: tuple[tuple[str, str], ...]
    """(id, heading) of the page's sections, in order: help/_<role>.html writes them, then help/_common.html."""
    tables: tuple[str, ...]

    def has(self, section: str) -> bool:
        return any(key == section for key, _heading in self.sections)


COMMON = (("search", N_("Searching")), ("messages", N_("Messages")), ("print", N_("Printing")),
          ("statuses", N_("What the statuses mean")))
"""Sections every help page ends with (help/_common.html)."""
TASKS = ("tasks", N_("Your tasks"))

GUIDES = {
    APPLICANT: Guide((("applications", N_("Applying for a brand")), ("receipt", N_("The receipt")),
                      ("returned", N_("When an application is returned")), ("certificates", N_("Certificates")),
                      *COMMON), ("application", "outcome", "certificate")),
    OFFICIAL: Guide((TASKS, ("decisions", N_("Decisions")), ("applications", N_("Applications of your region")),
                     ("spot-checks", N_("Spot checks")), ("library", N_("Resource library and dashboard")),
                     ("audit", N_("The trail")), *COMMON), ("application", "outcome", "certificate", "entry")),
    EXPERT: Guide((TASKS, ("scoring", N_("Scoring")), ("conflict", N_("Conflicts of interest")), *COMMON),
                  ("outcome",)),
    INSPECTOR: Guide((TASKS, ("spot-checks", N_("Spot checks")), *COMMON), ("outcome",)),
    AUDITOR: Guide((("audit", N_("Reading the trail")), ("library", N_("Resource library and dashboard")), *COMMON),
                   ("outcome", "certificate", "entry", "audit_action")),
    ADMIN: Guide((("users", N_("People and their roles")), ("certificates", N_("Re-issuing certificates")),
                  ("processes", N_("Processes and the calendar")), *COMMON), ("certificate", "admin_action")),
}
"""Roles in the order a person holding several gets the first of them."""

TOPICS = {
    "review.print_task": ("print",), "review.": ("tasks", "returned"), "desk.": ("tasks",),
    "applications.receipt": ("receipt", "print"), "applications.print_application": ("print",),
    "applications.": ("applications",), "spotcheck.": ("spot-checks",), "library.": ("library",),
    "exports.": ("library",), "dashboard.": ("library",), "audit.": ("audit",), "history.": ("audit",),
    "people.": ("users",), "admin.": ("users",),
    "certificates.batches": ("certificates",), "designer.": ("processes",), "holidays.": ("processes",),
    "messages.": ("messages",), "search.": ("search",),
}
"""The sections that speak of a page, best first: by endpoint, or by blueprint (a name ending in a dot).
The first key that matches wins, so an endpoint comes before its blueprint."""


def role_of(user: User) -> str:
    """Whose help a person reads first: a creation unit's, or that of the first role he holds."""
    if user.creation_unit_id:
        return APPLICANT
    held = {role for role, _code in user.role_pairs}
    return next((role for role in GUIDES if role in held and role != APPLICANT), OFFICIAL)


def anchor(role: str, endpoint: str | None, topic: str | None = None) -> str | None:
    """The section of `role`'s page about `topic`, or else about the page `endpoint` shows; None when
    the page has no such section (the link then opens the page at its top)."""
    wanted = (topic,) if topic else next(
        (topics for key, topics in TOPICS.items()
         if endpoint and (endpoint == key or (key.endswith(".") and endpoint.startswith(key)))), ())
    return next((section for section in wanted if GUIDES[role].has(section)), None)
