"""Validating submitted form data: jsonschema errors become one plain message per field."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable
from typing import Any

from jsonschema import Draft202012Validator, ValidationError

from webapp.errors import Invalid
from webapp.i18n import _
from webapp.taskforms.catalog import TaskForm
from webapp.taskforms.patterns import FormValidator

FieldErrors = dict[str, list[Any]]
PICK_USERS = "x-pick-users"
ATTACHMENTS = "x-attachments"


def validate(form: TaskForm, data: Any, *, partial: bool = False) -> dict[str, Any]:
    """Return the data if it fits the form, else raise Invalid with errors per field path.

    `partial` validates a draft: required fields and conditional rules are not enforced yet and
    empty texts are dropped, but whatever is filled in must already have the right shape.
    """
    if not isinstance(data, dict):
        raise Invalid(_("The form data must be an object."), field_errors={"": [_("Expected an object of fields.")]})
    validator = form.validator
    if partial:
        data = {k: v for k, v in data.items() if v not in ("", None)}
        validator = FormValidator(_without_requirements(form.schema),
                                  format_checker=Draft202012Validator.FORMAT_CHECKER)
    errors = field_errors(validator.iter_errors(data))
    if errors:
        raise Invalid(_("The form has errors; nothing was saved."), field_errors=errors)
    return data


def check_references(form: TaskForm, data: dict[str, Any], *, user_pool: Callable[[str], set[int]],
                     attachment_usable: Callable[[str], bool]) -> None:
    """Check what JSON Schema cannot: picked users belong to the pool, attachments belong to this form's
    case or to its sender (see `attachments.store.usable`)."""
    errors: FieldErrors = {}
    for name, rule in form.fields_with(PICK_USERS).items():
        pool = user_pool(str(rule.get("role", "")))
        picked = data.get(name)
        single = not isinstance(picked, list)
        for index, user_id in enumerate([picked] if single and picked is not None else picked or []):
            if user_id not in pool:
                errors.setdefault(name if single else f"{name}/{index}", []).append(
                    _("User %(user)s is not in the %(role)s pool of this level.", user=user_id, role=rule.get("role")))
    for name in form.fields_with(ATTACHMENTS):
        for index, item in enumerate(data.get(name) or []):
            if isinstance(item, dict) and not attachment_usable(str(item.get("id"))):
                errors.setdefault(f"{name}/{index}", []).append(
                    _("Attach only files uploaded by you for this case or already part of it."))
    if errors:
        raise Invalid(_("The form has errors; nothing was saved."), field_errors=errors)


def attachment_ids(form: TaskForm, data: dict[str, Any]) -> list[str]:
    """The attachments the (validated) data names in the form's file fields."""
    return [str(item.get("id")) for name in form.fields_with(ATTACHMENTS) for item in data.get(name) or []
            if isinstance(item, dict)]


def field_errors(errors: Iterable[ValidationError]) -> FieldErrors:
    result: FieldErrors = {}
    for error in errors:
        for path, message in _describe(error):
            result.setdefault(path, []).append(message)
    return result


def _describe(error: ValidationError) -> list[tuple[str, str]]:
    base = "/".join(str(p) for p in error.absolute_path)

    def join(name: str) -> str:
        return f"{base}/{name}" if base else name

    kind, value = error.validator, error.validator_value
    instance = error.instance
    if kind == "required":
        return [(join(name), _("This field is required.")) for name in value
                if isinstance(instance, dict) and name not in instance]
    if kind == "additionalProperties" and isinstance(instance, dict):
        known = set(error.schema.get("properties", {}))
        return [(join(name), _("This field is not part of the form.")) for name in instance if name not in known]
    messages = {
        "type": lambda: _("Expected %(type)s.", type=_type_name(value)),
        "enum": lambda: _("Choose one of the options."),
        "const": lambda: _("This must be accepted.") if value is True else _("This must be %(value)s.", value=value),
        "minLength": lambda: _("Enter at least %(count)s characters.", count=value),
        "maxLength": lambda: _("Enter at most %(count)s characters.", count=value),
        "minimum": lambda: _("Must be at least %(value)s.", value=value),
        "maximum": lambda: _("Must be at most %(value)s.", value=value),
        "exclusiveMinimum": lambda: _("Must be more than %(value)s.", value=value),
        "exclusiveMaximum": lambda: _("Must be less than %(value)s.", value=value),
        "minItems": lambda: _("Add at least %(count)s.", count=value),
        "maxItems": lambda: _("Add at most %(count)s.", count=value),
        "uniqueItems": lambda: _("Each entry may appear only once."),
        "pattern": lambda: _("The format is not valid."),
        "format": lambda: _("Not a valid %(format)s.", format=value),
    }
    describe = messages.get(str(kind))
    return [(base, describe() if describe else error.message)]


def _type_name(value: Any) -> Any:
    names = {"string": _("text"), "integer": _("a whole number"), "number": _("a number"),
             "boolean": _("yes or no"), "array": _("a list"), "object": _("a group of fields")}
    return names.get(value[0] if isinstance(value, list) else value, str(value))


def _without_requirements(schema: Any) -> Any:
    stripped = copy.deepcopy(schema)

    def strip(node: Any) -> None:
        if isinstance(node, dict):
            for keyword in ("required", "if", "then", "else", "const", "minItems"):
                node.pop(keyword, None)
            for child in node.values():
                strip(child)
        elif isinstance(node, list):
            for child in node:
                strip(child)

    strip(stripped)
    return stripped
