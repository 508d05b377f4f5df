"""批量办理: a village forwards thirty endorsements in one batch from the inbox; each task is its own
command and audit event, a task that cannot be done is reported while the others go ahead, a batch of
mixed kinds or with a decision the form does not know is refused as a whole and changes nothing, and
people who may not act on the tasks get each one refused."""

from __future__ import annotations

import re
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from tests import servers, walk
from tests.api_client import Api, application_form
from tests.desk import steps
from tests.web.browser_client import Browser
from tests.worlds import starting_at
from webapp.applications import services as applications
from webapp.audit.models import AuditAction, AuditEvent
from webapp.audit.services import run_verification
from webapp.auth.models import User
from webapp.cli import cli
from webapp.db import session
from webapp.demo.data import PASSWORD
from webapp.engine import HumanTask, TaskStatus
from webapp.people.services import create_user

VILLAGE_TASK = "Task_village_endorse"
COUNTY = "qishan.official"
FORWARD = {"decision": "forward", "comment": "属实，同意推荐。"}


def file_applications(count: int, first: int = 0) -> list[int]:
    """`count` submitted applications waiting at the village, filed in-process (HTTP would take longer);
    their village task ids, in filing order."""
    unit = session.scalar(select(User).where(User.username == walk.APPLICANT))
    instance_ids = [applications.submit(application_form(brand_name=f"批量面食师{n:03d}"), actor=unit).instance_id
                    for n in range(first, first + count)]
    ids = list(session.scalars(select(HumanTask.id).where(HumanTask.instance_id.in_(instance_ids),
                                                          HumanTask.status == TaskStatus.READY)
                               .order_by(HumanTask.instance_id)))
    assert len(ids) == count
    session.remove()
    return ids


def batch(api: Api, user: str, action: str, task_ids: list[int], expect: int = 200, **body: Any) -> dict[str, Any]:
    return api.post("/tasks/batch", user, {"action": action, "task_ids": task_ids, **body}, expect=expect)


def tasks(task_ids: list[int]) -> dict[int, HumanTask]:
    session.remove()
    return {task.id: task for task in session.scalars(select(HumanTask).where(HumanTask.id.in_(task_ids)))}


def completions(task_ids: list[int]) -> Counter[int]:
    """TASK_COMPLETED events per task id."""
    uuids = {task.task_uuid: task.id for task in tasks(task_ids).values()}
    events = session.scalars(select(AuditEvent.task_uuid).where(AuditEvent.action == AuditAction.TASK_COMPLETED,
                                                                AuditEvent.task_uuid.in_(uuids)))
    return Counter(uuids[uuid] for uuid in events if uuid)


def audit_count() -> int:
    session.remove()
    return session.scalar(select(func.count()).select_from(AuditEvent)) or 0


def test_a_village_forwards_thirty_endorsements_in_one_batch_from_the_inbox(app, client):
    ids = file_applications(30)
    village = Browser(app)
    village.login(walk.VILLAGE)
    page = village.text(village.get("/inbox"))
    assert page.count('form="batch"') == 30 and 'value="claim"' in page
    assert 'name="decision"' not in page  # the inbox shows no one kind of task: no decision to offer

    page = village.text(village.get(f"/inbox?task={VILLAGE_TASK}"))
    assert f'data-batch-kind="{VILLAGE_TASK}"' in page
    assert re.findall(r'<option value="(\w+)">([^<]+)</option>', page.split('id="batch-decision"')[1])[:2] == [
        ("forward", "同意推荐"), ("return", "退回修改")]
    assert " checked" not in page.split("<tbody>")[1].split("</tbody>")[0]
    ticked = village.text(village.get(f"/inbox?task={VILLAGE_TASK}&select=all"))
    assert ticked.count(" checked>") == 30 and 'data-select="none"' in ticked

    started = time.perf_counter()
    answer = village.post("/inbox/batch", [("action", "complete"), *(("task_ids", str(i)) for i in ids),
                                           ("decision", "forward"), ("comment", FORWARD["comment"]),
                                           ("next", f"/inbox?task={VILLAGE_TASK}")])
    print(f"\n30 endorsements forwarded in {time.perf_counter() - started:.2f} s")
    result = village.text(answer)
    assert answer.status_code == 200
    assert 'data-done="30" data-not-done="0"' in result and result.count('data-ok="true"') == 30
    assert result.count("受理审核") == 30  # where each went next: the county's intake
    assert f'href="/inbox?task={VILLAGE_TASK}"' in result

    assert completions(ids) == Counter(dict.fromkeys(ids, 1))
    events = session.scalars(select(AuditEvent).where(AuditEvent.action == AuditAction.TASK_COMPLETED)).all()
    assert {(e.actor_name, e.decision, e.data["comment"]) for e in events} == {
        ("岐星村村民委员会（经办人）", "forward", FORWARD["comment"])}
    assert len({e.instance_id for e in events}) == 30
    api = Api(client)
    county = api.get("/tasks?level=county", COUNTY)
    assert county["total"] == 30 and {t["form_key"] for t in county["items"]} == {"intake_review"}
    assert api.get("/tasks", walk.VILLAGE)["total"] == 0


@starting_at(steps.at_county)
def test_a_batch_of_mixed_kinds_or_with_an_unknown_decision_is_refused_and_changes_nothing(app, client):
    api = Api(client)  # starting at a county intake task in 岐星村 the village may read, not act on
    (village_task,) = file_applications(1)
    county_task = api.only_task(COUNTY)["id"]
    before = audit_count()

    mixed = batch(api, walk.VILLAGE, "complete", [village_task, county_task], expect=422, **FORWARD)
    assert mixed["message"] == ("Choose tasks of one kind to complete them together; these are: Intake review, "
                                "Village endorsement.")
    unknown = batch(api, walk.VILLAGE, "complete", [village_task], expect=422, decision="accept")
    assert unknown["message"] == ("accept is not a decision of Village endorsement; choose one of: Endorse and "
                                  "forward (forward), Return for revision (return).")
    assert batch(api, walk.VILLAGE, "complete", [], expect=422, decision="forward")["field_errors"]["task_ids"]
    assert batch(api, walk.VILLAGE, "complete", list(range(1, 202)), expect=422, decision="forward")
    assert batch(api, walk.VILLAGE, "complete", [village_task], expect=422)["field_errors"]["decision"]
    assert batch(api, walk.VILLAGE, "archive", [village_task], expect=422)["field_errors"]["action"]
    assert batch(api, walk.VILLAGE, "claim", ["1"], expect=422)["field_errors"]["task_ids"]

    village = Browser(app)
    village.login(walk.VILLAGE)
    refused = village.post("/inbox/batch", [("action", "complete"), ("task_ids", str(village_task)),
                                            ("task_ids", str(county_task)), ("decision", "forward"),
                                            ("next", "/inbox?task=x")])
    assert refused.status_code == 302 and refused.headers["Location"] == "/inbox?task=x"
    assert "受理审核、村级推荐意见" in village.text(village.get("/inbox"))  # the flash names the kinds
    assert audit_count() == before
    assert tasks([village_task, county_task])[village_task].status == TaskStatus.READY


def test_a_task_that_cannot_be_done_is_reported_and_the_others_go_ahead(client):
    api = Api(client)
    ids = file_applications(3)
    api.complete(walk.VILLAGE, ids[1], FORWARD)  # completed meanwhile, on its own
    answer = batch(api, walk.VILLAGE, "complete", [*ids, 99999999, ids[0]], **FORWARD)
    assert (answer["done"], answer["not_done"]) == (2, 2)
    by_id = {item["task_id"]: item for item in answer["results"]}
    assert [item["task_id"] for item in answer["results"]] == [*ids, 99999999]  # once each, in order
    assert by_id[ids[0]]["ok"] and by_id[ids[2]]["ok"]
    assert [(t["name"], t["level"]) for t in by_id[ids[0]]["next_tasks"]] == [("受理审核", "county")]
    assert (by_id[ids[1]]["ok"], by_id[ids[1]]["error"], by_id[ids[1]]["message"]) == (
        False, "task_not_ready", f"Task {ids[1]} is no longer waiting for action (it is done); nothing was changed.")
    assert by_id[ids[1]]["brand"] == "批量面食师001" and by_id[ids[1]]["task"] == "村级推荐意见"
    assert by_id[99999999] == {"task_id": 99999999, "ok": False, "error": "not_found",
                               "message": "Task 99999999 does not exist.", "instance_id": None, "brand": None,
                               "task": None, "bpmn_id": None, "level": None, "next_tasks": []}
    assert completions(ids) == Counter(dict.fromkeys(ids, 1))

    returned = file_applications(1, first=10)
    needs_reason = batch(api, walk.VILLAGE, "complete", returned, decision="return")  # the form wants a comment
    (item,) = needs_reason["results"]
    assert not item["ok"] and item["error"] == "invalid" and item["message"].startswith("The form has errors")
    assert "comment" in item["message"] and completions(returned) == Counter()


def test_a_batch_claim_claims_each_task_and_who_may_not_gets_each_refused(app, client):
    api = Api(client)
    ids = file_applications(3)
    before = audit_count()
    for outsider in (COUNTY, "shaanxi.auditor", "meixian.official"):
        answer = batch(api, outsider, "complete", ids, **FORWARD)
        assert (answer["done"], answer["not_done"]) == (0, 3), outsider
        assert {item["error"] for item in answer["results"]} == {"forbidden"}, answer
        assert batch(api, outsider, "claim", ids)["done"] == 0
    meixian = batch(api, "meixian.official", "claim", ids)["results"]
    assert {item["brand"] for item in meixian} == {None}  # a neighbouring county reads nothing of the cases
    county = batch(api, COUNTY, "claim", ids)["results"][0]
    assert county["brand"] == "批量面食师000" and "outside your jurisdiction" in county["message"]
    assert audit_count() == before and all(t.assignee_id is None for t in tasks(ids).values())

    village = Browser(app)
    village.login(walk.VILLAGE)
    page = village.text(village.post("/inbox/batch", [("action", "claim"), *(("task_ids", str(i)) for i in ids)]))
    assert 'data-done="3" data-not-done="0"' in page
    me = walk.user_id(api, walk.VILLAGE)
    assert {t.assignee_id for t in tasks(ids).values()} == {me}
    claimed = session.scalars(select(AuditEvent.action).where(AuditEvent.action == AuditAction.TASK_CLAIMED)).all()
    assert len(claimed) == 3
    assert batch(api, walk.VILLAGE, "claim", ids)["done"] == 3  # one's own claim stands; nothing new recorded
    assert audit_count() == before + 3


RACE_ROUNDS = 3
RACE_TASKS = 16
DEPUTY = "qixing.deputy"


def _signed_in(url: str, username: str) -> servers.JsonClient:
    client = servers.JsonClient(url, language="en")
    status, body, _headers = client.request("POST", "/api/v1/auth/token", {"username": username, "password": PASSWORD})
    assert status == 201, body
    client.token = body["token"]
    return client


def _race(batcher: servers.JsonClient, single: servers.JsonClient, ids: list[int]) -> tuple[Any, dict[int, Any]]:
    """The batch completes `ids` in order while the other official completes them one by one from the
    last: they meet in the middle. Both leave a barrier together."""
    barrier = threading.Barrier(2)
    replies: dict[str, Any] = {}

    def run_batch() -> None:
        barrier.wait(timeout=30)
        replies["batch"] = batcher.request("POST", "/api/v1/tasks/batch",
                                           {"action": "complete", "task_ids": ids, **FORWARD})

    def run_singles() -> None:
        barrier.wait(timeout=30)
        replies["singles"] = {task_id: single.request("POST", f"/api/v1/tasks/{task_id}/complete", {"data": FORWARD})
                              for task_id in reversed(ids)}

    threads = [threading.Thread(target=run_batch), threading.Thread(target=run_singles)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    status, body, _headers = replies["batch"]
    assert status == 200, body
    return body, replies["singles"]


@pytest.mark.postgres
def test_a_batch_against_single_completions_of_the_same_tasks_completes_each_exactly_once(
        app: Any, runner: Any, database_url: str, tmp_path: Path) -> None:
    """PostgreSQL, over HTTP against gunicorn with two workers: every task is completed exactly once, by
    the batch or by the single request, each loser is told the task is done, and `brandcert check` finds
    cases, inboxes and the audit trail in agreement."""
    create_user(DEPUTY, PASSWORD, "岐星村副主任", roles=[("official", "610323101900")])
    session.remove()
    wins: Counter[str] = Counter()
    every: list[int] = []
    with servers.gunicorn(database_url, tmp_path, workers=2) as url:
        batcher, single = _signed_in(url, walk.VILLAGE), _signed_in(url, DEPUTY)
        for number in range(RACE_ROUNDS):
            ids = file_applications(RACE_TASKS, first=100 + number * RACE_TASKS)
            every += ids
            answer, singles = _race(batcher, single, ids)
            by_batch = {item["task_id"]: item for item in answer["results"]}
            for task_id in ids:
                status, body, _headers = singles[task_id]
                batch_won = by_batch[task_id]["ok"]
                assert batch_won != (status == 200), (task_id, by_batch[task_id], status, body)  # exactly one
                if batch_won:
                    assert (status, body["error"], body["message"]) == (409, "task_not_ready", (
                        f"Task {task_id} is no longer waiting for action (it is done); nothing was changed.")), body
                    assert [t["level"] for t in by_batch[task_id]["next_tasks"]] == ["county"]
                else:
                    assert (by_batch[task_id]["error"], by_batch[task_id]["message"]) == ("task_not_ready", (
                        f"Task {task_id} is no longer waiting for action (it is done); nothing was changed."))
                wins["batch" if batch_won else "single"] += 1
        batcher.close()
        single.close()
    print(f"\n{len(every)} tasks raced: {dict(wins)}")

    assert completions(every) == Counter(dict.fromkeys(every, 1))  # one TASK_COMPLETED each
    instance_ids = [task.instance_id for task in tasks(every).values()]
    county = session.scalars(select(HumanTask.instance_id).where(HumanTask.instance_id.in_(instance_ids),
                                                                 HumanTask.status == TaskStatus.READY)).all()
    assert Counter(county) == Counter(instance_ids)  # each process advanced once: one county intake each
    assert wins["batch"] and wins["single"], wins  # a real race: each side won some
    session.remove()
    with app.app_context():
        _verification, verified = run_verification()
    assert verified.intact, [problem.text() for problem in verified.problems[:5]]
    checked = runner.invoke(cli, ["check"], catch_exceptions=False)
    assert checked.exit_code == 0 and "consistent: nothing to repair" in checked.output, checked.output
