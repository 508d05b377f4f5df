"""Steps for the reminder tests: move the clock, run the worker's reminder step, read who was told."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from lxml import etree
from sqlalchemy import select

from webapp import clock, engine, taskforms
from webapp.auth.models import User
from webapp.config import PROJECT_ROOT
from webapp.db import session, transaction
from webapp.notifications.models import Message, MessageKind
from webapp.notifications.reminders import send_due_reminders
from webapp.workdays.calendar import CHINA

BPMN = "{http://www.omg.org/spec/BPMN/20100524/MODEL}"
CAMUNDA = "{http://camunda.org/schema/1.0/bpmn}"
REMINDER_KINDS = (MessageKind.TASK_DUE_SOON, MessageKind.TASK_OVERDUE, MessageKind.TASK_ESCALATED)


def at(moment: str) -> None:
    """Set the clock to a Beijing time, e.g. `2026-05-22 00:01`."""
    clock.set_now(datetime.fromisoformat(moment).replace(tzinfo=CHINA))


def scan(moment: str) -> list[tuple[str, str, str]]:
    """Run the reminder step at `moment`; what it told, as (username, kind, event key) in order."""
    before = session.scalar(select(Message.id).order_by(Message.id.desc()).limit(1)) or 0
    at(moment)
    send_due_reminders()
    session.remove()
    return [(username, str(kind), key) for username, kind, key in session.execute(
        select(User.username, Message.kind, Message.event_key).join(User, User.id == Message.recipient_id)
        .where(Message.id > before, Message.kind.in_(REMINDER_KINDS)).order_by(Message.id))]


def deploy_recommendation(*edits: Callable[[bytes], bytes]) -> None:
    """Deploy the bundled recommendation diagram after `edits` (each takes the file and returns it edited)."""
    files = engine.read_directory(PROJECT_ROOT / "workflows")
    for edit in edits:
        files["recommendation.bpmn"] = edit(files["recommendation.bpmn"])
    with transaction():
        assert [d.key for d in engine.deploy(files, form_exists=taskforms.catalog().exists)] == ["recommendation"]


def periods(task_id: str, **values: str) -> Callable[[bytes], bytes]:
    """An edit: add camunda:properties to a user task, as an administrator does in the editor."""
    def edit(source: bytes) -> bytes:
        root = etree.fromstring(source)
        properties = root.find(f".//{BPMN}userTask[@id='{task_id}']/{BPMN}extensionElements/{CAMUNDA}properties")
        for name, value in values.items():
            etree.SubElement(properties, f"{CAMUNDA}property", name=name, value=value)
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    return edit
