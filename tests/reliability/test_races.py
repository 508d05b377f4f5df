"""Two officials act on the same task at the same moment, for real: two threads, each with its own
HTTP connection and bearer token, released together by a barrier against gunicorn with two sync
workers on PostgreSQL (SQLite serializes writers anyway, so the races are PostgreSQL's).

- Completing: every round on a fresh village task, exactly one 200 and one 409 that tells the loser
  the task is already done (in English and in the Chinese default); one `task_completed` event by
  the winner; the county task exists once.
- Claiming: exactly one 200 and one 409 naming the claim; the loser then cannot complete the task;
  the winner releases it for the next round. The claim events follow the winners round by round.
- Claiming against completing: one of the two wins, never both, and the task's state says which.
Afterwards the audit trail verifies intact (`brandcert audit verify`'s service), and the server's
request log shows that the two requests of (nearly) every round were in the server together.

CI runs ROUNDS (200) rounds of each, about a minute on 2 cores; `pytest -m slow` runs 1,000 of
each, about 3 minutes. Without the instance lock (`engine.lock`'s FOR UPDATE) the claim races end
in double successes and the completion race in the unclear "case changed meanwhile" 409.
"""

from __future__ import annotations

import itertools
import os
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from tests import servers, walk
from tests.api_client import application_form
from tests.reliability.racing import Officials
from webapp.applications import services as applications
from webapp.audit.models import AuditAction, AuditEvent
from webapp.audit.services import run_verification
from webapp.auth.models import User
from webapp.db import session
from webapp.demo.data import PASSWORD
from webapp.engine import HumanTask, TaskStatus
from webapp.people.services import create_user

ROUNDS = int(os.environ.get("BRANDCERT_RACE_ROUNDS", "200"))
"""Rounds of each race in CI; `-m slow` runs FULL_ROUNDS."""
FULL_ROUNDS = 1000
VILLAGE = "610323101900"  # 岐星村: both officials hold the role here
DEPUTY = "qixing.deputy"
FORWARD = {"data": {"decision": "forward", "comment": "属实，同意推荐。"}}

pytestmark = [pytest.mark.postgres,
              pytest.mark.parametrize("rounds", [ROUNDS, pytest.param(FULL_ROUNDS, marks=pytest.mark.slow)])]


def file_applications(count: int, first: int = 0) -> list[HumanTask]:
    """`count` submitted applications, each waiting at its village task, filed in-process."""
    unit = session.scalar(select(User).where(User.username == walk.APPLICANT))
    instance_ids = [applications.submit(application_form(brand_name=f"竞速面食师{n:04d}"), actor=unit).instance_id
                    for n in range(first, first + count)]
    tasks = list(session.scalars(select(HumanTask).where(HumanTask.instance_id.in_(instance_ids),
                                                         HumanTask.status == TaskStatus.READY)
                                 .order_by(HumanTask.instance_id)))
    assert [t.bpmn_id for t in tasks] == ["Task_village_endorse"] * count
    session.remove()  # the server's commits must not hide behind this thread's snapshot
    return tasks


@pytest.fixture
def officials(app: Any, database_url: str, tmp_path: Path) -> Iterator[Officials]:
    create_user(DEPUTY, PASSWORD, "岐星村副主任", roles=[("official", VILLAGE)])
    session.remove()
    log = tmp_path / "gunicorn.log"
    with (servers.gunicorn(database_url, tmp_path, workers=2, log=log, env={"BRANDCERT_LOG_FORMAT": "json"}) as url,
          Officials(url, [walk.VILLAGE, DEPUTY], log) as pair):
        yield pair


def events(action: AuditAction, instance_ids: list[int]) -> list[AuditEvent]:
    session.remove()
    return list(session.scalars(select(AuditEvent).where(AuditEvent.action == action,
                                                         AuditEvent.instance_id.in_(instance_ids))
                                .order_by(AuditEvent.id)))


def done_message(task_id: int, language: str | None) -> str:
    """What the loser of a completion is told, in English or in the Chinese default."""
    if language == "en":
        return f"Task {task_id} is no longer waiting for action (it is done); nothing was changed."
    return f"任务 {task_id} 已不在待办状态（当前为 已完成），本次操作未作任何更改。"


def claimed_message(task_id: int, language: str | None) -> str:
    """What the loser of a claim is told when they try to act on the task."""
    if language == "en":
        return f"Task {task_id} is claimed by someone else; ask them to release it."
    return f"任务 {task_id} 已被他人认领，请联系对方放回待认领。"


def summary(app: Any, officials: Officials, rounds: int, counts: str) -> str:
    """Verify the whole audit trail as `brandcert audit verify` does, print what the race did, and
    check that it was a race: most rounds had both requests inside the server at one moment."""
    session.remove()
    with app.app_context():
        _verification, verified = run_verification()
    overlapped = officials.overlapping()
    report = (f"{counts}; {overlapped} rounds overlapped in the server; audit verify: {verified.events} events "
              f"in {verified.chains} chains, {len(verified.problems)} problems")
    print("\n" + report)
    assert verified.intact, [problem.text() for problem in verified.problems[:5]]
    assert overlapped >= rounds // 2, report
    return report


def test_two_officials_completing_the_same_task_at_once_succeed_exactly_once(app: Any, officials: Officials,
                                                                             rounds: int) -> None:
    started = time.perf_counter()
    tasks = file_applications(rounds)
    filed = time.perf_counter() - started
    tally: Counter[str] = Counter()
    winners: dict[int, int] = {}
    for number, task in enumerate(tasks):
        complete = ("POST", f"/api/v1/tasks/{task.id}/complete", FORWARD)
        won, lost = officials.one_winner(officials.at_once(number, [complete, complete]), tally)
        winners[task.instance_id] = officials.user_ids[won.who]
        next_tasks = [(t["level"], t["form_key"]) for t in won.body["next_tasks"]]
        assert next_tasks == [("county", "intake_review")], won.body
        assert (lost.body["error"], lost.body["message"]) == ("task_not_ready", done_message(task.id, lost.language))
        tally[f"loser told in {lost.language or 'zh'}"] += 1
    raced = time.perf_counter() - started - filed

    instance_ids = [t.instance_id for t in tasks]
    completed = events(AuditAction.TASK_COMPLETED, instance_ids)
    assert Counter(e.instance_id for e in completed) == Counter(instance_ids)  # one each, none lost
    assert {e.instance_id: e.actor_id for e in completed} == winners
    assert {e.bpmn_id for e in completed} == {"Task_village_endorse"}
    open_tasks = session.scalars(select(HumanTask).where(HumanTask.instance_id.in_(instance_ids),
                                                         HumanTask.status == TaskStatus.READY)).all()
    assert Counter((t.instance_id, t.lane) for t in open_tasks) == Counter((i, "county") for i in instance_ids)
    report = summary(app, officials, rounds, f"{rounds} completion rounds: {dict(tally)}; {len(completed)} "
                                             f"task_completed events; filing {filed:.1f} s, racing {raced:.1f} s")
    assert tally["200+409"] == rounds and len(completed) == rounds, report
    assert tally["loser told in en"] and tally["loser told in zh"], report


def test_two_officials_claiming_the_same_task_at_once_get_it_exactly_once(app: Any, officials: Officials,
                                                                          rounds: int) -> None:
    (task,) = file_applications(1)
    claim, complete, unclaim = (f"/api/v1/tasks/{task.id}/{verb}" for verb in ("claim", "complete", "unclaim"))
    tally: Counter[str] = Counter()
    winners: list[int] = []
    started = time.perf_counter()
    for number in range(rounds):
        won, lost = officials.one_winner(officials.at_once(number, [("POST", claim, None)] * 2), tally)
        winner = officials.user_ids[won.who]
        winners.append(winner)
        assert won.body["assignee_id"] == winner, won.body
        assert (lost.body["error"], lost.body["message"]) == ("conflict", claimed_message(task.id, lost.language))
        refused = officials.send(lost.who, "POST", complete, FORWARD)  # the loser cannot complete it either
        assert (refused.status, refused.body["message"]) == (409, claimed_message(task.id, "en")), refused
        released = officials.send(won.who, "POST", unclaim)  # and the next round reuses the task
        assert (released.status, released.body["assignee_id"]) == (200, None), released
        tally["released"] += 1
    raced = time.perf_counter() - started

    claims = events(AuditAction.TASK_CLAIMED, [task.instance_id])
    releases = events(AuditAction.TASK_UNCLAIMED, [task.instance_id])
    assert [e.actor_id for e in claims] == winners  # one claim event per round, by that round's winner
    assert [e.actor_id for e in releases] == winners
    assert events(AuditAction.TASK_COMPLETED, [task.instance_id]) == []
    still = session.get(HumanTask, task.id)
    assert still is not None and (still.status, still.assignee_id) == (TaskStatus.READY, None)
    report = summary(app, officials, rounds, f"{rounds} claim rounds: {dict(tally)}, wins by user id "
                                             f"{dict(Counter(winners))}; {len(claims)} task_claimed and "
                                             f"{len(releases)} task_unclaimed events; racing {raced:.1f} s")
    assert tally["200+409"] == tally["released"] == len(claims) == rounds, report


def test_one_official_claiming_while_the_other_completes_lets_exactly_one_act(app: Any, officials: Officials,
                                                                              rounds: int) -> None:
    fresh = (task for first in itertools.count(0, 50) for task in file_applications(50, first))
    task = next(fresh)
    tally: Counter[str] = Counter()
    claimed_by: list[int] = []
    completed_by: dict[int, int] = {}
    started = time.perf_counter()
    for number in range(rounds):
        claimer, completer = number % 2, 1 - number % 2  # each official takes each part in turn
        requests = {claimer: ("POST", f"/api/v1/tasks/{task.id}/claim", None),
                    completer: ("POST", f"/api/v1/tasks/{task.id}/complete", FORWARD)}
        won, lost = officials.one_winner(officials.at_once(number, [requests[0], requests[1]]), tally)
        if won.who == claimer:  # claimed first: the completion is refused, the task stays for the next round
            tally["claim won"] += 1
            claimed_by.append(officials.user_ids[claimer])
            assert won.body["assignee_id"] == officials.user_ids[claimer], won.body
            assert (lost.body["error"], lost.body["message"]) == ("conflict", claimed_message(task.id, lost.language))
            released = officials.send(claimer, "POST", f"/api/v1/tasks/{task.id}/unclaim")
            assert released.status == 200, released
        else:  # completed first: the claim is refused; the next round takes a fresh task
            tally["completion won"] += 1
            completed_by[task.instance_id] = officials.user_ids[completer]
            assert won.body["task"]["completed_by_id"] == officials.user_ids[completer], won.body
            assert lost.body["error"] == "task_not_ready", lost.body
            assert lost.body["message"] == done_message(task.id, lost.language)
            task = next(fresh)
    raced = time.perf_counter() - started

    session.remove()
    instance_ids = list(session.scalars(select(HumanTask.instance_id).distinct()))
    claims = events(AuditAction.TASK_CLAIMED, instance_ids)
    completions = events(AuditAction.TASK_COMPLETED, instance_ids)
    assert [e.actor_id for e in claims] == claimed_by
    assert [(e.instance_id, e.actor_id) for e in completions] == list(completed_by.items())
    report = summary(app, officials, rounds, f"{rounds} claim-against-completion rounds: {dict(tally)}; {len(claims)} "
                                             f"task_claimed and {len(completions)} task_completed events; racing "
                                             f"{raced:.1f} s (filing included)")
    assert tally["200+409"] == rounds and tally["claim won"] and tally["completion won"], report
