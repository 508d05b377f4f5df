"""The other ways into the exit procedure, its timers, and a DMN threshold changed by redeploying."""

from __future__ import annotations

from datetime import datetime, timedelta

from tests import walk
from tests.api_client import Api
from tests.spotcheck import steps
from tests.worlds import starting_at
from webapp import clock, engine, taskforms
from webapp.config import PROJECT_ROOT
from webapp.db import transaction
from webapp.workdays.calendar import CHINA

NAME = "岐山面匠"


def _campaign(api: Api) -> dict:
    campaign = api.post("/campaigns", steps.CITY, {"region": "610300", "rate": 1.0, "seed": "test"}, expect=201)
    steps.work(api)
    return campaign


@starting_at(steps.noodle_brand_at_county)
def test_a_voluntary_withdrawal_exits_without_an_appeal(world, client):
    api = Api(client)
    brand_id = world.facts
    steps.work(api)
    api.post(f"/brands/{brand_id}/withdrawal", steps.COUNTY, {"reason": "不是本单位"}, expect=403)
    case = api.post(f"/brands/{brand_id}/withdrawal", walk.APPLICANT, {"reason": "企业转型，主动申请退出。"},
                    expect=201)
    assert (case["origin"], case["level"]) == ("withdrawal", "county")
    api.post(f"/brands/{brand_id}/withdrawal", walk.APPLICANT, {"reason": "再次申请退出"}, expect=409)
    steps.decide(api, steps.CITY, NAME, "propose_exit", "同意自愿退出。")
    assert api.get("/tasks", walk.APPLICANT)["items"] == []  # no appeal for one's own withdrawal
    brand = api.get(f"/brands/{brand_id}", walk.APPLICANT)
    assert [e["status"] for e in brand["library_entries"]] == ["exited"]
    assert [c["status"] for c in brand["certificates"]] == ["revoked"]


def test_an_officials_proposal_exits_when_the_appeal_window_of_ten_working_days_passes(client):
    api = Api(client)
    steps.at(2026, 9, 21)
    brand_id = steps.recognized_at_county(api, NAME)
    api.post(f"/brands/{brand_id}/exit-proposals", "meixian.official", {"reason": "越权提出"}, expect=403)
    api.post(f"/brands/{brand_id}/exit-proposals", steps.COUNTY, {"reason": "短"}, expect=422)
    case = api.post(f"/brands/{brand_id}/exit-proposals", steps.COUNTY,
                    {"reason": "存在严重失信行为，被列入失信名单。"}, expect=201)
    assert (case["origin"], case["level"]) == ("proposal", "county")
    steps.at(2026, 9, 29)
    steps.decide(api, steps.CITY, NAME, "propose_exit", "同意退出。")
    window = api.get(f"/instances/{case['instance_id']}", steps.CITY)["next_timer_at"]
    # Ten working days after 29 September: 30 Sep, 8, 9, 10 (the make-up Saturday), 12-16 and 19 October.
    assert datetime.fromisoformat(window) == datetime(2026, 10, 20, tzinfo=CHINA)
    clock.set_now(datetime.fromisoformat(window) - timedelta(minutes=1))
    steps.work(api)
    assert api.get(f"/brands/{brand_id}", walk.APPLICANT)["library_entries"][0]["status"] == "active"
    clock.set_now(datetime.fromisoformat(window) + timedelta(minutes=1))
    steps.work(api)
    assert api.get(f"/brands/{brand_id}", walk.APPLICANT)["library_entries"][0]["status"] == "exited"
    assert api.get("/tasks", walk.APPLICANT)["items"] == []


@starting_at(steps.noodle_brand_at_county)
def test_a_missed_rectification_deadline_opens_the_exit_procedure(client):
    api = Api(client)
    _campaign(api)
    steps.assign(api, NAME)
    steps.record(api, NAME, recognition="low")
    assert steps.task(api, walk.APPLICANT, NAME)["form_key"] == "rectification_report"
    clock.advance(timedelta(days=31))
    steps.work(api)
    evaluation = steps.task(api, steps.CITY, NAME)
    detail = api.get(f"/tasks/{evaluation['id']}", steps.CITY)
    assert detail["case"]["origin"] == "spot_check"
    assert "逾期未整改" in detail["case"]["reason"]


@starting_at(steps.noodle_brand_at_county)
def test_a_threshold_changed_in_the_dmn_table_changes_the_outcome(client):
    api = Api(client)
    _campaign(api)
    steps.assign(api, NAME)
    steps.record(api, NAME, workers_now=300)  # 40% fewer: a clear drop under the bundled table
    assert steps.task(api, steps.CITY, NAME)["form_key"] == "exit_evaluation"

    files = engine.read_directory(PROJECT_ROOT / "workflows")
    table = files["spot_check_evaluation.dmn"].decode()
    assert table.count("&lt;= -0.3") == 1 and table.count("-0.3 &lt; ?") == 1
    files["spot_check_evaluation.dmn"] = table.replace("-0.3", "-0.5").encode()
    with transaction():
        deployed = engine.deploy(files, form_exists=taskforms.catalog().exists)
    assert [(d.key, d.version) for d in deployed] == [("spot_check", 2)]

    other = "岐山面塑师"
    steps.recognized_at_county(api, other)
    api.post("/campaigns", steps.CITY, {"region": "610323", "rate": 1.0, "seed": "second"}, expect=201)
    steps.work(api)
    steps.assign(api, other)
    steps.record(api, other, workers_now=300)
    assert steps.task(api, walk.APPLICANT, other)["form_key"] == "rectification_report"


def test_campaigns_are_for_officials_of_the_region_and_a_brand_outside_every_library_cannot_exit(client):
    api = Api(client)
    api.post("/campaigns", "meixian.official", {"region": "610300", "rate": 0.2}, expect=403)
    api.post("/campaigns", steps.CITY, {"region": "610300", "rate": 2}, expect=422)
    application = walk.submit(api)
    api.post(f"/brands/{application['brand_id']}/exit-proposals", steps.COUNTY, {"reason": "尚未认定的品牌"},
             expect=422)
