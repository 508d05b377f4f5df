"""我的申报: the unit's applications a page at a time, each with the time it was last submitted (a
resubmission after a return, not the first filing), always with the year."""

from __future__ import annotations

from datetime import datetime

from tests import walk
from tests.api_client import Api, application_form
from tests.web.browser_client import Browser
from tests.web.pager import walk_list
from webapp import clock
from webapp.workdays.calendar import CHINA

NAMES = ("岐山面点师甲", "岐山面点师乙", "岐山面点师丙")


def test_the_list_pages_and_shows_the_latest_submission_after_a_resubmission(app, client):
    app.config["PAGE_SIZE"] = 2
    api = Api(client)
    with clock.travel(datetime(2026, 3, 3, 9, 0, tzinfo=CHINA)):
        returned = walk.submit(api, brand_name=NAMES[0])
        walk.endorse(api, decision="return", comment="请补充材料。")
        for name in NAMES[1:]:
            walk.submit(api, brand_name=name)
    with clock.travel(datetime(2026, 11, 28, 10, 15, tzinfo=CHINA)):
        api.complete(walk.APPLICANT, api.only_task(walk.APPLICANT)["id"], application_form(brand_name=NAMES[0]))
    unit = Browser(app)
    unit.login(walk.APPLICANT)
    listed = walk_list(unit, "/applications")
    assert listed.total == 3 and len(listed.rows) == 3 and len(listed.summaries) == 2
    (resubmitted,) = [row for row in listed.rows if NAMES[0] in row]
    assert "2026-11-28 10:15" in resubmitted and "修改后重新提交" in resubmitted
    assert "2026-03-03 09:00" not in resubmitted
    assert all("2026-03-03 09:00" in row for row in listed.rows if NAMES[0] not in row)
    shown = Browser.text(unit.get(f"/applications/{returned['id']}"))
    assert "2026-03-03 09:00" in shown and 'id="last-submitted">2026-11-28 10:15<' in shown
    assert unit.get("/applications?page=9").status_code == 200  # past the end: the last page

    county = Browser(app)  # an official's list of the jurisdiction's applications pages the same way
    county.login("qishan.official")
    assert walk_list(county, "/applications").total == 3
