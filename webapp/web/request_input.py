"""One check of every request's input before any view or API handler reads it: the path, query
strings, form fields and JSON bodies. (An uploaded file's name is cleaned where it is stored.)

PostgreSQL can neither store nor compare a NUL character, and Python's JSON parser exhausts its
recursion on JSON nested tens of thousands deep; both ended in a 500, on public endpoints too. Here
they get a 400 that says why (JSON for the API, a page elsewhere), and nothing downstream sees them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from flask import Flask, request

from webapp.errors import MalformedRequest
from webapp.i18n import _

MAX_JSON_DEPTH = 64
"""Far above any form (the deepest nests about four levels) and far below the recursion limit of the
code that walks the data later (validation, audit hashing, the workflow serializer)."""


def register(app: Flask) -> None:
    app.before_request(refuse_malformed_input)


def refuse_malformed_input() -> None:
    if request.routing_exception is not None:
        return  # answered 404 or 405 without any view reading the input
    texts = [request.path]
    for fields in (request.args, request.form):
        for name, value in fields.items(multi=True):
            texts += [name, value]
    if request.is_json:
        texts += _json_texts(_json_body())
    if any("\x00" in text for text in texts):
        raise MalformedRequest(_("The request contains a NUL character, which no field accepts; nothing was "
                                 "changed."))


def _json_body() -> Any:
    try:
        return request.get_json(silent=True)
    except RecursionError:
        raise _too_deep() from None


def _json_texts(body: Any) -> Iterator[str]:
    """Every key and text in a parsed JSON body; MalformedRequest past MAX_JSON_DEPTH levels."""
    pending = [(body, 1)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict | list) and depth > MAX_JSON_DEPTH:
            raise _too_deep()
        elif isinstance(value, dict):
            yield from value
            pending += [(item, depth + 1) for item in value.values()]
        elif isinstance(value, list):
            pending += [(item, depth + 1) for item in value]


def _too_deep() -> MalformedRequest:
    return MalformedRequest(_("The JSON body is nested more than %(depth)s levels deep; nothing was changed.",
                              depth=MAX_JSON_DEPTH))
