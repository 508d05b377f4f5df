"""Pieces of case pages that every package shows the same way (reads only)."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import get_locale

from webapp import engine, taskforms
from webapp.auth import queries as users


@dataclass
class HistoryEntry:
    task: engine.HumanTask
    actor: str
    decision: str | None
    comment: str | None


def locale() -> str:
    return str(get_locale())


def history_entries(instance_id: int, viewing: engine.HumanTask | None = None) -> list[HistoryEntry]:
    """Earlier decisions with who took them, their option labels and comments."""
    done = engine.history(instance_id, viewing=viewing)
    names = users.user_names({t.completed_by_id for t in done})
    entries = []
    for task in done:
        data = task.submitted or {}
        decision = data.get("decision")
        label = None if decision is None else taskforms.decision_label(task.form_key, decision, locale=locale())
        entries.append(HistoryEntry(task=task, actor=names.get(task.completed_by_id or 0, ""), decision=label,
                                    comment=data.get("comment") or data.get("objection")))
    return entries
