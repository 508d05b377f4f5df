"""Getting cases to where the audit tests need them."""

from __future__ import annotations

from datetime import datetime

from tests import walk
from tests.api_client import Api, application_form
from webapp import clock
from webapp.workdays.calendar import CHINA


def three_brands(api: Api) -> dict[str, int]:
    """Two Shaanxi brands (filed 3 March 2026: returned; 10 March: at the county's intake), one Guangxi filing."""
    with clock.travel(datetime(2026, 3, 3, 9, 0, tzinfo=CHINA)):
        first = walk.submit(api)
    with clock.travel(datetime(2026, 3, 3, 9, 0, tzinfo=CHINA)):  # again: a slow machine may pass a second
        walk.endorse(api, decision="return", comment="请核实从业人数。")
    with clock.travel(datetime(2026, 3, 10, 9, 0, tzinfo=CHINA)):
        second = walk.submit(api, brand_name="岐山擀面皮匠")
        walk.endorse(api)
        guangxi = api.post("/applications", "luzhai.unit", {"data": application_form(
            brand_name="鹿寨螺蛳粉匠", base_region="450223103204")}, expect=201)
    return {"first": first["instance_id"], "second": second["instance_id"], "guangxi": guangxi["instance_id"]}
