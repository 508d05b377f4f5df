"""The daily digest: someone who chose it gets their new tasks by e-mail once a working day at 08:30,
in one message, each task once; never a task already read or done; nothing on a weekend."""

from __future__ import annotations

from datetime import time
from typing import Any

import pytest
from sqlalchemy import select

from tests import walk
from tests.api_client import Api
from tests.notifications.reminder_steps import at
from webapp.auth.models import User
from webapp.db import session, transaction
from webapp.notifications import digest
from webapp.notifications.models import Channel, Delivery, Message, MessageKind, NotificationSettings
from webapp.notifications.queries import text_of
from webapp.notifications.services import mark_read
from webapp.workdays.calendar import CHINA

OFFICIAL = "qishan.official"
ADDRESS = "qishan@hrss.example.cn"


def choose_digest(username: str) -> User:
    with transaction():
        user = session.scalars(select(User).where(User.username == username)).one()
        session.merge(NotificationSettings(user_id=user.id, language="zh", email=ADDRESS, email_enabled=True,
                                           webhook_enabled=False, daily_digest=True))
    return user


def arrive(api: Api, brand: str, moment: str) -> int:
    """A case reaches the county's intake at `moment`; the id of the official's arrival message."""
    at(moment)
    walk.submit(api, brand_name=brand)
    walk.endorse(api)
    return session.scalars(select(Message.id).join(User, User.id == Message.recipient_id).where(
        User.username == OFFICIAL, Message.kind == MessageKind.TASK_ARRIVED,
        Message.params["brand"].as_string() == brand)).one()


def digests_at(app: Any, moment: str) -> list[Message]:
    """Run the worker's digest step at `moment`; the digests it wrote."""
    before = session.scalar(select(Message.id).order_by(Message.id.desc()).limit(1)) or 0
    at(moment)
    with app.app_context():
        written = digest.send_digests()
    session.remove()
    found = list(session.scalars(select(Message).where(Message.kind == MessageKind.DIGEST, Message.id > before)))
    assert written == len(found)
    return found


def test_new_tasks_come_once_a_working_day_in_one_message(app, client):
    official = choose_digest(OFFICIAL)
    api = Api(client)
    first = arrive(api, "岐山臊子面师", "2026-05-11 09:30")
    assert session.scalars(select(Delivery).where(Delivery.message_id == first)).all() == []  # no e-mail of its own
    assert digests_at(app, "2026-05-11 10:00") == []  # it came after today's 08:30: tomorrow's digest
    assert digests_at(app, "2026-05-12 08:29") == []

    (tuesday,) = digests_at(app, "2026-05-12 08:31")
    assert (tuesday.recipient_id, tuesday.event_key, tuesday.link) == (official.id, f"digest:{official.id}:2026-05-12",
                                                                       "/inbox")
    assert tuesday.created_at.astimezone(CHINA).time() == time(8, 30)
    assert text_of(tuesday, "en") == ("Daily digest, tasks that arrived since your last digest (1; task, brand, due "
                                      "date): Intake review (岐山臊子面师, 2026-05-25)")
    assert tuesday.params["items"] == "受理审核（岐山臊子面师，2026-05-25）"
    mails = session.scalars(select(Delivery).where(Delivery.message_id == tuesday.id)).all()
    assert [(d.channel, d.address) for d in mails] == [(Channel.EMAIL, ADDRESS)]
    assert digests_at(app, "2026-05-12 17:00") == []  # once a day

    # Friday's arrival waits over the weekend; Monday's digest lists it, not Tuesday's task again.
    arrive(api, "岐山擀面皮", "2026-05-15 10:00")
    assert digests_at(app, "2026-05-16 09:00") == []
    (monday,) = digests_at(app, "2026-05-18 08:31")
    assert (monday.params["count"], monday.params["items"]) == (1, "受理审核（岐山擀面皮，2026-05-29）")

    # Read in the app, or done already: not news the next morning.
    read = arrive(api, "岐山手工挂面", "2026-05-18 10:00")
    mark_read(official, [read])
    arrive(api, "岐山香醋", "2026-05-18 11:00")
    walk.intake(api, "county", brand="岐山香醋")
    arrive(api, "岐山油泼面", "2026-05-18 12:00")
    (next_tuesday,) = digests_at(app, "2026-05-19 08:31")
    assert (next_tuesday.params["count"], next_tuesday.params["items"]) == (1, "受理审核（岐山油泼面，2026-06-01）")


def test_the_digest_time_is_set_from_the_environment():
    assert digest.parse_time("07:45") == time(7, 45)
    with pytest.raises(ValueError, match="BRANDCERT_DIGEST_AT must be a time of day such as 08:30, not 'soon'"):
        digest.parse_time("soon")
