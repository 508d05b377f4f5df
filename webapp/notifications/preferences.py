"""Each person's choices of how to be told (通知设置): the checks their settings page and the API share,
and the command that saves them.

An e-mail address or phone number that cannot be right, or a channel switched on without its address,
is refused field by field before anything is saved: a delivery to a bad address would only fail later,
in the worker, where the person never sees why.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from webapp.auth.models import User
from webapp.clock import now_utc
from webapp.command_log import logged
from webapp.db import session, transaction
from webapp.errors import Invalid
from webapp.extensions import LANGUAGES
from webapp.i18n import _
from webapp.notifications.models import NotificationSettings

MAX_EMAIL = 200
MAX_PHONE = 30
FIELDS = ("language", "email", "email_enabled", "phone", "webhook_enabled", "daily_digest")
EMAIL = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
                   r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}")
"""A plain address as mail servers take it: no display name, no quoted local part, an ASCII domain."""
MOBILE = re.compile(r"(?:\+86)?(1[3-9][0-9]{9})")
"""A mainland mobile number: 11 digits from 13…, 19…, with or without +86. Spaces and hyphens are dropped."""


@dataclass(frozen=True)
class Choices:
    language: str
    email: str | None
    email_enabled: bool
    phone: str | None
    webhook_enabled: bool
    daily_digest: bool


def validate(values: Mapping[str, Any]) -> Choices:
    """Checked choices from a form or a JSON object; every field is needed (the page sends each,
    an unticked box as false). A field that is wrong names its problem; nothing is half-taken."""
    errors: dict[str, list[Any]] = {}
    for name in FIELDS:
        if name not in values:
            errors[name] = [_("This field is required.")]
    flags = {name: values.get(name) for name in ("email_enabled", "webhook_enabled", "daily_digest")}
    for name, value in flags.items():
        if name in values and not isinstance(value, bool):
            errors[name] = [_("Expected true or false.")]
    language = values.get("language")
    if "language" in values and language not in LANGUAGES:
        errors["language"] = [_("Choose 中文 or English.")]
    email = _email(values.get("email"), errors)
    phone = _phone(values.get("phone"), errors)
    if flags["email_enabled"] is True and not email and "email" not in errors:
        errors["email"] = [_("Enter your e-mail address to receive e-mails.")]
    if flags["webhook_enabled"] is True and not phone and "phone" not in errors:
        errors["phone"] = [_("Enter your mobile phone number to receive text or robot messages.")]
    if errors:
        raise Invalid(_("Please correct the fields marked below; nothing was saved."), field_errors=errors)
    return Choices(language=str(language), email=email, email_enabled=bool(flags["email_enabled"]), phone=phone,
                   webhook_enabled=bool(flags["webhook_enabled"]), daily_digest=bool(flags["daily_digest"]))


def _email(value: Any, errors: dict[str, list[Any]]) -> str | None:
    if value is not None and not isinstance(value, str):
        errors["email"] = [_("Expected text.")]
        return None
    if value is not None and len(value) > MAX_EMAIL:
        errors["email"] = [_("Enter at most %(count)s characters.", count=MAX_EMAIL)]
        return None
    text = (value or "").strip()
    if text and not EMAIL.fullmatch(text):
        errors["email"] = [_("This is not an e-mail address; write it as name@example.gov.cn.")]
    return text or None


def _phone(value: Any, errors: dict[str, list[Any]]) -> str | None:
    if value is not None and not isinstance(value, str):
        errors["phone"] = [_("Expected text.")]
        return None
    if value is not None and len(value) > MAX_PHONE:
        errors["phone"] = [_("Enter at most %(count)s characters.", count=MAX_PHONE)]
        return None
    text = re.sub(r"[\s-]", "", value or "")
    found = MOBILE.fullmatch(text)
    if text and not found:
        errors["phone"] = [_("Enter a mainland mobile number: 11 digits beginning with 13 to 19, +86 optional.")]
    return found.group(1) if found else None


@logged("notification settings of user {actor.id} saved")
def save(choices: Choices, *, actor: User) -> NotificationSettings:
    """Command: keep the person's choices; the messages written from now on follow them."""
    with transaction():
        settings = session.get(NotificationSettings, actor.id)
        if settings is None:
            settings = NotificationSettings(user_id=actor.id)
            session.add(settings)
        settings.language, settings.email, settings.email_enabled = choices.language, choices.email, \
            choices.email_enabled
        settings.phone, settings.webhook_enabled = choices.phone, choices.webhook_enabled
        settings.daily_digest, settings.updated_at = choices.daily_digest, now_utc()
        return settings
