"""What changed in one diagram element between two versions, attribute by attribute, old → new,
and which of those changes are *structural*.

SpiffWorkflow's `SpecDiff` says which serialized attributes of a task spec differ (`extensions`,
`outputs`…); an administrator needs the values, named as the diagram names them, and the
migration needs to know whether a change touches what a case has already done. A change is
structural when it alters the path, the kind of step or who does it; only structural changes of
a completed step stop a case from moving (webapp/engine/migration.py):

| attribute (key)                         | structural | why                                        |
|-----------------------------------------|------------|--------------------------------------------|
| name (`bpmn_name`), documentation       | no         | words only                                 |
| properties (`name_en`, `remindBefore`,  | no         | labels, reminders, notifications: read     |
| `outcome`, `message`, `returnTo`…)      |            | when a step arrives or ends, never again   |
| due date, timer duration                | no         | when, not what: a done step's time is past |
| form labels (Camunda form field labels) | no         | words only                                 |
| kind of element (`typename`)            | yes        | a task that became a gateway is not itself |
| flows in and out, conditions, default   | yes        | the path the case took may not exist       |
| lane (level), role, assignee            | yes        | who did it would no longer be allowed      |
| form key, form fields                   | yes        | what was filled in would differ            |
| called process, multi-instance set-up,  | yes        | what ran inside differs                    |
| data mappings, event kind, interrupting |            |                                            |
| anything else SpiffWorkflow reports     | yes        | unknown: the careful answer                |
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from webapp.i18n import N_

LENIENT = frozenset({"bpmn_name", "documentation", "properties", "due_date", "timer", "form_labels"})
"""Attribute keys whose change never stops a case from moving."""

LABELS = {
    "bpmn_name": N_("name"), "documentation": N_("documentation"), "properties": N_("property"),
    "due_date": N_("due date"), "timer": N_("time limit"), "form_labels": N_("form labels"),
    "typename": N_("kind of element"), "outputs": N_("what follows it"), "inputs": N_("what leads to it"),
    "conditions": N_("conditions"), "default_task_spec": N_("default flow"), "lane": N_("lane (level)"),
    "candidate_groups": N_("role"), "assignee": N_("assignee"), "form_key": N_("form"),
    "form_fields": N_("form fields"), "spec": N_("called process"), "multi_instance": N_("what each instance does"),
    "data": N_("data passed in and out"), "event": N_("event"), "cancel_activity": N_("interrupts the task"),
    "id": N_("id"),
}
"""How an administrator calls each attribute key (translated when shown)."""

_IGNORED = frozenset({"description", "manual", "lookahead"})
"""Derived from the element's kind (reported as `typename`) or engine bookkeeping."""
_MULTI_INSTANCE = ("task_spec", "cardinality", "data_input", "data_output", "input_item", "output_item", "condition")
_DATA = ("data_input_associations", "data_output_associations", "io_specification")


@dataclass(frozen=True)
class AttributeChange:
    """One attribute of an element, as it was and as it is: each value a list of readable parts
    (names of the elements a flow leads to, roles, …), empty when there was none."""

    attribute: str
    old: tuple[str, ...]
    new: tuple[str, ...]
    key: str = ""
    """For a property: its name (`name_en`)."""

    @property
    def structural(self) -> bool:
        return self.attribute not in LENIENT


def attribute_changes(registry: Any, old: Any, new: Any) -> list[AttributeChange]:
    """Every difference between two aligned task specs, old → new, in the order of LABELS."""
    before, after = registry.convert(old), registry.convert(new)
    if before.get("typename") != after.get("typename"):
        return [AttributeChange("typename", (str(before.get("typename")),), (str(after.get("typename")),))]
    changes: list[AttributeChange] = []
    keys = [k for k in dict.fromkeys([*before, *after]) if k not in _IGNORED and before.get(k) != after.get(k)]
    for key in keys:
        was, now = before.get(key), after.get(key)
        if key in ("bpmn_name", "documentation", "lane", "default_task_spec", "spec"):
            names = (_label(old, was), _label(new, now)) if key == "default_task_spec" else (was, now)
            changes.append(AttributeChange(key, _one(names[0]), _one(names[1])))
        elif key in ("inputs", "outputs"):
            changes.append(AttributeChange(key, _flows(old, was), _flows(new, now)))
        elif key == "cond_task_specs":
            changes.append(AttributeChange("conditions", _conditions(old, was), _conditions(new, now)))
        elif key == "extensions":
            changes += _extensions(was or {}, now or {})
        elif key == "form":
            changes += _form(was or {}, now or {})
        elif key == "event_definition":
            changes += _event(was or {}, now or {})
        elif key in ("name", "bpmn_id"):
            changes.append(AttributeChange("id", _one(was), _one(now)))
        else:
            group = "multi_instance" if key in _MULTI_INSTANCE else "data" if key in _DATA else key
            changes.append(AttributeChange(group, _one(_text(was)), _one(_text(now))))
    return _deduplicated(changes)


def _extensions(was: dict[str, Any], now: dict[str, Any]) -> list[AttributeChange]:
    """brandcert's parser gives `{properties, candidate_groups, assignee, due_date, form_key}`;
    SpiffWorkflow's own Camunda parser (call activities) gives the properties alone."""
    was, now = _shaped(was), _shaped(now)
    changes = []
    for name in ("candidate_groups", "assignee", "due_date", "form_key"):
        if was.get(name) != now.get(name):
            changes.append(AttributeChange(name, _parts(was.get(name)), _parts(now.get(name))))
    old_props, new_props = was.get("properties") or {}, now.get("properties") or {}
    for name in sorted(set(old_props) | set(new_props)):
        if old_props.get(name) != new_props.get(name):
            changes.append(AttributeChange("properties", _one(old_props.get(name)), _one(new_props.get(name)), name))
    for name in sorted(set(was) - {"properties", "candidate_groups", "assignee", "due_date", "form_key"}):
        if was.get(name) != now.get(name):  # an extension this table does not know: counted, to be safe
            changes.append(AttributeChange(name, _one(_text(was.get(name))), _one(_text(now.get(name)))))
    return changes


def _shaped(extensions: dict[str, Any]) -> dict[str, Any]:
    if isinstance(extensions.get("properties"), dict) or not extensions:
        return extensions
    return {"properties": extensions}


def _form(was: dict[str, Any], now: dict[str, Any]) -> list[AttributeChange]:
    """A Camunda form: its key is the form key (reported once, with the extensions); its fields
    count except for their labels and the labels of their options."""
    changes = []
    if was.get("key") != now.get("key"):
        changes.append(AttributeChange("form_key", _one(was.get("key")), _one(now.get("key"))))
    old_fields, new_fields = was.get("fields") or [], now.get("fields") or []
    if _unlabelled(old_fields) != _unlabelled(new_fields):
        changes.append(AttributeChange("form_fields", _field_ids(old_fields), _field_ids(new_fields)))
    elif old_fields != new_fields:
        changes.append(AttributeChange("form_labels", _field_labels(old_fields), _field_labels(new_fields)))
    return changes


def _unlabelled(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _unlabelled(v) for k, v in value.items() if k not in ("label", "name")}
    if isinstance(value, list):
        return [_unlabelled(v) for v in value]
    return value


def _field_ids(fields: list[Any]) -> tuple[str, ...]:
    return tuple(str(f.get("id")) for f in fields if isinstance(f, dict))


def _field_labels(fields: list[Any]) -> tuple[str, ...]:
    return tuple(f"{f.get('id')}: {f.get('label')}" for f in fields if isinstance(f, dict))


def _event(was: dict[str, Any], now: dict[str, Any]) -> list[AttributeChange]:
    """An event's name mirrors the element's; a timer's expression is its duration (when, not what)."""
    if was.get("typename") != now.get("typename"):
        return [AttributeChange("event", _one(was.get("typename")), _one(now.get("typename")))]
    changes = []
    if was.get("expression") != now.get("expression"):
        changes.append(AttributeChange("timer", _one(was.get("expression")), _one(now.get("expression"))))
    rest = [k for k in set(was) | set(now) if k not in ("name", "expression", "description", "typename")]
    if any(was.get(k) != now.get(k) for k in rest):
        changes.append(AttributeChange("event", _one(_text(was)), _one(_text(now))))
    return changes


def _deduplicated(changes: list[AttributeChange]) -> list[AttributeChange]:
    seen: set[tuple[str, str]] = set()
    kept = []
    for change in changes:
        if (change.attribute, change.key) not in seen:
            seen.add((change.attribute, change.key))
            kept.append(change)
    order = list(LABELS)
    return sorted(kept, key=lambda c: (order.index(c.attribute) if c.attribute in order else len(order), c.key))


def element_name(spec: Any) -> str:
    """The name the diagram gives an element (its id when unnamed); SpiffWorkflow's helper specs
    (a boundary event's split, the end join) are named after the element they belong to, or ''."""
    bpmn_id = getattr(spec, "bpmn_id", None)
    if bpmn_id:
        return str(getattr(spec, "bpmn_name", None) or bpmn_id)
    owner = str(spec.name).rsplit(".", 1)[0]
    found = spec._wf_spec.task_specs.get(owner) if "." in str(spec.name) else None
    return element_name(found) if found is not None and found is not spec else ""


def _label(spec: Any, name: Any) -> str | None:
    if name is None:
        return None
    found = spec._wf_spec.task_specs.get(name)
    return element_name(found) if found is not None else str(name)


def _flows(spec: Any, names: Any) -> tuple[str, ...]:
    labels = {_label(spec, name) for name in names or ()}
    return tuple(sorted(label for label in labels if label))


def _conditions(spec: Any, conditions: Any) -> tuple[str, ...]:
    return tuple(sorted(f"{c.get('condition')} → {_label(spec, c.get('task_spec'))}" for c in conditions or ()))


def _parts(value: Any) -> tuple[str, ...]:
    if isinstance(value, list | tuple):
        return tuple(str(v) for v in value)
    return _one(value)


def _one(value: Any) -> tuple[str, ...]:
    return () if value is None or value == "" else (str(value),)


def _text(value: Any) -> Any:
    return value if value is None or isinstance(value, str) else json.dumps(value, ensure_ascii=False, sort_keys=True)
