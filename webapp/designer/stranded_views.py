"""The administrators' page of stranded tasks (`/admin/processes/stranded`): each waiting task no
active user may act on, with where it waits and since when, and the two ways out: move the case to
another version, or create the official the region lacks. Registered on the designer blueprint, so
national administrators only, like the versions it offers to move cases between."""

from __future__ import annotations

from typing import Any

from flask import render_template, request

from webapp.designer import stranded
from webapp.paging import page_number


def stranded_tasks() -> Any:
    page = stranded.page_of_stranded(page_number(request.args.get("page")) or 1)
    return render_template("designer/stranded.html", page=page,
                           targets={task.task_id: stranded.move_target(task) for task in page.rows})
