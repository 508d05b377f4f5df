"""The desk walk of issue 18: thirty village endorsements forwarded in one batch; a county official
transfers; a city official delegates and his colleague resolves; a substitute decides during leave; the
province returns the case to the city; the city withdraws its new recommendation and decides again. The
trail and the brand's history page say who did each, and for whom."""

from __future__ import annotations

from urllib.parse import quote

from sqlalchemy import select

from tests import walk
from tests.api_client import Api
from tests.desk.test_batch import file_applications
from tests.factories import make_user
from tests.web.browser_client import Browser
from webapp.applications.models import Application
from webapp.audit.models import AuditEvent
from webapp.db import session
from webapp.ops.check import check_all

BRAND = "批量面食师000"
BRAND_QUERY = quote(BRAND)


def test_the_desk_walk(app, client):
    api = Api(client)
    make_user("qishan.official2", "official", "610323", "岐山县经办人二")
    make_user("baoji.official2", "official", "610300", "宝鸡市经办人二")
    village_tasks = file_applications(30)

    result = api.post("/tasks/batch", walk.VILLAGE, {"action": "complete", "task_ids": village_tasks,
                                                      "decision": "forward", "comment": "属实，同意推荐。"})
    assert (result["done"], result["not_done"]) == (30, 0)
    assert api.get("/tasks?task=Task_intake", "qishan.official")["total"] == 30
    instance_id = _instance_of(BRAND)

    # County: the holder is away on business and transfers; his colleague takes the level through.
    intake = api.only_task("qishan.official", brand=BRAND_QUERY)
    api.post(f"/tasks/{intake['id']}/transfer", "qishan.official",
             {"to": "qishan.official2", "reason": "本人出差，请代为受理。"})
    _through_level(api, "county", "qishan.official2", instance_id)

    # City: the official delegates the intake, his colleague prepares it and hands it back.
    intake = api.only_task("baoji.official", brand=BRAND_QUERY)
    api.post(f"/tasks/{intake['id']}/delegate", "baoji.official", {"to": "baoji.official2", "reason": "请先审材料。"})
    experts = [walk.user_id(api, e) for e in walk.LEVELS["city"][1]]
    prepared = {"decision": "accept", "comment": "材料齐全，建议受理。", "experts": experts}
    draft = api.post(f"/tasks/{intake['id']}/resolve", "baoji.official2", {"data": prepared})["task"]["draft"]
    api.complete("baoji.official", intake["id"], draft)
    walk.score(api, "city")

    # The city official claims the decision, then goes on leave; his colleague decides for him.
    decision = api.only_task("baoji.official", brand=BRAND_QUERY)
    api.post(f"/tasks/{decision['id']}/claim", "baoji.official")
    api.complete("baoji.official2", decision["id"], {"decision": "recognize", "comment": "同意认定。"}, expect=409)
    api.post("/me/substitutes", "baoji.official", {"substitute": "baoji.official2", "starts_on": "2026-05-11",
                                                    "ends_on": "2026-06-30", "reason": "年休假"}, expect=201)
    [shown] = [t for t in api.get("/tasks", "baoji.official2")["items"] if t["id"] == decision["id"]]
    assert shown["form_key"] == "level_decision"
    api.complete("baoji.official2", decision["id"], {"decision": "recognize", "comment": "同意认定。"})
    assert walk.let_notice_pass(api, instance_id) == 1
    walk.recommend(api, "city")

    # Province: back to the city, whose recommendation wants a second look.
    intake = api.only_task("shaanxi.official")
    target = api.get(f"/tasks/{intake['id']}/return-targets", "shaanxi.official")["items"][0]
    assert target["level"] == "city"
    api.post(f"/tasks/{intake['id']}/return", "shaanxi.official",
             {"target_task_id": target["task_id"], "comment": "请市级复核带动就业数据后再推荐。"})

    # City: recommends again, takes it back at once (a typo in the comment), and decides again.
    recommend = api.only_task("baoji.official", brand=BRAND_QUERY)
    assert recommend["id"] == target["task_id"]
    api.complete("baoji.official", recommend["id"], {"decision": "recommend", "comment": "已复核，推荐上报？"})
    api.post(f"/tasks/{recommend['id']}/withdraw", "baoji.official")
    api.complete("baoji.official", recommend["id"], {"decision": "recommend", "comment": "已复核，推荐上报。"})
    assert api.only_task("shaanxi.official")["form_key"] == "intake_review"

    trail = _trail(instance_id)
    assert ("task_completed", "村级推荐意见", "岐星村村民委员会（经办人）", None) in trail
    assert ("task_transferred", "受理审核", "岐山县人力资源和社会保障局（经办人）", None) in trail
    assert ("task_completed", "受理审核", "岐山县经办人二", None) in {t for t in trail if t[1] == "受理审核"}
    assert ("task_delegated", "受理审核", "宝鸡市人力资源和社会保障局（经办人）", None) in trail
    assert ("task_resolved", "受理审核", "宝鸡市经办人二", None) in trail
    assert ("task_completed", "认定决定", "宝鸡市经办人二", "宝鸡市人力资源和社会保障局（经办人）") in trail
    assert ("case_returned", "受理审核", "陕西省人力资源和社会保障厅（经办人）", None) in trail
    assert ("task_withdrawn", "是否向上推荐", "宝鸡市人力资源和社会保障局（经办人）", None) in trail
    order = [action for action, *_rest in trail]
    assert order.index("case_returned") < order.index("task_withdrawn")

    browser = Browser(app)
    browser.login("shaanxi.auditor")
    page = Browser.text(browser.get(f"/brands/{_brand_of(instance_id)}/history"))
    for seen in ("宝鸡市经办人二", "请市级复核带动就业数据后再推荐。", "本人出差，请代为受理。"):
        assert seen in page, seen
    assert "代" in page and "宝鸡市人力资源和社会保障局（经办人）" in page
    assert check_all().consistent, check_all().findings


def _through_level(api: Api, level: str, official: str, instance_id: int) -> None:
    intake = api.only_task(official, brand=BRAND_QUERY)
    experts = [walk.user_id(api, e) for e in walk.LEVELS[level][1]]
    api.complete(official, intake["id"], {"decision": "accept", "comment": "材料齐全，受理。", "experts": experts})
    walk.score(api, level)
    decision = api.only_task(official, brand=BRAND_QUERY)
    api.complete(official, decision["id"], {"decision": "recognize", "comment": "同意认定。"})
    assert walk.let_notice_pass(api, instance_id) == 1
    recommend = api.only_task(official, brand=BRAND_QUERY)
    api.complete(official, recommend["id"], {"decision": "recommend", "comment": "推荐上报。"})


def _instance_of(brand: str) -> int:
    session.remove()
    found = session.scalar(select(Application.instance_id).where(Application.data["brand_name"].as_string() == brand))
    assert found is not None
    return found


def _brand_of(instance_id: int) -> int:
    session.remove()
    found = session.scalar(select(Application.brand_id).where(Application.instance_id == instance_id))
    assert found is not None
    return found


def _trail(instance_id: int) -> list[tuple[str, str | None, str | None, str | None]]:
    """(action, task, actor, for whom) of each event of the case."""
    session.remove()
    events = session.scalars(select(AuditEvent).where(AuditEvent.instance_id == instance_id)
                             .order_by(AuditEvent.seq))
    return [(str(e.action), e.task_name, e.actor_name, ((e.data or {}).get("on_behalf_of") or {}).get("name"))
            for e in events]
