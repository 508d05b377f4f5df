"""Due-soon reminders, overdue notices and escalation, with the periods the diagram sets: each at its
working-day moment, to the right people, once, and never for a task that is done.

The village's endorsement is submitted on Monday 2026-05-11 with 10 working days: its last day is
Monday 25 May (due 26 May 00:00). Two working days remain from Friday 22 May; three working days
overdue are 26, 27 and 28 May, so it is escalated on 29 May 00:00.
"""

from __future__ import annotations

import re

from sqlalchemy import select

from tests import walk
from tests.api.test_levels_from_diagram import with_township_review
from tests.api_client import Api
from tests.desk import steps
from tests.holidays.test_recount import ARRANGEMENT_2027
from tests.notifications.reminder_steps import at, deploy_recommendation, periods, scan
from tests.web.browser_client import Browser
from tests.workdays import years
from tests.worlds import starting_at
from webapp.audit.models import AuditAction, AuditEvent
from webapp.db import session
from webapp.holidays.services import enter_year
from webapp.notifications.models import Message, MessageKind, TaskNotice
from webapp.notifications.queries import text_of
from webapp.worker import run_once

VILLAGE_TASK = "Task_village_endorse"


def escalated_on_inbox(app, username: str, *, urge: int | None = None) -> list[int]:
    """The tasks in the inbox page's "Escalated to you"; with `urge`, also check that it offers to urge that case."""
    browser = Browser(app)
    browser.login(username)
    page = browser.get("/inbox")
    assert page.status_code == 200
    if urge is not None:
        assert f'data-urge="{urge}"' in Browser.text(page)
    return [int(task_id) for task_id in re.findall(r'data-escalated-task="(\d+)"', Browser.text(page))]


@starting_at(steps.at_village)
def test_due_soon_then_overdue_then_escalated_to_the_level_above_once_each(world, app, client):
    api = Api(client)
    application = world.facts
    task = api.only_task(walk.VILLAGE)
    key = f"task:{task['id']}"
    assert task["due_at"] == "2026-05-25T16:00:00+00:00"  # 26 May 00:00 in Beijing

    assert scan("2026-05-21 23:59") == []
    assert scan("2026-05-22 00:01") == [("qixing.official", "task_due_soon", f"{key}:due_soon")]
    assert scan("2026-05-22 09:00") == []  # a second scan sends nothing new
    assert scan("2026-05-25 23:59") == []
    assert scan("2026-05-26 00:01") == [("qixing.official", "task_overdue", f"{key}:overdue")]
    assert scan("2026-05-28 23:59") == []
    # The worker's loop runs the step: the village's supervisor in this diagram is the county (the
    # diagram has no township lane), so the township's official hears nothing.
    at("2026-05-29 00:01")
    with app.app_context():
        run_once()
    assert scan("2026-06-30 10:00") == []
    escalation = session.scalars(select(Message).where(Message.kind == MessageKind.TASK_ESCALATED)).all()
    assert [(m.event_key, m.link) for m in escalation] == [(f"{key}:escalated",
                                                            f"/cases/{application['instance_id']}/diagram")]
    assert text_of(escalation[0], "en") == (
        "Escalated to you: Village endorsement for 岐山臊子面师 at 岐星村 (Village) is 3 working days overdue; it "
        "was due on 2026-05-25.")
    notice = session.get(TaskNotice, task["id"])
    assert (notice.stage, notice.next_at, notice.escalated_to) == (3, None, "610323")
    trail = session.scalars(select(AuditEvent).where(AuditEvent.action == AuditAction.ESCALATED)).one()
    assert trail.instance_id == application["instance_id"] and trail.bpmn_id == VILLAGE_TASK
    assert trail.data["escalated_to"] == "岐山县" and len(trail.data["told"]) == 1

    # The county's officials see it on their inbox page until the village acts; nobody else does.
    assert escalated_on_inbox(app, "qishan.official", urge=application["instance_id"]) == [task["id"]]
    assert escalated_on_inbox(app, "caijiapo.official") == escalated_on_inbox(app, "qixing.official") == []
    walk.endorse(api)
    assert escalated_on_inbox(app, "qishan.official") == []
    assert session.get(TaskNotice, task["id"]) is None


@starting_at(steps.at_village)
def test_a_done_task_gets_nothing_more_and_a_called_review_escalates_to_the_next_lane(app, client):
    api = Api(client)
    village = api.only_task(walk.VILLAGE)["id"]
    assert scan("2026-05-22 00:01") == [("qixing.official", "task_due_soon", f"task:{village}:due_soon")]
    at("2026-05-22 10:00")
    walk.endorse(api)
    county = api.only_task("qishan.official")["id"]  # intake, 10 working days: due at the end of 5 June
    assert scan("2026-06-03 23:59") == []  # nothing about the village's task, which is done
    assert scan("2026-06-04 00:01") == [("qishan.official", "task_due_soon", f"task:{county}:due_soon")]
    assert scan("2026-06-06 00:01") == [("qishan.official", "task_overdue", f"task:{county}:overdue")]
    # 8, 9 and 10 June overdue: the city (the next lane above the county review) is told.
    assert scan("2026-06-10 23:59") == []
    assert scan("2026-06-11 00:01") == [("baoji.official", "task_escalated", f"task:{county}:escalated")]


def test_the_diagrams_periods_set_the_moments(app, client):
    deploy_recommendation(periods(VILLAGE_TASK, remindBefore="5", escalateAfter="1"))
    api = Api(client)
    walk.submit(api)
    key = f"task:{api.only_task(walk.VILLAGE)['id']}"
    assert scan("2026-05-18 23:59") == []
    assert scan("2026-05-19 00:01") == [("qixing.official", "task_due_soon", f"{key}:due_soon")]  # 19-25 May
    assert scan("2026-05-26 00:01") == [("qixing.official", "task_overdue", f"{key}:overdue")]
    assert scan("2026-05-26 23:59") == []
    assert scan("2026-05-27 00:01") == [("qishan.official", "task_escalated", f"{key}:escalated")]


def test_a_township_lane_in_the_diagram_is_the_villages_supervisor(app, client):
    deploy_recommendation(with_township_review)
    api = Api(client)
    walk.submit(api)
    key = f"task:{api.only_task(walk.VILLAGE)['id']}"
    # The worker comes late, after the escalation moment: the overdue notice, no stale due-soon reminder.
    assert scan("2026-06-01 09:00") == [("qixing.official", "task_overdue", f"{key}:overdue"),
                                        ("caijiapo.official", "task_escalated", f"{key}:escalated")]


def test_the_creation_units_overdue_revision_goes_to_the_level_waiting_for_it(app, client):
    api = Api(client)
    application = walk.submit(api)
    walk.endorse(api, decision="return", comment="请补充从业人数证明。")
    revision = api.only_task(walk.APPLICANT)  # 20 working days: due at the end of 8 June
    key = f"task:{revision['id']}"
    assert scan("2026-06-05 00:01") == [("xiqi.unit", "task_due_soon", f"{key}:due_soon")]
    assert scan("2026-06-09 00:01") == [("xiqi.unit", "task_overdue", f"{key}:overdue")]
    assert scan("2026-06-12 00:01") == [("qixing.official", "task_escalated", f"{key}:escalated")]
    escalation = session.scalars(select(Message).where(Message.kind == MessageKind.TASK_ESCALATED)).one()
    assert text_of(escalation, "en") == (
        "Escalated to you: the creation unit has not done Revise the application (returned by the village) for "
        "岐山臊子面师, 3 working days after it was due on 2026-06-08.")
    assert escalated_on_inbox(app, "qixing.official") == [revision["id"]]
    browser = Browser(app)
    browser.login("qixing.official")
    assert browser.get(f"/cases/{application['instance_id']}/diagram").status_code == 200  # the link works


def test_a_due_date_moved_earlier_by_next_years_holidays_moves_its_reminder(app, client):
    # Monday 2027-02-15 while 2027 is not entered: 10 working days counted Monday-Friday end on 1 March.
    years.forget(2027)
    at("2027-02-15 09:30")
    api = Api(client)
    walk.submit(api)
    task = api.only_task(walk.VILLAGE)
    assert task["due_at"] == "2027-03-01T16:00:00+00:00"
    # The arrangement makes Saturday 20 February a working day: due at the end of 26 February, so two
    # working days remain from 25 February instead of 26 February.
    enter_year(2027, ARRANGEMENT_2027, actor=None)
    assert api.only_task(walk.VILLAGE)["due_at"] == "2027-02-26T16:00:00+00:00"
    assert scan("2027-02-25 00:01") == [("qixing.official", "task_due_soon", f"task:{task['id']}:due_soon")]
    assert scan("2027-02-27 00:01") == [("qixing.official", "task_overdue", f"task:{task['id']}:overdue")]


def test_a_due_date_moved_later_by_next_years_holidays_moves_its_overdue_notice(app, client):
    # Returned on Friday 2026-12-04: 20 working days end on 1 January 2027 while 2027 counts Monday-Friday.
    years.forget(2027)
    at("2026-12-04 10:00")
    api = Api(client)
    walk.submit(api)
    walk.endorse(api, decision="return", comment="请补充带动就业证明。")
    key = f"task:{api.only_task(walk.APPLICANT)['id']}"
    assert scan("2026-12-31 00:01") == [("xiqi.unit", "task_due_soon", f"{key}:due_soon")]
    enter_year(2027, ARRANGEMENT_2027, actor=None)  # 元旦 1-3 January: due at the end of 4 January
    assert scan("2027-01-02 00:01") == []
    assert scan("2027-01-04 23:59") == []
    assert scan("2027-01-05 00:01") == [("xiqi.unit", "task_overdue", f"{key}:overdue")]
