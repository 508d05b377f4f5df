"""Tasks: the inbox, one task with its form and case, claim / unclaim / complete."""

from __future__ import annotations

from typing import Any

from flask import request

from webapp import engine, taskforms
from webapp.api import actor, documented, json_body
from webapp.api.schemas import history_json, task_json
from webapp.errors import Invalid
from webapp.i18n import _
from webapp.review import acting, queries, services

FILTERS = ("level", "task", "brand", "region", "due", "sort", "page", "per_page")


@documented("My inbox: the tasks I may act on, with filters and counts per filter", response="TaskList",
            query=FILTERS)
def list_tasks() -> Any:
    args = request.args
    try:
        filters = queries.InboxFilters(
            level=args.get("level"), task=args.get("task"), brand=args.get("brand"), region=args.get("region"),
            due=args.get("due"), sort=args.get("sort", "due"), page=int(args.get("page", 1)),
            per_page=int(args["per_page"]) if args.get("per_page") else None, past_end=True)
    except ValueError:
        raise Invalid(_("page and per_page are whole numbers."),
                      field_errors={"page": [_("Expected a number.")]}) from None
    if filters.due not in (None, "overdue", "soon"):
        raise Invalid(_("due is `overdue` or `soon`."), field_errors={"due": [_("Choose overdue or soon.")]})
    result = queries.inbox(actor(), filters)
    return {"items": [task_json(t, i) for t, i in result.page.rows], "total": result.page.total,
            "counts": result.counts}


@documented("One task with its form (JSON Schema), the case data and the earlier decisions",
            response="TaskDetail")
def get_task(task_id: int) -> Any:
    task, instance = acting.task_for(task_id, actor())
    form = taskforms.catalog().get(task.form_key) if task.form_key else None
    return {
        "task": task_json(task, instance),
        "may_act": acting.may_act(task, instance, actor()) is not None,
        "documentation": task.documentation,
        "form": {"key": form.key, "schema": form.schema, "ui": form.ui} if form else None,
        "case": engine.case_data(instance, task.task_uuid),
        "history": [history_json(t) for t in engine.history(instance.id, viewing=task)],
    }


@documented("Claim a task so colleagues see you are on it", response="Task")
def claim_task(task_id: int) -> Any:
    task = services.claim_task(task_id, actor=actor())
    return task_json(task, _instance(task))


@documented("Release a claimed task", response="Task")
def unclaim_task(task_id: int) -> Any:
    task = services.unclaim_task(task_id, actor=actor())
    return task_json(task, _instance(task))


@documented("Complete a task with its form data", body="CompleteRequest", response="Completion")
def complete_task(task_id: int) -> Any:
    body = json_body()
    done = services.complete_task(task_id, body.get("data"), actor=actor())
    instance = done.instance
    return {"task": task_json(done.task, instance), "recognized_levels": done.outcome.recognitions,
            "finished": done.outcome.finished, "warnings": done.outcome.warnings,
            "next_tasks": [task_json(t, instance) for t in done.waiting]}


def _instance(task: engine.HumanTask) -> engine.ProcessInstance:
    return queries.instance_of(task)
