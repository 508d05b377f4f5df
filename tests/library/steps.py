"""Getting cases to where the library and dashboard tests need them."""

from __future__ import annotations

from datetime import datetime, timedelta

from tests import walk
from tests.api_client import Api
from webapp import clock
from webapp.demo.targets import seed_targets
from webapp.workdays.calendar import CHINA

RECOMMENDED, KEPT, WAITING = "岐山臊子面师", "岐山擀面皮师", "岐山锅盔匠"


def dashboard_brands(api: Api) -> None:
    """In 2025: one brand waits at the province, one kept by the county, one at the county's intake, all overdue."""
    # Two 岐山 brands recognized by the county, the first also by the city; then 60 days later, past every
    # due time, the demo targets seeded.
    clock.set_now(datetime(2025, 3, 3, 9, tzinfo=CHINA))  # everything happens in 2025
    first = walk.submit(api, brand_name=RECOMMENDED)
    walk.endorse(api)
    walk.recognize_at(api, "county", first["instance_id"])
    walk.recognize_at(api, "city", first["instance_id"])  # recommended on to the province
    second = walk.submit(api, brand_name=KEPT, brand_type="文化和旅游类", leading_enterprise="岐山县面食有限公司")
    walk.endorse(api)
    walk.recognize_at(api, "county", second["instance_id"], then="keep")
    walk.submit(api, brand_name=WAITING, leading_enterprise="宝鸡锅盔集团")
    walk.endorse(api)  # now at the county's intake
    clock.advance(timedelta(days=60))  # past every task's due time
    seed_targets()
