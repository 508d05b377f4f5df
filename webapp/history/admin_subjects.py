"""What an administration trail event concerns, and who did it, in words: 用户 岐山文员（qishan.clerk）,
流程 劳务品牌逐级推荐认定 第1版, 2026年度抽查批次, 命令行（操作系统用户 root）.

The trail stores these as English strings it hashes (`audit.admin_trail.record`); they stay as they are.
Each is read from the event's data where the data holds it, else parsed from the string by the one
pattern its writer follows; a string no pattern reads (an older or a new writer) is shown as stored.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple, Protocol

from markupsafe import Markup, escape

from webapp import engine
from webapp.audit.models import AdminAction, AdminEvent
from webapp.history import admin_details
from webapp.history.names import Names
from webapp.i18n import N_, translate
from webapp.regions import queries as regions
from webapp.vocabulary import process_name, process_version

USER = re.compile(r"user (?P<id>\d+) (?P<username>.+)")
"""`people.services`, `desk`: an account, by its number and username."""
VERSION = re.compile(r"(?P<key>[\w-]+) v(?P<version>\d+)")
"""`audit.admin_trail.record_deployment`, `designer.moves`: a process (or decision) version."""
CERTIFICATE = re.compile(r"certificate (?P<number>\S+)")
SIGNING_KEY = re.compile(r"signing key of (?P<authority>.+)")
SCHEMA = re.compile(r"schema (?P<revision>\S+)")
CALENDAR = re.compile(r"calendar (?P<year>\d{4})")
SCENARIO = re.compile(r"(?P<key>[\w-]+): (?P<name>.*)", re.S)
"""`designer.rehearsal`: a rehearsal scenario, by its process and the name its author gave it."""
OPERATOR = re.compile(r"command line \((?P<account>[^@]*)@(?P<host>[^)]*)\)")
"""`audit.admin_trail.operator`: whoever ran a command, by operating-system account and host."""
SCHEDULE = re.compile(r"schedule \d+")
"""`spotcheck.services`: a campaign started by its yearly schedule."""
DEVELOPMENT_KEYS = "development signing keys"


def parsed(pattern: re.Pattern[str], text: str) -> dict[str, str] | None:
    """The parts of a stored string its writer's pattern names (None: it does not follow the pattern)."""
    match = pattern.fullmatch(text)
    return match.groupdict() if match else None


def worded(message: str, **parts: object) -> Markup:
    """A message (marked with N_) in the reader's language, its parts escaped unless they are markup."""
    return escape(translate(message)) % parts


class Words(NamedTuple):
    """An event of the administration trail as its page shows it."""

    subject: Markup
    actor: Markup
    details: list[tuple[str, Markup]]


class Acted(Protocol):
    """An event of either trail: who did it."""

    @property
    def actor_id(self) -> int | None: ...
    @property
    def actor_name(self) -> str | None: ...


def words(event: AdminEvent, names: Names) -> Words:
    return Words(subject(event, names), actor(event), admin_details.read(event, names))


def subject(event: AdminEvent, names: Names) -> Markup:
    reader = _SUBJECTS.get(str(event.action))
    shown = reader(event, names) if reader else None
    return shown if shown is not None else admin_details.as_is(event.subject)


def actor(event: Acted) -> Markup:
    """A person by the name stored with the event; the operator and a schedule in words."""
    stored = event.actor_name or ""
    if event.actor_id is None and (operator := parsed(OPERATOR, stored)):
        return worded(N_("command line (operating-system user %(account)s)"), account=Markup(
            '<bdi translate="no" title="{}">{}</bdi>').format(stored, operator["account"]))
    if event.actor_id is None and parsed(SCHEDULE, stored) is not None:
        return escape(translate(N_("the yearly spot check schedule")))
    return Markup("<bdi>{}</bdi>").format(stored)


def _user(event: AdminEvent, names: Names) -> Markup | None:
    found = parsed(USER, event.subject)
    if found is None:
        return None
    name = names.display_name(int(found["id"]))
    if name is None:
        return worded(N_("user %(account)s"), account=admin_details.as_is(found["username"]))
    return worded(N_("user %(name)s (%(account)s)"), name=name, account=admin_details.as_is(found["username"]))


def _version(event: AdminEvent, names: Names) -> Markup | None:
    found = parsed(VERSION, event.subject)
    definition = names.definition(found["key"], int(found["version"])) if found else None
    if definition is None:
        return None
    words = process_version(definition.key, definition.name, definition.version)
    if engine.is_decision(definition):
        return worded(N_("decision rules %(name)s"), name=words)
    return worded(N_("process %(name)s"), name=words)


def _forms(event: AdminEvent, names: Names) -> Markup | None:
    """The forms and versions its data holds (all of them: the subject is cut at 200 characters)."""
    versions = (event.data or {}).get("versions")
    # by key: PostgreSQL's JSONB keeps no order of keys, so the stored order differs by database
    pairs = sorted((key, stored[0]) for key, stored in versions.items() if isinstance(stored, list) and stored) \
        if isinstance(versions, dict) else []
    if not pairs:
        return None
    separator = ", " if names.locale == "en" else "、"
    return worded(N_("forms %(names)s"), names=separator.join(
        translate(N_("%(process)s, version %(version)s"), {"process": names.form_title(key), "version": version})
        for key, version in pairs))


def _certificate(event: AdminEvent, _names: Names) -> Markup | None:
    found = parsed(CERTIFICATE, event.subject)
    return worded(N_("certificate %(number)s"), number=admin_details.as_is(found["number"])) if found else None


def _reissue(event: AdminEvent, _names: Names) -> Markup | None:
    region = regions.get(event.region_code) if event.region_code else None
    return worded(N_("the certificates issued in %(region)s"), region=region.name) if region else None


def _development_keys(event: AdminEvent, _names: Names) -> Markup | None:
    return escape(translate(N_("development signing keys"))) if event.subject == DEVELOPMENT_KEYS else None


def _signing_key(event: AdminEvent, _names: Names) -> Markup | None:
    found = parsed(SIGNING_KEY, event.subject)
    return worded(N_("signing key of %(authority)s"), authority=found["authority"]) if found else None


def _schema(event: AdminEvent, _names: Names) -> Markup | None:
    found = parsed(SCHEMA, event.subject)
    return worded(N_("database structure, revision %(revision)s"),
                  revision=admin_details.as_code(found["revision"])) if found else None


def _calendar(event: AdminEvent, _names: Names) -> Markup | None:
    found = parsed(CALENDAR, event.subject)
    return worded(N_("holidays of %(year)s"), year=found["year"]) if found else None


def _campaign(event: AdminEvent, _names: Names) -> Markup | None:
    year = (event.data or {}).get("year")
    return worded(N_("spot check campaign of %(year)s"), year=year) if isinstance(year, int) else None


def _schedule(event: AdminEvent, _names: Names) -> Markup | None:
    data = event.data or {}
    month, day = data.get("month"), data.get("day")
    return worded(N_("yearly spot check on %(month)s/%(day)s"), month=month, day=day) \
        if isinstance(month, int) and isinstance(day, int) else None


def _delivery(event: AdminEvent, names: Names) -> Markup | None:
    recipient = (event.data or {}).get("recipient")
    if not recipient:
        return None
    name = names.account(str(recipient))
    return worded(N_("a message to %(name)s"), name=name if name else admin_details.as_is(recipient))


def _scenario(event: AdminEvent, names: Names) -> Markup | None:
    found = parsed(SCENARIO, event.subject)
    newest = engine.latest(found["key"]) if found else None
    if found is None or newest is None:
        return None
    return worded(N_("rehearsal scenario %(name)s of %(process)s"), name=admin_details.as_is(found["name"]),
                  process=process_name(newest.key, newest.name))


_SUBJECTS: dict[str, Callable[[AdminEvent, Names], Markup | None]] = {
    **dict.fromkeys((AdminAction.USER_CREATED, AdminAction.ROLES_GRANTED, AdminAction.ROLES_REVOKED,
                     AdminAction.UNIT_CHANGED, AdminAction.USER_DEACTIVATED, AdminAction.USER_REACTIVATED,
                     AdminAction.PASSWORD_RESET, AdminAction.SUBSTITUTE_SET, AdminAction.SUBSTITUTE_CANCELLED,
                     AdminAction.TASKS_RELEASED), _user),
    AdminAction.PROCESS_DEPLOYED: _version, AdminAction.CASES_MIGRATED: _version, AdminAction.FORMS_DEPLOYED: _forms,
    AdminAction.CERTIFICATE_REVOKED: _certificate, AdminAction.REISSUE_STARTED: _reissue,
    AdminAction.SIGNING_KEYS_CREATED: _development_keys, AdminAction.SIGNING_KEY_IMPORTED: _signing_key,
    AdminAction.SCHEMA_UPGRADED: _schema, AdminAction.CALENDAR_ENTERED: _calendar,
    AdminAction.CAMPAIGN_STARTED: _campaign, AdminAction.CAMPAIGN_SCHEDULED: _schedule,
    AdminAction.DELIVERY_RETRIED: _delivery, AdminAction.SCENARIO_SAVED: _scenario,
    AdminAction.SCENARIO_DELETED: _scenario,
}
"""How each action's subject reads; each returns None when the stored event does not hold what it reads."""
