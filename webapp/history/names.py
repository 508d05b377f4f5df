"""What the trail's stored keys read as, looked up once per page or export: people, regions, levels,
forms, and decisions in the words of the form that offered them (a finished case's outcome in the
vocabulary's words)."""

from __future__ import annotations

from typing import Any

from webapp import engine, taskforms
from webapp.audit.models import AuditAction, AuditEvent
from webapp.auth import queries as users
from webapp.history.values import Reader
from webapp.regions import queries as regions
from webapp.vocabulary import OUTCOMES, named


class Names:
    def __init__(self, locale: str) -> None:
        self.locale = locale
        self._users: dict[int, str] = {}
        self._regions: dict[str, str] = {}
        self._forms: dict[str, taskforms.TaskForm | None] = {}
        self._definitions: dict[tuple[str, int], engine.ProcessDefinition | None] = {}
        self._decisions: dict[str | None, dict[str, str]] = {}
        self._levels = regions.lane_names(locale == "en")

    def form(self, key: str) -> taskforms.TaskForm | None:
        if key not in self._forms:
            catalog = taskforms.catalog()
            self._forms[key] = catalog.get(key) if catalog.exists(key) else None
        return self._forms[key]

    def decision(self, event: AuditEvent, form_key: str | None) -> str:
        """The event's decision in words ("" for none): a task's as its form (`form_key`) names it."""
        if event.decision is None:
            return ""
        if event.action == AuditAction.INSTANCE_FINISHED:
            return named(OUTCOMES, event.decision)
        if form_key not in self._decisions:
            self._decisions[form_key] = taskforms.decision_choices(form_key, locale=self.locale)
        return self._decisions[form_key].get(event.decision, event.decision)

    def reader(self, form: taskforms.TaskForm | None) -> Reader:
        yes_no = ("yes", "no") if self.locale == "en" else ("是", "否")
        return Reader(form, self.locale, self.user, self.region, yes_no)

    def form_title(self, key: str) -> str:
        """A form by its title in the reader's language (its key when it has none, or is not deployed)."""
        form = self.form(key)
        return (form.title(self.locale) if form else "") or key

    def definition(self, key: str, version: int) -> engine.ProcessDefinition | None:
        if (key, version) not in self._definitions:
            self._definitions[(key, version)] = next((d for d in engine.versions(key) if d.version == version), None)
        return self._definitions[(key, version)]

    def user(self, user_id: Any) -> str:
        if not isinstance(user_id, int):
            return str(user_id)
        return self.display_name(user_id) or f"#{user_id}"

    def display_name(self, user_id: int) -> str | None:
        if user_id not in self._users:
            self._users.update(users.user_names({user_id}))
        return self._users.get(user_id)

    def account(self, username: str) -> str | None:
        """The display name of the user with this username (None: no such user)."""
        return users.display_name_of(username)

    def region(self, code: Any) -> str:
        """A region by name with the regions above it, the nation left out (陕西省 · 宝鸡市 · 岐山县) unless
        it is the nation itself."""
        if not code:
            return ""
        if str(code) not in self._regions:
            found = regions.ancestors(str(code))
            self._regions[str(code)] = " · ".join(r.name for r in found[1:] or found) if found else str(code)
        return self._regions[str(code)]

    def level(self, key: Any) -> str:
        return self._levels.get(str(key), str(key))


def decision_choices(*, locale: str) -> list[tuple[str, str]]:
    """What the trail's decision filter offers: each decision value any form offers, then each case
    outcome, with its words. A value that forms word differently (`return`: 退回修改, 退回补正) shows all
    their words, as the filter finds them all."""
    words: dict[str, list[str]] = {}
    form_keys = taskforms.catalog().keys()
    for form_key in form_keys:
        for value, label in taskforms.decision_choices(form_key, locale=locale).items():
            words.setdefault(value, [])
            if label not in words[value]:
                words[value].append(label)
    for value in OUTCOMES:
        label = named(OUTCOMES, value)
        if label not in words.setdefault(value, []):
            words[value].append(label)
    return [(value, " / ".join(labels)) for value, labels in words.items()]
