"""What administrators see of the outbox: the deliveries that failed or are still being retried,
and the command that tries one again.

A national administrator sees every delivery; any other administrator those of the people they
administer (`auth.queries.users_administered_by`: a role inside their regions), as on the users page.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import Select, select

from webapp.audit import admin_trail
from webapp.audit.models import AdminAction
from webapp.auth import queries
from webapp.auth.models import User
from webapp.clock import now_utc
from webapp.command_log import logged
from webapp.db import session, transaction
from webapp.errors import Conflict, NotFound
from webapp.i18n import _, translate
from webapp.notifications.models import Delivery, DeliveryStatus, Message
from webapp.paging import Page, fetch


class Showing(StrEnum):
    FAILED = "failed"
    """Given up: they wait for an administrator."""
    RETRYING = "retrying"
    """Failed at least once and still being tried (or put back by an administrator)."""


@dataclass(frozen=True)
class Row:
    delivery: Delivery
    message: Message
    recipient: User

    @property
    def error(self) -> str:
        """The reason, in the reader's language where brandcert wrote it (a configuration
        problem); a server's own answer as it gave it."""
        return translate(self.delivery.last_error) if self.delivery.last_error else ""


def _recipients(actor: User) -> list[int] | None:
    """The people whose deliveries `actor` sees; None for everyone."""
    return None if queries.is_national_admin(actor) else [user.id for user in queries.users_administered_by(actor)]


def _visible(actor: User, query: Select[Any]) -> Select[Any]:
    people = _recipients(actor)
    return query if people is None else query.where(Message.recipient_id.in_(people))


def undelivered(actor: User, *, showing: Showing, number: int) -> Page[Row]:
    """Newest first."""
    query = (select(Delivery, Message, User).join(Message, Message.id == Delivery.message_id)
             .join(User, User.id == Message.recipient_id))
    if showing is Showing.FAILED:
        query = query.where(Delivery.status == DeliveryStatus.FAILED)
    else:
        query = query.where(Delivery.status.in_([DeliveryStatus.PENDING, DeliveryStatus.SENDING]),
                            Delivery.last_error.is_not(None))
    return fetch(_visible(actor, query).order_by(Delivery.id.desc()), number).map(lambda found: Row(*found))


@logged("delivery {delivery_id} retried by user {actor.id}")
def retry(delivery_id: int, *, actor: User) -> Delivery:
    """Command: send a failed (or still retrying) delivery again now, with a full series of attempts.
    One already sent or being sent right now is left alone: it must not go out twice."""
    with transaction():
        delivery = session.scalar(_visible(actor, select(Delivery).join(Message, Message.id == Delivery.message_id)
                                           .where(Delivery.id == delivery_id)).with_for_update(of=Delivery))
        if delivery is None:
            raise NotFound(_("Delivery %(id)s does not exist.", id=delivery_id))
        if delivery.status == DeliveryStatus.SENT:
            raise Conflict(_("Delivery %(id)s was sent already; it is not sent again.", id=delivery_id))
        if delivery.status == DeliveryStatus.SENDING and delivery.leased_until and delivery.leased_until > now_utc():
            raise Conflict(_("Delivery %(id)s is being sent right now.", id=delivery_id))
        delivery.status, delivery.attempts = DeliveryStatus.PENDING, 0
        delivery.next_attempt_at, delivery.leased_until = now_utc(), None
        message = session.get(Message, delivery.message_id)
        recipient = session.get(User, message.recipient_id) if message else None
        admin_trail.record(AdminAction.DELIVERY_RETRIED, actor=actor, subject=f"delivery {delivery.id}",
                           region_code=admin_trail.covering_region(
                               code for _role, code in (recipient.role_pairs if recipient else [])),
                           data={"channel": str(delivery.channel),
                                 "recipient": recipient.username if recipient else None})
        return delivery
