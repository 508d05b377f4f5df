"""Template helpers: local times, level, region and task names in the reader's language."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import Flask, g
from flask_babel import get_locale
from markupsafe import Markup, escape

from webapp.clock import now_utc
from webapp.i18n import N_, _, english, translate
from webapp.notifications import queries as messages
from webapp.regions import queries as regions
from webapp.vocabulary import (
    ADMIN_ACTIONS,
    APPLICATION_STATUSES,
    AUDIT_ACTIONS,
    CASE_FACTS,
    CERTIFICATE_STATUSES,
    EXIT_ORIGINS,
    EXPORT_STATUSES,
    OUTCOMES,
    ROLES,
    named,
    process_version,
)

CHINA = ZoneInfo("Asia/Shanghai")


SHOWN_AS = {"day": "%Y-%m-%d", "minute": "%Y-%m-%d %H:%M", "second": "%Y-%m-%d %H:%M:%S"}
"""The one way a moment is shown, in China time and always with its year ("11-28" could be any year's):
`{{ at | local_dt }}` to the minute, `local_dt('day')` or `local_dt('second')`. There is no other format."""


def local_dt(moment: datetime | None, precision: str = "minute") -> str:
    return moment.astimezone(CHINA).strftime(SHOWN_AS[precision]) if moment else ""


def level_name(key: str | None) -> str:
    """A level (or a lane, which names one) in the reader's language."""
    if not key:
        return ""
    if "_lane_names" not in g:  # once per request
        g._lane_names = regions.lane_names(english())
    return str(g._lane_names.get(key, key))


def process_label(definition: Any, version: int | None = None) -> str:
    """A process definition as people call it, with its version (or the version a case was on)."""
    return process_version(definition.key, definition.name, version or definition.version)


def region_name(code: str | None) -> str:
    region = regions.get(code) if code else None
    return region.name if region else (code or "")


def region_path(code: str | None) -> str:
    return " · ".join(r.name for r in regions.ancestors(code)[1:]) if code else ""


def task_name(task: Any) -> str:
    return str(task.name_en) if english() and getattr(task, "name_en", None) else str(task.name)


def overdue(task: Any) -> bool:
    return bool(task.due_at and task.due_at < now_utc() and str(task.status) == "ready")


def due_badge(task: Any) -> Markup:
    if not task.due_at:
        return Markup("")
    css = "badge badge-danger" if overdue(task) else "badge"
    label = _("Overdue") if overdue(task) else _("Due")
    badge = f'<span class="{css}">{escape(label)} {escape(local_dt(task.due_at))}</span>'
    assumed = getattr(task, "due_assumed_years", None)
    if assumed:
        hint = _("The holidays of %(years)s are not entered yet, so this due date counts Monday to Friday; "
                 "it moves when they are.", years=assumed)
        marker = _("Mon-Fri count")
        badge += (f' <span class="badge badge-assumed" title="{escape(hint)}" data-assumed="{escape(assumed)}">'
                  f'{escape(marker)}</span>')
    return Markup(badge)


MONTHS = (N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"), N_("July"),
          N_("August"), N_("September"), N_("October"), N_("November"), N_("December"))


def month_name(number: int) -> str:
    return translate(MONTHS[number - 1])


def register(app: Flask) -> None:
    app.jinja_env.filters.update(local_dt=local_dt, level_name=level_name, region_name=region_name,
                                 region_path=region_path, task_name=task_name, translate=translate,
                                 month_name=month_name, process_label=process_label)
    app.jinja_env.filters.update(
        outcome_label=lambda value: named(OUTCOMES, value), role_name=lambda value: named(ROLES, value),
        origin_label=lambda value: named(EXIT_ORIGINS, value), fact_label=lambda value: named(CASE_FACTS, value),
        action_label=lambda value: named(AUDIT_ACTIONS, str(value)),
        admin_action_label=lambda value: named(ADMIN_ACTIONS, str(value)),
        certificate_status=lambda value: named(CERTIFICATE_STATUSES, str(value)),
        application_status=lambda value: named(APPLICATION_STATUSES, str(value)),
        export_status=lambda value: named(EXPORT_STATUSES, str(value)),
        message_text=lambda message: messages.text_of(message, str(get_locale())))
    app.jinja_env.globals.update(overdue=overdue, due_badge=due_badge, english=english)
