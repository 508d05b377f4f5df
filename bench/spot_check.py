"""Starting a yearly campaign: draw a 20% sample over 10,000 active brands and start one spot check
instance per sampled brand, timed from the draw to the last instance started.

    .venv/bin/python bench/spot_check.py [--brands 10000] [--rate 0.2] [--database-url URL]

The brands and their library entries are written directly (they are the setting, not what is
measured); the campaign then runs through the real services and engine. A given URL must name an
empty database.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from sqlalchemy import func, insert, select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # bench.world

from bench.world import demo_world
from webapp.applications.models import Application, ApplicationStatus, Brand, CreationUnit
from webapp.auth.models import User
from webapp.clock import now_utc
from webapp.db import session, transaction
from webapp.engine.models import ProcessInstance
from webapp.library.models import LibraryEntry
from webapp.spotcheck.models import SpotCheck
from webapp.spotcheck.services import start_campaign, start_planned

BASES = [("610323101900", "610323", "610300"), ("610326", "610326", "610300"), ("513322101900", "513322", "513300"),
         ("450223103204", "450223", "450200"), ("450222", "450222", "450200")]


def seed_brands(count: int) -> None:
    units = {unit.region_code: unit.id for unit in session.scalars(select(CreationUnit))}
    creator = session.scalars(select(User.id)).first()
    now = now_utc()
    with transaction():
        for start in range(0, count, 1000):
            brands, entries, applications = [], [], []
            for index in range(start, min(start + 1000, count)):
                base, county, city = BASES[index % len(BASES)]
                unit = units.get(county) or next(iter(units.values()))
                brands.append({"id": index + 1, "name": f"基准品牌{index:05d}", "brand_type": "高品质服务型",
                               "industry": "家政服务", "base_region_code": base, "unit_id": unit, "created_at": now})
                applications.append({"unit_id": unit, "brand_id": index + 1, "status": ApplicationStatus.FINISHED,
                                     "data": {"agreement_workers": 500, "practitioners": 3000},
                                     "warnings": {}, "base_region_code": base, "recognized_levels": ["county"],
                                     "created_by_id": creator, "created_at": now, "updated_at": now})
                entries.append({"brand_id": index + 1, "level": "county", "region_code": county, "entered_at": now})
                if index % 10 == 0:
                    entries.append({"brand_id": index + 1, "level": "city", "region_code": city, "entered_at": now})
            session.execute(insert(Brand), brands)
            session.execute(insert(Application), applications)
            session.execute(insert(LibraryEntry), entries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--brands", type=int, default=10_000)
    parser.add_argument("--rate", type=float, default=0.2)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    demo_world(args.database_url)
    seed_brands(args.brands)
    print(f"database: {session.get_bind().dialect.name}; active brands: {args.brands}")

    started = time.perf_counter()
    campaign = start_campaign("100000", rate=args.rate, seed="bench", actor=None)
    drawn = time.perf_counter() - started
    while start_planned(limit=200):
        pass
    total = time.perf_counter() - started
    sampled = session.scalar(select(func.count()).select_from(SpotCheck).where(SpotCheck.campaign_id == campaign.id))
    instances = session.scalar(select(func.count()).select_from(ProcessInstance)
                               .where(ProcessInstance.process_key == "spot_check"))
    print(f"sample drawn: {sampled} brands in {drawn:.2f} s")
    print(f"spot check instances started: {instances} in {total:.1f} s from the draw "
          f"({instances / total:.0f} per second; goal: under 60 s)")


if __name__ == "__main__":
    main()
