"""The campaigns page a page at a time: the campaigns a reader covers, newest first, all reached
through the pager; a county does not see its city's campaign that drew none of its brands."""

from __future__ import annotations

from tests.api_client import Api
from tests.spotcheck import steps
from tests.web.browser_client import Browser
from tests.web.pager import walk_list

CAMPAIGNS = ("610323", "610323", "610323", "610326", "610300")  # 岐山 three times, 眉县, 宝鸡市


def test_every_campaign_of_the_readers_regions_is_reached_through_the_pager(app, client):
    app.config["PAGE_SIZE"] = 2
    api = Api(client)
    started = [api.post("/campaigns", steps.CITY, {"region": code, "rate": 0.5, "seed": f"s{n}"}, expect=201)["id"]
               for n, code in enumerate(CAMPAIGNS)]
    city = Browser(app)
    city.login(steps.CITY)
    listed = walk_list(city, "/spotchecks")
    assert listed.total == 5 and len(listed.rows) == 5 and len(listed.summaries) == 3
    shown = [next(n for n in started if f"/spotchecks/{n}\"" in row) for row in listed.rows]
    assert shown == sorted(started, reverse=True)  # newest first
    county = Browser(app)
    county.login(steps.COUNTY)
    qishan = walk_list(county, "/spotchecks")
    assert qishan.total == 3 == len(qishan.rows)
    assert county.get("/spotchecks?page=50").status_code == 200
