"""The signed-in person's messages and their notification settings."""

from __future__ import annotations

from typing import Any

from flask import request
from flask_babel import get_locale

from webapp.api import actor, documented, json_body
from webapp.api.schemas import message_json, settings_json
from webapp.notifications import preferences, queries, services


@documented("My messages, newest first: `unread=true` for unread ones only, `kind` for one kind, "
            "50 a page (the installation's BRANDCERT_PAGE_SIZE)",
            response="MessageList", query=("unread", "kind", "page"))
def list_messages() -> Any:
    filters = queries.MessageFilters.parse(request.args)
    page = queries.page_of(actor().id, filters, past_end=True)
    language = str(get_locale())
    return {"items": [message_json(message, language) for message in page.rows], "page": page.number,
            "has_next": page.has_next, "total": page.total, "unread": queries.unread_count(actor().id)}


@documented("Mark one of my messages read", response="Message")
def read_message(message_id: int) -> Any:
    return message_json(services.read_message(message_id, actor=actor()), str(get_locale()))


@documented("Mark all my messages read", response="ReadAll")
def read_all_messages() -> Any:
    return {"marked": services.mark_read(actor(), None), "unread": queries.unread_count(actor().id)}


@documented("How I am told besides the messages here: language, e-mail, SMS or robot webhook, daily digest",
            response="NotificationSettings")
def get_notification_settings() -> Any:
    return settings_json(services.settings_of(actor().id))


@documented("Change how I am told; every field is needed, and a channel needs its address",
            body="NotificationSettings", response="NotificationSettings")
def put_notification_settings() -> Any:
    return settings_json(preferences.save(preferences.validate(json_body()), actor=actor()))
