"""The menu bar: each entry names its page and who is offered it.

An entry is shown only to the people its page serves, so that a menu entry never leads to a refusal
nor to a page that can hold nothing for them: an expert sees his tasks, an auditor the pages that read
cases, a village official no spot checks (no library is kept below the counties, so none is drawn there).
`base.html` loops over `menu_for(current_user)`; another page asks for an entry with one line here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from webapp.auth.models import User
from webapp.auth.queries import is_national_admin
from webapp.auth.roles import ADMIN, APPLICANT, AUDITOR, CASE_READERS, OFFICIAL, READ_ONLY_ROLES
from webapp.i18n import N_
from webapp.library.dashboard import brand_levels
from webapp.regions import queries as regions


@dataclass(frozen=True)
class MenuEntry:
    endpoint: str
    label: str
    """msgid, translated when shown."""
    section: str | tuple[str, ...]
    """The endpoints the entry stands for: this one, or every endpoint of a blueprint (`applications.`); or
    several of those, for a section whose pages live in more than one package (`audit.`, `history.`)."""
    shown_to: Callable[[User], bool]

    def is_current(self, endpoint: str | None) -> bool:
        if not endpoint:
            return False
        sections = (self.section,) if isinstance(self.section, str) else self.section
        return any(endpoint.startswith(s) if s.endswith(".") else endpoint == s for s in sections)


def in_creation_unit(user: User) -> bool:
    return bool(user.creation_unit_id)


def acts_on_tasks(user: User) -> bool:
    """Holds a role that is given tasks (an auditor only reads; a creation unit has its own entry)."""
    return not user.creation_unit_id and any(role not in READ_ONLY_ROLES and role != APPLICANT
                                             for role, _code in user.role_pairs)


def processes_applications(user: User) -> bool:
    """Officials follow the applications of their region; experts and inspectors see what they are given."""
    return not user.creation_unit_id and user.has_role(OFFICIAL)


def follows_spot_checks(user: User) -> bool:
    """Officials of a level that keeps a library (they start and follow its checks) and auditors (who read
    every campaign of their region)."""
    if user.creation_unit_id:
        return False
    keeping = set(brand_levels())
    return user.has_role(AUDITOR) or any(
        role == OFFICIAL and (region := regions.get(code)) is not None and region.level in keeping
        for role, code in user.role_pairs)


def reads_cases(user: User) -> bool:
    return not user.creation_unit_id and user.reads_cases


def reads_certificates(user: User) -> bool:
    """Readers of cases with an issuing authority in their jurisdiction: a county or above (a village's or a
    township's register would always be empty)."""
    keeping = set(brand_levels())
    return reads_cases(user) and any(role in CASE_READERS and (region := regions.get(code)) is not None
                                     and region.level in keeping for role, code in user.role_pairs)


def administers_users(user: User) -> bool:
    return user.has_role(ADMIN)


ENTRIES = (
    MenuEntry("review.inbox", N_("My tasks"), "review.inbox", acts_on_tasks),
    MenuEntry("applications.index", N_("My applications"), "applications.", in_creation_unit),
    MenuEntry("review.inbox", N_("To do"), "review.inbox", in_creation_unit),
    MenuEntry("applications.index", N_("Applications"), "applications.", processes_applications),
    MenuEntry("spotcheck.campaigns", N_("Spot checks"), "spotcheck.", follows_spot_checks),
    MenuEntry("dashboard.page", N_("Dashboard"), "dashboard.", reads_cases),
    MenuEntry("library.index", N_("Resource library"), ("library.", "exports."), reads_cases),
    MenuEntry("certificates.register_page", N_("Certificates"), "certificates.register_page", reads_certificates),
    MenuEntry("audit.audit_search", N_("Audit"), ("audit.", "history."), reads_cases),
    MenuEntry("people.users", N_("Users"), ("people.", "admin."), administers_users),
    MenuEntry("certificates.batches", N_("Re-issues"), "certificates.batches", administers_users),
    MenuEntry("designer.processes", N_("Processes"), "designer.", is_national_admin),
    MenuEntry("holidays.years", N_("Calendar"), "holidays.", is_national_admin),
)


def menu_for(user: User) -> list[MenuEntry]:
    """The entries offered to a signed-in user, in menu order."""
    return [entry for entry in ENTRIES if entry.shown_to(user)]
