"""Steps of the recommendation process as the people of the Shaanxi demo chain take them."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.api_client import Api, application_form
from webapp import clock
from webapp.worker import fire_due_timers

APPLICANT = "xiqi.unit"
VILLAGE = "qixing.official"
LEVELS = {
    "county": ("qishan.official", ["qishan.expert1", "qishan.expert2"]),
    "city": ("baoji.official", ["baoji.expert1", "baoji.expert2"]),
    "province": ("shaanxi.official", ["shaanxi.expert1", "shaanxi.expert2"]),
}
NATION = "nation.official"
GOOD_SCORES = {"employment_scale": 25, "skills_training": 20, "brand_building": 15, "influence": 10,
               "plan_support": 8, "opinion": "带动就业明显，培训体系完善。"}
POOR_SCORES = {"employment_scale": 10, "skills_training": 10, "brand_building": 8, "influence": 5,
               "plan_support": 4, "opinion": "规模偏小。"}


def submit(api: Api, **overrides: Any) -> dict[str, Any]:
    return api.post("/applications", APPLICANT, {"data": application_form(**overrides)}, expect=201)


def endorse(api: Api, decision: str = "forward", comment: str = "属实，同意推荐。") -> dict[str, Any]:
    task = api.only_task(VILLAGE)
    assert (task["level"], task["form_key"]) == ("village", "endorsement")
    return api.complete(VILLAGE, task["id"], {"decision": decision, "comment": comment})


def user_id(api: Api, username: str) -> int:
    return int(api.get("/me", username)["id"])


def intake(api: Api, level: str, decision: str = "accept", comment: str = "材料齐全，受理。",
           **filters: str) -> dict[str, Any]:
    official, experts = LEVELS[level]
    task = api.only_task(official, level=level, **filters)
    assert task["form_key"] == "intake_review"
    data: dict[str, Any] = {"decision": decision, "comment": comment}
    if decision == "accept":
        data["experts"] = [user_id(api, e) for e in experts]
    return api.complete(official, task["id"], data)


def score(api: Api, level: str, scores: dict[str, Any] = GOOD_SCORES) -> None:
    for expert in LEVELS[level][1]:
        task = api.only_task(expert)
        assert (task["level"], task["form_key"]) == (level, "expert_review")
        api.complete(expert, task["id"], {"expert_review": scores})


def decide(api: Api, level: str, decision: str = "recognize", comment: str = "同意认定。",
           **filters: str) -> dict[str, Any]:
    official = LEVELS[level][0]
    task = api.only_task(official, level=level, **filters)
    assert task["form_key"] in ("level_decision", "failed_review_decision")
    return api.complete(official, task["id"], {"decision": decision, "comment": comment})


def let_notice_pass(api: Api, instance_id: int) -> int:
    """Move the clock just past the notice timer and run the timer worker."""
    due = api.get(f"/instances/{instance_id}", "shaanxi.auditor")["next_timer_at"]
    assert due is not None, "no timer is waiting"
    from datetime import datetime

    clock.set_now(datetime.fromisoformat(due) + timedelta(minutes=1))
    with api.client.application.app_context():
        return fire_due_timers()


def recommend(api: Api, level: str, decision: str = "recommend") -> dict[str, Any]:
    official = LEVELS[level][0]
    task = api.only_task(official, level=level)
    assert task["form_key"] == "recommend_upward"
    return api.complete(official, task["id"], {"decision": decision, "comment": "推荐上报。"})


def recognize_at(api: Api, level: str, instance_id: int, *, then: str = "recommend") -> None:
    intake(api, level)
    score(api, level)
    decide(api, level)
    assert let_notice_pass(api, instance_id) == 1
    recommend(api, level, then)


def select_nationally(api: Api, decision: str = "select") -> dict[str, Any]:
    task = api.only_task(NATION)
    assert (task["level"], task["form_key"]) == ("nation", "final_selection")
    return api.complete(NATION, task["id"], {"decision": decision, "comment": "入选国家级劳务品牌。"})
