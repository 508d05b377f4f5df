"""The audit trail at scale: 1,000,000 events, then the server time of one brand's history page and
of a date-range search page (goals: 100 ms and 200 ms).

    .venv/bin/python bench/audit.py [--events 1000000] [--rounds 30] [--verify] [--database-url URL]

The background trail is written directly: 50,000 recommendation cases in three provinces, 20
hash-chained events each, spread over 2024-2026 (they are the setting, not what is measured). One
brand then goes through the real interface (a return for revision, every level up to the nation,
four signed certificates) and its history page is timed as its province's auditor opens it: the
timeline, the live check of its chains, the rendering. Planner statistics are refreshed once after
seeding, as the worker does every hour. `--verify` also times a signed checkpoint
and the full verification the worker runs. A given URL must name an empty database.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, insert, select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the test suite's walk drives the brand

from bench.world import demo_world
from tests import walk
from tests.api_client import Api, application_form
from webapp.applications.models import Application, ApplicationStatus, Brand, CreationUnit
from webapp.audit import chain
from webapp.audit.models import AuditEvent
from webapp.auth.models import User
from webapp.certificates.services import init_development_keys
from webapp.db import refresh_statistics, session, transaction
from webapp.demo.data import PASSWORD
from webapp.engine.models import ProcessDefinition, ProcessInstance
from webapp.worker import issue_pending_certificates

EVENTS_PER_CASE = 20
BASES = [("610323101900", "610323"), ("513322101900", "513322"), ("450223103204", "450223")]
STEPS = [("task_completed", "Task_village_endorse", "村级推荐意见", "village", "official", "forward"),
         *[(action, bpmn, name, level, role, decision)
           for level in ("county", "city", "province")
           for action, bpmn, name, role, decision in (
               ("task_claimed", "Task_intake", "受理审核", "official", None),
               ("task_completed", "Task_intake", "受理审核", "official", "accept"),
               ("task_completed", "Task_expert_review", "专家评审打分", "expert", None),
               ("task_completed", "Task_expert_review", "专家评审打分", "expert", None),
               ("task_completed", "Task_decision", "认定决定", "official", "recognize"),
               ("timer_fired", None, None, None, None))]]
TRAIL_START = datetime(2024, 1, 1, tzinfo=UTC)
TRAIL_DAYS = 1000


def seed_trail(total: int) -> None:
    """`total` events in cases of EVENTS_PER_CASE, each with its brand and application."""
    definition_id = session.scalar(select(ProcessDefinition.id).where(ProcessDefinition.key == "recommendation"))
    units = {unit.region_code: unit.id for unit in session.scalars(select(CreationUnit))}
    actors = dict(session.execute(select(User.id, User.display_name)).all())
    creator = next(iter(actors))
    randomly = random.Random(20261121)
    cases = total // EVENTS_PER_CASE
    for start in range(0, cases, 1000):
        with transaction():
            brands, applications, instances, events = [], [], [], []
            for index in range(start, min(start + 1000, cases)):
                case_id = index + 1_000_000
                base, county = BASES[index % len(BASES)]
                began = TRAIL_START + timedelta(days=randomly.uniform(0, TRAIL_DAYS))
                data = application_form(brand_name=f"基准品牌{index:06d}", base_region=base)
                brands.append({"id": case_id, "name": data["brand_name"], "brand_type": data["brand_type"],
                               "industry": data["industry"], "base_region_code": base, "unit_id": units[county],
                               "created_at": began})
                instances.append({"id": case_id, "definition_id": definition_id, "process_key": "recommendation",
                                  "status": "running", "state": "{}", "serializer_version": "bench",
                                  "subject_type": "application", "subject_id": case_id, "title": data["brand_name"],
                                  "base_region_code": base, "owner_key": f"unit:{units[county]}",
                                  "started_at": began, "updated_at": began, "lock_version": 1})
                applications.append({"id": case_id, "unit_id": units[county], "brand_id": case_id,
                                     "status": ApplicationStatus.IN_REVIEW, "data": data, "warnings": {},
                                     "base_region_code": base, "recognized_levels": [], "instance_id": case_id,
                                     "created_by_id": creator, "created_at": began, "updated_at": began})
                events += _chain(case_id, began, data, actors, randomly)
            session.execute(insert(Brand), brands)
            session.execute(insert(ProcessInstance), instances)
            session.execute(insert(Application), applications)
            session.execute(insert(AuditEvent), events)


def _chain(instance_id: int, began: datetime, data: dict, actors: dict[int, str],
           randomly: random.Random) -> list[dict]:
    steps = [("instance_started", None, None, None, "applicant", None), *STEPS][:EVENTS_PER_CASE]
    events, prev_hash, at = [], chain.GENESIS, began.replace(microsecond=0)
    for seq, (action, bpmn_id, name, lane, role, decision) in enumerate(steps, start=1):
        actor_id = randomly.choice(list(actors)) if role else None
        fields = {"instance_id": instance_id, "seq": seq, "at": chain.chained_time(at), "action": action,
                  "actor_id": actor_id, "actor_name": actors.get(actor_id) if actor_id else None, "role": role,
                  "region_code": None, "lane": lane, "task_uuid": None, "bpmn_id": bpmn_id, "task_name": name,
                  "decision": decision,
                  "data": data if action == "instance_started" else ({"decision": decision, "comment": "同意。"}
                                                                      if decision else None)}
        event_hash = chain.link(prev_hash, fields)
        events.append({**fields, "at": at, "prev_hash": prev_hash, "hash": event_hash})
        prev_hash, at = event_hash, at + timedelta(hours=randomly.uniform(2, 60))
    return events


def real_brand(app) -> int:
    """One brand through the JSON API: returned once by the county, then recognized up to the nation."""
    api = Api(app.test_client())
    application = walk.submit(api)
    walk.endorse(api)
    walk.intake(api, "county", decision="return", comment="请补充本年度培训台账。")
    api.complete(walk.APPLICANT, api.only_task(walk.APPLICANT)["id"], application_form(trained_this_year=900))
    for level in ("county", "city", "province"):
        walk.recognize_at(api, level, application["instance_id"])
    walk.select_nationally(api)
    with app.app_context():
        issue_pending_certificates()
    return int(api.get(f"/applications/{application['id']}", walk.APPLICANT)["brand_id"])


def timed(client, path: str, rounds: int) -> list[float]:
    client.get(path)  # warm caches (templates, forms, regions) as a running server has them
    seconds = []
    for _ in range(rounds):
        started = time.perf_counter()
        response = client.get(path)
        seconds.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
    return seconds


def describe(name: str, seconds: list[float], goal_ms: float) -> None:
    ordered = sorted(seconds)
    median, p95 = statistics.median(seconds) * 1000, ordered[int(0.95 * (len(ordered) - 1))] * 1000
    verdict = "within" if median <= goal_ms else "OVER"
    print(f"{name:52} median {median:7.1f} ms   p95 {p95:7.1f} ms   ({verdict} the {goal_ms:.0f} ms goal)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--verify", action="store_true", help="also time a checkpoint and a full verification")
    parser.add_argument("--database-url")
    args = parser.parse_args()
    app, _workdir = demo_world(args.database_url, SESSION_COOKIE_SECURE=False, WTF_CSRF_ENABLED=False)
    with app.app_context():
        init_development_keys()

    started = time.perf_counter()
    seed_trail(args.events)
    brand_id = real_brand(app)
    session.remove()
    refresh_statistics()  # as the worker does every hour
    events = session.scalar(select(func.count()).select_from(AuditEvent))
    print(f"database: {session.get_bind().dialect.name}; {events:,} audit events "
          f"(seeded in {time.perf_counter() - started:.0f} s)")
    session.remove()

    client = app.test_client()
    client.post("/login", data={"username": "shaanxi.auditor", "password": PASSWORD})
    describe(f"GET /brands/{brand_id}/history (one brand's timeline)",
             timed(client, f"/brands/{brand_id}/history", args.rounds), 100)
    search = "/audit?date_from=2025-03-01&date_to=2025-03-31"
    describe(f"GET {search}", timed(client, search, args.rounds), 200)
    describe("GET /audit?date_from=2025-03-01&date_to=2025-03-31&page=20",
             timed(client, search + "&page=20", args.rounds), 200)
    describe("GET /audit?kind=cases&date_from=2025-03-01&date_to=2025-03-31",
             timed(client, search + "&kind=cases", args.rounds), 200)

    if args.verify:
        from webapp.audit import checkpoints, services

        started = time.perf_counter()
        with app.app_context():
            checkpoint = checkpoints.make_checkpoint()
        print(f"first checkpoint over {checkpoint.heads_count:,} chains: {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        with app.app_context():
            _verification, report = services.run_verification()
        print(f"full verification of {report.events:,} events: {time.perf_counter() - started:.1f} s "
              f"({'intact' if report.intact else report.problems[0].where})")


if __name__ == "__main__":
    main()
