"""What the task page shows, assembled from queries (reads only)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from webapp import engine, taskforms
from webapp.applications import queries as applications
from webapp.applications.pages import HistoryEntry, history_entries, locale
from webapp.auth.models import User
from webapp.regions.picker import RegionChoice
from webapp.review import acting, queries
from webapp.subjects import SubjectType


@dataclass
class CasePage:
    task: engine.HumanTask
    instance: engine.ProcessInstance
    case: applications.Summary | None
    facts: dict[str, Any]
    """What a spot check or exit case started with (its reason, the figures at recognition)."""
    application_form: taskforms.RenderedForm | None
    history: list[HistoryEntry]
    open_tasks: list[engine.HumanTask]
    may_act: bool
    latest_comment: HistoryEntry | None = None
    extra: dict[str, Any] = field(default_factory=dict)


CASE_FACTS = ("origin", "reason", "exit_level", "library_level", "campaign_year", "workers_at_recognition",
              "practitioners_at_recognition", "finding")
"""Start data of spot check and exit cases that their task pages show."""


def case_page(task: engine.HumanTask, instance: engine.ProcessInstance, user: User) -> CasePage:
    data = engine.case_data(instance, task.task_uuid)
    is_application = instance.subject_type == SubjectType.APPLICATION
    if is_application:
        case = applications.summary(instance.subject_id)
    else:
        case = applications.brand_summary(int(data["brand_id"])) if "brand_id" in data else None
    rendered = None
    if case is not None and case.application is not None and case.application.data:
        form = taskforms.catalog().get(queries.definition_of(instance).start_form_key or "application")
        rendered = taskforms.render(form, case.application.data, {}, locale=locale(), user_options=lambda role: [])
    history = history_entries(instance.id, viewing=task)
    commented = [h for h in history if h.comment]
    facts = {} if is_application else {key: data[key] for key in CASE_FACTS if key in data}
    return CasePage(task=task, instance=instance, case=case, facts=facts, application_form=rendered, history=history,
                    open_tasks=engine.open_tasks(instance.id),
                    may_act=acting.may_act(task, instance, user) is not None,
                    latest_comment=commented[-1] if commented else None)


def task_form(task: engine.HumanTask, instance: engine.ProcessInstance, values: dict[str, Any],
              errors: dict[str, list[Any]]) -> taskforms.RenderedForm:
    form = taskforms.catalog().get(task.form_key or "")

    def pool(role: str) -> list[tuple[int, str]]:
        return [(user.id, user.display_name) for user in queries.pool(role, task, instance)]

    def filed_region() -> list[RegionChoice]:
        is_application = instance.subject_type == SubjectType.APPLICATION
        return applications.filed_region(instance.subject_id) if is_application else []

    return taskforms.render(form, values, errors, locale=locale(), user_options=pool, region_options=filed_region)


def initial_values(task: engine.HumanTask, instance: engine.ProcessInstance) -> dict[str, Any]:
    """What the form starts with: the case's data (for a revision), what the task was completed with before
    it was withdrawn or returned to, and the decision a delegate prepared (委派), later ones winning."""
    form = taskforms.catalog().get(task.form_key or "")
    earlier = task.submitted if task.status == engine.TaskStatus.READY else None
    return {**taskforms.initial_values(form, engine.case_data(instance, task.task_uuid)), **(earlier or {}),
            **(task.draft or {})}
