"""Isolating text that carries bidirectional controls, wherever a template prints it.

An unterminated RIGHT-TO-LEFT OVERRIDE (U+202E) in a comment or a name reverses everything after it
on its line: a page or a PDF would show what nobody wrote. A value holding a bidi control prints
between FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE (U+2068 … U+2069), which close every
embedding, override and isolate it opened (UAX #9, rule X6a), in browsers and WeasyPrint alike.
"""

from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup

_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
"""Embeddings, overrides, isolates and their terminators: what can reorder text beyond a value."""


def isolate(value: Any) -> Any:
    """Jinja's `finalize`: a text with bidi controls, isolated; everything else as it is. Markup is
    HTML or JSON the app built itself (e.g. `tojson` for a script), which the isolates would break."""
    if isinstance(value, str) and not isinstance(value, Markup) and _CONTROLS.search(value):
        return f"\u2068{value}\u2069"
    return value
