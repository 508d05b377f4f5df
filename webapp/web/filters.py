"""Template helpers: local times, level, region and task names in the reader's language."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import Flask, g
from flask_babel import get_locale
from markupsafe import Markup, escape

from webapp.clock import now_utc
from webapp.i18n import N_, _, translate
from webapp.notifications import queries as messages
from webapp.regions import queries as regions
from webapp.vocabulary import ADMIN_ACTIONS, AUDIT_ACTIONS, CASE_FACTS, EXIT_ORIGINS, OUTCOMES, ROLES, named

CHINA = ZoneInfo("Asia/Shanghai")


def local_dt(moment: datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    return moment.astimezone(CHINA).strftime(fmt) if moment else ""


def english() -> bool:
    return str(get_locale()) == "en"


def level_name(key: str | None) -> str:
    if not key:
        return ""
    if key == "applicant":
        return str(_("Applicant"))
    names: dict[str, tuple[str, str]] = g.setdefault("_level_names", {
        level.key: (level.name_zh, level.name_en) for level in regions.all_levels()})
    zh, en = names.get(key, (key, key))
    return en if english() else zh


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
    badge = f'<span class="{css}">{escape(label)} {escape(local_dt(task.due_at, "%m-%d %H:%M"))}</span>'
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
                                 month_name=month_name)
    app.jinja_env.filters.update(
        outcome_label=lambda value: named(OUTCOMES, value), role_name=lambda value: named(ROLES, value),
        origin_label=lambda value: named(EXIT_ORIGINS, value), fact_label=lambda value: named(CASE_FACTS, value),
        action_label=lambda value: named(AUDIT_ACTIONS, str(value)),
        admin_action_label=lambda value: named(ADMIN_ACTIONS, str(value)),
        message_text=lambda message: messages.text_of(message, str(get_locale())))
    app.jinja_env.globals.update(overdue=overdue, due_badge=due_badge, english=english)
