"""Reads of a person's messages."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask_babel import force_locale
from sqlalchemy import func, select

from webapp.db import session
from webapp.errors import Invalid, NotFound
from webapp.i18n import _, translate
from webapp.notifications.models import Message, MessageKind
from webapp.paging import Page, fetch_scalars, page_number

YES, NO = ("1", "true"), ("", "0", "false")
"""How a query string says `unread`: the page's checkbox sends 1, API clients may send true/false."""


def unread_count(user_id: int) -> int:
    return session.scalar(select(func.count()).select_from(Message).where(
        Message.recipient_id == user_id, Message.read_at.is_(None))) or 0


def recent(user_id: int, *, limit: int = 20) -> list[Message]:
    return list(session.scalars(select(Message).where(Message.recipient_id == user_id)
                                .order_by(Message.id.desc()).limit(limit)))


def text_of(message: Message, language: str) -> str:
    """The message in a language (`zh` or `en`). A parameter stored with an English twin (`task` and
    `task_en`, `level` and `level_en`) takes the twin in English."""
    params = dict(message.params)
    if language == "en":
        params.update({name[:-3]: value for name, value in message.params.items() if name.endswith("_en")})
    with force_locale(language):
        return translate(message.message, params)


@dataclass(frozen=True)
class MessageFilters:
    """Which of a person's messages to list: unread only, of one kind, which page."""

    unread: bool = False
    kind: MessageKind | None = None
    number: int = 1

    @classmethod
    def parse(cls, args: Mapping[str, Any]) -> MessageFilters:
        """From a query string (the page's and the API's); a value no filter accepts is `Invalid`."""
        unread, kind = str(args.get("unread") or "").strip().lower(), str(args.get("kind") or "").strip()
        number = page_number(args.get("page"))
        errors: dict[str, list[Any]] = {}
        if unread not in YES + NO:
            errors["unread"] = [_("Use 1 (or true) for unread messages only, 0 (or false) for all.")]
        if kind and kind not in set(MessageKind):
            errors["kind"] = [_("Unknown kind of message.")]
        if number is None:
            errors["page"] = [_("Pages are numbered from 1.")]
        if errors:
            raise Invalid(_("The filters have errors; nothing is listed."), field_errors=errors)
        return cls(unread=unread in YES, kind=MessageKind(kind) if kind else None, number=number or 1)


def page_of(user_id: int, filters: MessageFilters, *, past_end: bool = False) -> Page[Message]:
    """One page of the person's messages, newest first."""
    query = select(Message).where(Message.recipient_id == user_id)
    if filters.unread:
        query = query.where(Message.read_at.is_(None))
    if filters.kind is not None:
        query = query.where(Message.kind == filters.kind)
    return fetch_scalars(query.order_by(Message.id.desc()), filters.number, past_end=past_end)


def message_for(message_id: int, user_id: int) -> Message:
    """A message of the person's own; anyone else's is not found, as if it did not exist."""
    message = session.get(Message, message_id)
    if message is None or message.recipient_id != user_id:
        raise NotFound(_("No such message."))
    return message
