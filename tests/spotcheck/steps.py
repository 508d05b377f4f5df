"""Steps of spot checks and exits as the people of the Shaanxi demo chain take them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tests import walk
from tests.api_client import Api
from webapp import clock
from webapp.workdays.calendar import CHINA
from webapp.worker import run_once

COUNTY, INSPECTOR, CITY, PROVINCE = "qishan.official", "qishan.inspector", "baoji.official", "shaanxi.official"
FINE = {"method": "field", "contact_made": True, "training_quality": "good", "practitioners_now": 3300,
        "workers_now": 540, "competitiveness": "stable", "recognition": "high", "complaints": 0,
        "integrity_breach": False, "notes": "台账齐全，培训正常开展。"}


def at(year: int, month: int, day: int, hour: int = 10) -> None:
    clock.set_now(datetime(year, month, day, hour, 0, tzinfo=CHINA))


def recognized_at_county(api: Api, name: str) -> int:
    application = walk.submit(api, brand_name=name, agreement_workers=500)
    walk.endorse(api)
    walk.recognize_at(api, "county", application["instance_id"], then="keep")
    return int(application["brand_id"])


def noodle_brand_at_county(api: Api) -> int:
    """岐山面匠 recognized by the county, which kept it: it is in the county's library (its brand id)."""
    return recognized_at_county(api, "岐山面匠")


def task(api: Api, user: str, brand: str) -> dict[str, Any]:
    return api.only_task(user, brand=brand)


def assign(api: Api, brand: str, method: str = "field") -> None:
    inspector = walk.user_id(api, INSPECTOR)
    api.complete(COUNTY, task(api, COUNTY, brand)["id"], {"method": method, "inspector": inspector})


def record(api: Api, brand: str, **findings: Any) -> dict[str, Any]:
    return api.complete(INSPECTOR, task(api, INSPECTOR, brand)["id"], {**FINE, **findings})


def decide(api: Api, user: str, brand: str, decision: str, comment: str = "经研究决定。") -> dict[str, Any]:
    return api.complete(user, task(api, user, brand)["id"], {"decision": decision, "comment": comment})


def appeal(api: Api, brand: str) -> None:
    api.complete(walk.APPLICANT, task(api, walk.APPLICANT, brand)["id"],
                 {"appeal": "数据统计口径有误，附吸纳就业协议复印件，请求复核。"})


def work(api: Api) -> tuple[int, int]:
    """The worker's round, in the app's context as `brandcert worker` runs it."""
    with api.client.application.app_context():
        return run_once()
