"""What is wrong with a form's documents, in the administrator's language and at its line.

The form editor shows each problem at its line and column, and the saved-page fallback lists them
with the same words. Three sources speak here: Python's JSON parser (its English error kinds become
plain advice, including the Chinese punctuation a Chinese keyboard types), the JSON Schema
meta-validation (draft 2020-12: the kinds a form's author meets are translated, the rest keep
jsonschema's words), and brandcert's own rules (`rules`). Every message names its JSON path; the
path is found in the text as written, so the line is the one the administrator sees.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError, best_match

from webapp.i18n import _

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    """One problem of one document (`schema` or `ui`). `path` is None for a JSON syntax error, whose
    message already names its line; otherwise the message names the path and `located` adds the line."""

    message: Any
    path: Path | None = ()
    document: str = "schema"
    line: int | None = None
    column: int | None = None
    at_key: bool = False
    """Point at the key (an unknown keyword) rather than at its value."""

    def __str__(self) -> str:
        if self.line is None or self.path is None:
            return str(self.message)
        return str(_("Line %(line)s, column %(column)s: %(message)s", line=self.line, column=self.column,
                     message=self.message))

    def located(self, text: str) -> Problem:
        if self.path is None or self.line is not None:
            return self
        where = _positions(text).get(self.path)
        if where is None:
            return self
        offset = where[1] if self.at_key and where[1] is not None else where[0]
        line, column = _line_column(text, offset)
        return replace(self, line=line, column=column)

    def as_json(self) -> dict[str, Any]:
        return {"document": self.document, "line": self.line, "column": self.column,
                "path": pointer(self.path) if self.path is not None else None,
                "message": str(self.message), "text": str(self)}


def pointer(path: Iterable[str | int]) -> str:
    """A JSON pointer, as the messages name places: `/properties/decision/enum/1`."""
    parts = [str(p).replace("~", "~0").replace("/", "~1") for p in path]
    return "/" + "/".join(parts) if parts else "/"


def located(document: str, text: str, problems: Iterable[Problem]) -> list[Problem]:
    return [replace(p, document=document).located(text) for p in problems]


# JSON syntax ---------------------------------------------------------------------------------------

FULL_WIDTH = {"，": ",", "：": ":", "“": '"', "”": '"', "‘": '"', "’": '"', "｛": "{", "｝": "}", "［": "[",
              "］": "]", "【": "[", "】": "]", "；": ","}
"""What a Chinese keyboard types where JSON needs ASCII punctuation."""


def syntax(document: str, text: str, error: json.JSONDecodeError) -> Problem:
    """A parse error as advice at the place to fix (a missing comma is reported at the end of the line
    that lacks it, a comma too many at that comma)."""
    position = error.pos
    typed = text[position:position + 1]
    before = len(text[:position].rstrip())
    kind = error.msg
    if typed in FULL_WIDTH:
        reason = _("the Chinese punctuation %(typed)s was typed here; JSON needs the English %(ascii)s",
                   typed=typed, ascii=FULL_WIDTH[typed])
    elif kind.startswith("Expecting") and not text[position:].strip():
        position = len(text.rstrip())  # at the end of the last line written, not on an empty one after it
        reason = _("the text ends too early: a closing } or ] (or a closing quote) is missing at the end")
    elif kind.startswith(("Expecting value", "Expecting property name")) and typed in "}]" and typed \
            and text[before - 1:before] == ",":
        position = before - 1
        reason = _("a comma too many before %(bracket)s: remove this comma", bracket=typed)
    elif kind.startswith("Expecting value") and typed.isalpha():
        word = re.match(r"\w+", text[position:position + 40])
        reason = _("%(word)s is not a value: write text in double quotes (\"…\"); only true, false and null go "
                   "without quotes", word=word.group(0) if word else typed)
    elif kind.startswith("Expecting value"):
        reason = _("a value is missing here: text in double quotes, a number, true, false, null, {…} or […]")
    elif kind.startswith("Expecting property name") and typed == "'":
        reason = _("names and texts are written in double quotes (\"), not single quotes (')")
    elif kind.startswith("Expecting property name"):
        reason = _("a name in double quotes is expected here, such as \"title\"")
    elif kind.startswith("Expecting ':'"):
        reason = _("a colon (:) is expected after the name")
    elif kind.startswith("Expecting ','") and "\n" in text[before:position]:
        position = before
        reason = _("a comma (,) is missing at the end of this line, or a bracket is not closed")
    elif kind.startswith("Expecting ','"):
        reason = _("a comma (,) or a closing bracket is missing before this")
    elif kind.startswith("Unterminated string"):
        reason = _("this text has no closing double quote (\")")
    elif kind.startswith("Invalid control character"):
        reason = _("a text in double quotes cannot go on over a line break: close the quote on this line, or "
                   "write \\n for a line break")
    elif kind.startswith("Invalid \\"):
        reason = _("a backslash (\\) starts an escape such as \\n or \\\"; write \\\\ for a backslash itself")
    elif kind.startswith("Extra data"):
        reason = _("there is more after the end of the document: a closing bracket too many, or an opening one "
                   "missing")
    else:
        reason = kind
    line, column = _line_column(text, position)
    return Problem(_("Not valid JSON (line %(line)s, column %(column)s): %(message)s", line=line, column=column,
                     message=reason), path=None, document=document, line=line, column=column)


# JSON Schema meta-validation ----------------------------------------------------------------------

_META = Draft202012Validator(Draft202012Validator.META_SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER)
_JSON_TYPES = ((bool, "boolean"), (int, "integer"), (float, "number"), (str, "string"), (list, "array"),
               (dict, "object"))


def meta(schema: Any) -> list[Problem]:
    """Why the schema is not a JSON Schema (draft 2020-12), one problem per place."""
    problems: dict[Path, Problem] = {}
    for error in _META.iter_errors(schema):
        error = best_match([error])
        path = tuple(error.absolute_path)
        if path not in problems:
            problems[path] = Problem(_("Not a valid JSON Schema at %(path)s: %(message)s", path=pointer(path),
                                       message=_reason(error, path)), path=path)
    return list(problems.values())


def _reason(error: ValidationError, path: Path) -> Any:
    from webapp.taskforms.validation import _type_name  # validation imports the catalog, which imports this

    keyword = next((str(p) for p in reversed(path) if isinstance(p, str)), "")
    value, expected = error.instance, error.validator_value
    if keyword == "type" and error.validator in ("anyOf", "enum"):
        return _("%(value)s is not a type; use one of: string (text), integer (whole number), number, boolean "
                 "(yes or no), object (group of fields), array (list), null",
                 value=json.dumps(value, ensure_ascii=False))
    if error.validator == "type" and "object" in _listed(expected):
        return _("%(keyword)s must describe a field as an object in braces {…}", keyword=keyword or "/")
    if error.validator == "type":
        return _("%(keyword)s must be %(expected)s, not %(actual)s", keyword=keyword,
                 expected=_type_name(_listed(expected)), actual=_type_name(_json_type(value)))
    if error.validator == "minimum":
        return _("%(keyword)s must be at least %(minimum)s", keyword=keyword, minimum=expected)
    if error.validator == "minItems":
        return _("%(keyword)s needs at least %(count)s entries", keyword=keyword, count=expected)
    if error.validator == "uniqueItems":
        return _("%(keyword)s lists the same entry twice", keyword=keyword)
    if error.validator == "format" and expected == "regex":
        return _("%(value)s is not a valid regular expression", value=json.dumps(value, ensure_ascii=False))
    if error.validator == "enum":
        return _("%(value)s is not allowed here; use one of: %(options)s", value=json.dumps(value, ensure_ascii=False),
                 options=", ".join(json.dumps(o, ensure_ascii=False) for o in expected))
    return error.message


def _listed(expected: Any) -> list[str]:
    return [str(t) for t in expected] if isinstance(expected, list) else [str(expected)]


def _json_type(value: Any) -> str:
    return next((name for kind, name in _JSON_TYPES if isinstance(value, kind)), "null")


# Where a path is in the text ----------------------------------------------------------------------

_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]:,]|[^\s{}\[\]:,"]+', re.S)


@lru_cache(maxsize=2)  # the two documents of the request being answered
def _positions(text: str) -> dict[Path, tuple[int, int | None]]:
    """Every path of a JSON text (one `json.loads` accepted) -> offset of its value and of its key."""
    tokens = [(m.start(), m.group(0)) for m in _TOKEN.finditer(text)]
    found: dict[Path, tuple[int, int | None]] = {}
    # An explicit stack, not recursion: the parser accepted nesting deeper than Python's recursion limit.
    stack: list[tuple[Path, str, int]] = []  # (path of the container, "{" or "[", next array index)
    pending_key: tuple[str, int] | None = None
    for offset, token in tokens:
        if token in ",:":
            continue
        if token in "}]":
            if stack:
                stack.pop()
            continue
        if stack and stack[-1][1] == "{" and pending_key is None:
            pending_key = (json.loads(token), offset)
            continue
        if not stack:
            path: Path = ()
            key_offset = None
        elif stack[-1][1] == "{":
            assert pending_key is not None
            path, key_offset = stack[-1][0] + (pending_key[0],), pending_key[1]
            pending_key = None
        else:
            container, bracket, index = stack[-1]
            stack[-1] = (container, bracket, index + 1)
            path, key_offset = (*container, index), None
        found.setdefault(path, (offset, key_offset))
        if token in "{[":
            stack.append((path, token, 0))
    return found


def _line_column(text: str, offset: int) -> tuple[int, int]:
    """1-based, as editors count (Python's json does the same)."""
    return text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)
