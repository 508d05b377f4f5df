"""A production-sized database for the load test: 100,000 applications at mixed stages, with their
process states, human tasks (open and done) and hash-chained audit events.

    .venv/bin/python bench/seed.py --database-url URL [--applications 100000] [--villages 100]

Eight prototype cases are driven through the real JSON API, one per stage: waiting at the village,
the county intake, the county experts or the county decision, returned to the applicant, waiting
at the city or the province, recognized by the nation. Each is then copied in bulk with fresh task ids in its
workflow state, its own brand name, a base village drawn from `--villages` added villages (each
with its official, `bench.v001` …, password `brandcert-demo`) and its audit chain hashed anew, so
every copy is a case the engine can carry on. Copies get no library entries or certificates.
A given URL must name an empty database.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Table, func, insert, select, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the prototypes use the test suite's API client

from bench.world import demo_world
from tests.api_client import Api, application_form
from webapp import clock, config
from webapp.applications.models import Application, Brand
from webapp.audit import chain, checkpoints
from webapp.audit.models import AuditEvent
from webapp.auth.models import RoleGrant, User
from webapp.db import dialect, make_engine, session, transaction
from webapp.engine.models import HumanTask, ProcessInstance
from webapp.regions.tree import add_region
from webapp.worker import fire_due_timers

TOWNSHIP, PROTOTYPE_VILLAGE = "610323101", "610323101900"
LEVELS = {"county": ("qishan.official", ["qishan.expert1", "qishan.expert2"]),
          "city": ("baoji.official", ["baoji.expert1", "baoji.expert2"]),
          "province": ("shaanxi.official", ["shaanxi.expert1", "shaanxi.expert2"])}
SCORES = {"employment_scale": 25, "skills_training": 20, "brand_building": 15, "influence": 10,
          "plan_support": 8, "opinion": "带动就业明显。"}
STAGES = {"recognized": 20, "province_intake": 20, "city_intake": 15, "county_experts": 20, "village": 12,
          "county_intake": 5, "county_decision": 3, "revision": 5}
"""Share of the applications (percent) at each stage: about 11 events, 9 tasks and 1 open task each."""
RECOGNIZED_LEVELS = {"city_intake": 1, "province_intake": 2, "recognized": 3}
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
BATCH = 500


class Prototype:
    """One real case, driven through the API to its stage, and its rows read back for copying."""

    def __init__(self, api: Api, stage: str) -> None:
        self.api, self.stage, self.name = api, stage, f"基准{stage}"
        created = api.post("/applications", "xiqi.unit", {"data": application_form(brand_name=self.name)}, expect=201)
        self.instance_id = int(created["instance_id"])

    def act(self, user: str, data: dict[str, Any], **filters: str) -> None:
        tasks = self.api.get("/tasks", user, query_string={"brand": self.name, **filters})["items"]
        assert len(tasks) == 1, (self.stage, user, tasks)
        self.api.complete(user, tasks[0]["id"], data)

    def recognize_at(self, level: str) -> None:
        official, experts = LEVELS[level]
        self.intake(level)
        for expert in experts:
            self.act(expert, {"expert_review": SCORES})
        self.act(official, {"decision": "recognize", "comment": "同意认定。"}, level=level)
        due = self.api.get(f"/instances/{self.instance_id}", "shaanxi.auditor")["next_timer_at"]
        clock.set_now(datetime.fromisoformat(due) + timedelta(minutes=1))
        with self.api.client.application.app_context():
            assert fire_due_timers() == 1
        self.act(official, {"decision": "recommend", "comment": "推荐上报。"}, level=level)

    def intake(self, level: str, decision: str = "accept") -> None:
        official, experts = LEVELS[level]
        data: dict[str, Any] = {"decision": decision, "comment": "受理。" if decision == "accept" else "请补充材料。"}
        if decision == "accept":
            data["experts"] = [int(self.api.get("/me", e)["id"]) for e in experts]
        self.act(official, data, level=level)

    def drive(self) -> Prototype:
        if self.stage == "village":
            return self
        self.act("qixing.official", {"decision": "forward", "comment": "同意推荐。"})
        if self.stage == "revision":
            self.intake("county", "return")
        elif self.stage in ("county_experts", "county_decision"):
            self.intake("county")
            if self.stage == "county_decision":
                for expert in LEVELS["county"][1]:
                    self.act(expert, {"expert_review": SCORES})
        elif self.stage in RECOGNIZED_LEVELS:
            for level in ("county", "city", "province")[: RECOGNIZED_LEVELS[self.stage]]:
                self.recognize_at(level)
            if self.stage == "recognized":
                self.act("nation.official", {"decision": "select", "comment": "入选。"})
        return self

    def rows(self) -> dict[Table, list[dict[str, Any]]]:
        instance = session.get(ProcessInstance, self.instance_id)
        application_id = instance.subject_id
        brand_id = session.get(Application, application_id).brand_id
        wanted = {Brand: Brand.id == brand_id, Application: Application.id == application_id,
                  ProcessInstance: ProcessInstance.id == self.instance_id,
                  HumanTask: HumanTask.instance_id == self.instance_id,
                  AuditEvent: AuditEvent.instance_id == self.instance_id}
        return {model.__table__: [dict(row) for row in session.execute(
            select(model.__table__).where(where).order_by(model.__table__.c.id)).mappings()]
            for model, where in wanted.items()}


def add_villages(count: int) -> list[str]:
    """Villages under 蔡家坡镇, each with one official (the password hash is copied, not recomputed)."""
    codes = [f"{TOWNSHIP}{n:03d}" for n in range(1, count + 1)]
    with transaction():
        for n, code in enumerate(codes, start=1):
            add_region(code, f"基准{n:03d}村", "village", TOWNSHIP)
        template = session.scalar(select(User).where(User.username == "qixing.official"))
        first_id = session.scalar(select(func.max(User.id))) + 1
        session.execute(insert(User), [{"id": first_id + n, "username": f"bench.v{n + 1:03d}", "active": True,
                                        "password_hash": template.password_hash,
                                        "display_name": f"基准{n + 1:03d}村经办人"} for n in range(count)])
        session.execute(insert(RoleGrant), [{"user_id": first_id + n, "role": "official", "region_code": code}
                                            for n, code in enumerate(codes)])
    return codes


def copier(prototype: dict[Table, list[dict[str, Any]]], name: str) -> Callable[..., dict[Table, list[dict]]]:
    """A function making copy number `n` of a prototype case, with ids starting at `ids`."""
    by_table = {table.name: rows for table, rows in prototype.items()}
    state = by_table["process_instance"][0]["state"]

    def copy(n: int, village: str, ids: dict[str, int]) -> dict[str, list[dict]]:
        fresh: dict[str, str] = {}

        def renamed(value: Any) -> Any:
            if isinstance(value, str):
                value = UUID.sub(lambda m: fresh.setdefault(m.group(0), str(uuid.uuid4())), value)
                return value.replace(name, f"{name}{n:06d}").replace(PROTOTYPE_VILLAGE, village)
            if isinstance(value, dict | list):
                return json.loads(renamed(json.dumps(value, ensure_ascii=False)))
            return value

        brand_id, application_id, instance_id = ids["brand"], ids["application"], ids["process_instance"]
        out: dict[str, list[dict]] = {}
        out["brand"] = [{**renamed_row(row, renamed), "id": brand_id} for row in by_table["brand"]]
        out["process_instance"] = [{**renamed_row(row, renamed), "id": instance_id, "subject_id": application_id,
                                    "state": renamed(state)} for row in by_table["process_instance"]]
        out["application"] = [{**renamed_row(row, renamed), "id": application_id, "brand_id": brand_id,
                               "instance_id": instance_id} for row in by_table["application"]]
        out["human_task"] = [{**renamed_row(row, renamed), "id": ids["human_task"] + i, "instance_id": instance_id}
                             for i, row in enumerate(by_table["human_task"])]
        events, prev_hash = [], chain.GENESIS
        for i, row in enumerate(by_table["audit_event"]):
            fields = {**renamed_row(row, renamed), "id": ids["audit_event"] + i, "instance_id": instance_id}
            fields["prev_hash"] = prev_hash
            fields["hash"] = prev_hash = chain.link(prev_hash, {**fields, "at": chain.chained_time(fields["at"])})
            events.append(fields)
        out["audit_event"] = events
        for case in out["process_instance"]:  # the chain's head, which the next event links to
            case["audit_seq"], case["audit_head"] = len(events), prev_hash
        return out

    return copy


def renamed_row(row: dict[str, Any], renamed: Callable[[Any], Any]) -> dict[str, Any]:
    return {key: renamed(value) if key not in ("state", "hash", "prev_hash") else value for key, value in row.items()}


def seed_copies(prototypes: dict[str, dict[Table, list[dict]]], total: int, villages: list[str]) -> None:
    tables = {table.name: table for table in next(iter(prototypes.values()))}
    next_id = {name: session.scalar(select(func.max(table.c.id))) + 1 for name, table in tables.items()}
    copiers = {stage: copier(rows, f"基准{stage}") for stage, rows in prototypes.items()}
    plan = [stage for stage, share in STAGES.items() for _ in range(share)]
    randomly = random.Random(20261121)  # every village gets cases of every stage
    started = time.perf_counter()
    for first in range(0, total, BATCH):
        batch: dict[str, list[dict]] = {name: [] for name in tables}
        for n in range(first, min(first + BATCH, total)):
            made = copiers[plan[n % len(plan)]](n, randomly.choice(villages), next_id)
            for name, rows in made.items():
                batch[name] += rows
                next_id[name] += len(rows)
        with transaction():
            for name in ("brand", "process_instance", "application", "human_task", "audit_event"):
                session.execute(insert(tables[name]), batch[name])
        if (first // BATCH) % 20 == 0:
            print(f"  {first + BATCH:>7,} applications ({time.perf_counter() - started:.0f} s)", flush=True)
    if dialect() == "postgresql":
        with transaction():
            for name in (*tables, "app_user"):
                session.execute(text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                                     f"(SELECT max(id) FROM {name}))"))


def settle(url: str) -> None:
    """What a database in service has already done: statistics gathered, the bulk load vacuumed
    (PostgreSQL; otherwise autovacuum does it during the load test) and a signed audit checkpoint
    (otherwise the first background worker verifies a million events while the load test runs)."""
    with make_engine(url).execution_options(isolation_level="AUTOCOMMIT").connect() as connection:
        connection.exec_driver_sql("VACUUM ANALYZE" if connection.dialect.name == "postgresql" else "ANALYZE")
    started = time.perf_counter()
    checkpoint = checkpoints.make_checkpoint()
    print(f"audit checkpoint over {checkpoint.heads_count:,} chains: {time.perf_counter() - started:.0f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--applications", type=int, default=100_000)
    parser.add_argument("--villages", type=int, default=100)
    args = parser.parse_args()
    # the signing keys and the checkpoint witness where the web and background workers will find them
    # (BRANDCERT_KEYS, BRANDCERT_AUDIT_WITNESS)
    settings = config.from_env()
    app, _workdir = demo_world(args.database_url, KEYS_DIR=settings["KEYS_DIR"],
                               AUDIT_WITNESS=settings["AUDIT_WITNESS"], SESSION_COOKIE_SECURE=False)
    villages = add_villages(args.villages)
    api = Api(app.test_client())
    clock.set_now(clock.now_utc() - timedelta(days=90))  # notice periods pass on the way; end in the past
    prototypes = {stage: Prototype(api, stage).drive().rows() for stage in STAGES}
    clock.reset()
    session.remove()
    print(f"database: {dialect()}; prototypes: " + ", ".join(
        f"{stage} ({len(rows[HumanTask.__table__])} tasks, {len(rows[AuditEvent.__table__])} events)"
        for stage, rows in prototypes.items()), flush=True)
    seed_copies(prototypes, args.applications - len(prototypes), villages)
    session.remove()
    with app.app_context():
        counts = {name: session.scalar(text(f"SELECT count(*) FROM {name}"))
                  for name in ("application", "human_task", "audit_event")}
        open_tasks = session.scalar(text("SELECT count(*) FROM human_task WHERE status = 'ready'"))
    session.remove()
    with app.app_context():
        settle(args.database_url)
    print(f"seeded: {counts['application']:,} applications, {counts['human_task']:,} human tasks "
          f"({open_tasks:,} open), {counts['audit_event']:,} audit events")


if __name__ == "__main__":
    main()
