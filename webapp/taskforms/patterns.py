"""Form patterns run on RE2, which matches in time linear in the text. Python's backtracking `re`
takes seconds on a 41-character comment for a `pattern` such as `^(a|aa)+$`, holding a web worker.

A form is refused when saved if RE2 cannot run one of its patterns (back-references, look-around),
and `patternProperties` is refused altogether: jsonschema matches its keys with `re` while it
checks `additionalProperties`, out of this module's reach. A form is built only through these
checks (also when a stored version is read), so validation never meets such a pattern.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import Any

import re2
from jsonschema import Draft202012Validator, ValidationError, validators
from jsonschema.protocols import Validator

from webapp.i18n import _

MAX_PATTERN = 1000


def problems(schema: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], Any]]:
    """(where, message) for each pattern of the schema that forms may not use; the message names where."""
    if isinstance(schema, list):
        for index, item in enumerate(schema):
            yield from problems(item, (*path, index))
    if not isinstance(schema, dict):
        return
    if "patternProperties" in schema:
        yield (*path, "patternProperties"), _(
            "%(path)s: patternProperties is not supported in forms; name each field under properties.",
            path="".join(f"/{p}" for p in path) or "/")
    pattern = schema.get("pattern")
    if isinstance(pattern, str):
        reason = _refusal(pattern)
        if reason:
            yield (*path, "pattern"), _("%(path)s: the pattern %(pattern)s cannot be used: %(reason)s.",
                                        path="".join(f"/{p}" for p in (*path, "pattern")), pattern=pattern[:80],
                                        reason=reason)
    for key, value in schema.items():
        yield from problems(value, (*path, key))


def _refusal(pattern: str) -> Any:
    if len(pattern) > MAX_PATTERN:
        return _("it is longer than %(count)s characters", count=MAX_PATTERN)
    try:
        _compiled(pattern)
    except re2.error as error:
        detail = error.args[0].decode() if error.args and isinstance(error.args[0], bytes) else str(error)
        return _("back-references and look-around are not supported (%(detail)s)", detail=detail)
    return None


def _options() -> Any:
    options = re2.Options()
    options.log_errors = False  # a refused pattern is reported to the administrator, not to stderr
    return options


_OPTIONS = _options()


@lru_cache(maxsize=512)
def _compiled(pattern: str) -> Any:
    return re2.compile(pattern, _OPTIONS)


def _pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Iterator[ValidationError]:
    if validator.is_type(instance, "string") and _compiled(pattern).search(instance) is None:
        yield ValidationError(f"{instance[:80]!r} does not match {pattern!r}")


FormValidator: type[Validator] = validators.extend(Draft202012Validator, {"pattern": _pattern})
"""Draft 2020-12 with `pattern` matched by RE2."""
