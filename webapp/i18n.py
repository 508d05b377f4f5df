"""Translatable text. Messages are written in English and translated at display time from the
catalogs in `webapp/web/translations`; Simplified Chinese is the default language.

`_` returns a lazy string, so a message built in a service is translated for whoever reads it.
`N_` only marks text that is stored (e.g. warnings on an application) and translated when shown.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import get_locale, gettext, lazy_gettext

_ = lazy_gettext


def N_(message: str) -> str:
    return message


def translate(message: str, params: Mapping[str, Any] | None = None) -> str:
    """Translate a stored message id (marked with N_) with its parameters."""
    return gettext(message, **dict(params or {}))


def english() -> bool:
    """Is the reader's language English (else Chinese, the default)?"""
    return str(get_locale()) == "en"
