"""撤回 and 驳回 through the engine: withdrawing one's own step, the unit withdrawing its application, and a
level returning the case to an earlier level's decision."""

from __future__ import annotations

from sqlalchemy import select

from tests import walk
from tests.api_client import Api
from tests.desk import steps
from tests.worlds import starting_at
from webapp import engine
from webapp.applications.models import Application
from webapp.db import session
from webapp.ops.check import check_all


@starting_at(steps.at_province)
def test_the_city_withdraws_its_recommendation_until_the_province_claims_it(world, client):
    api = Api(client)
    application = world.facts
    instance_id = application["instance_id"]
    recommended = next(t for t in _history(api, instance_id) if t["name"] == "是否向上推荐" and t["level"] == "city")
    assert api.only_task("shaanxi.official")["level"] == "province"

    api.post(f"/tasks/{recommended['task_id']}/withdraw", "shaanxi.official", expect=403)
    back = api.post(f"/tasks/{recommended['task_id']}/withdraw", "baoji.official")["task"]
    assert (back["status"], back["level"], back["id"]) == ("ready", "city", recommended["task_id"])
    assert api.get("/tasks", "shaanxi.official")["items"] == []
    page = client.get(f"/tasks/{back['id']}")  # not signed in on the web: the API shows the prefilled data
    assert page.status_code in (302, 401)
    detail = api.get(f"/tasks/{back['id']}", "baoji.official")
    assert detail["may_act"] is True
    assert _application(application["id"]).current_level == "city"
    assert any(m.kind == "task_withdrawn" for _u, m in steps.told("task_withdrawn"))
    assert [e.data["removed"] for e in steps.events(instance_id, "task_withdrawn")] == [["受理审核"]]

    walk.recommend(api, "city")  # the city redecides: the province gets a new intake task
    province = api.only_task("shaanxi.official")
    api.post(f"/tasks/{province['id']}/claim", "shaanxi.official")
    refused = api.post(f"/tasks/{back['id']}/withdraw", "baoji.official", expect=409)
    assert "already been taken up" in refused["message"]
    assert check_all([instance_id]).consistent


@starting_at(steps.at_province)
def test_the_province_returns_the_case_to_the_city_which_decides_again(world, client):
    api = Api(client)
    application = world.facts
    instance_id = application["instance_id"]
    intake = api.only_task("shaanxi.official")
    targets = api.get(f"/tasks/{intake['id']}/return-targets", "shaanxi.official")["items"]
    assert [(t["level"], t["name"]) for t in targets] == [("city", "是否向上推荐"), ("county", "是否向上推荐"),
                                                          ("village", "村级推荐意见")]
    api.post(f"/tasks/{intake['id']}/return", "shaanxi.official", {"target_task_id": targets[0]["task_id"],
                                                                   "comment": "x"}, expect=422)
    api.post(f"/tasks/{intake['id']}/return", "baoji.official", {"target_task_id": targets[0]["task_id"],
                                                                 "comment": "请补充说明。"}, expect=403)
    api.post(f"/tasks/{intake['id']}/return", "shaanxi.official", {"target_task_id": intake["id"],
                                                                   "comment": "请补充说明。"}, expect=422)
    assert api.only_task("shaanxi.official")["id"] == intake["id"]  # refusals changed nothing

    back = api.post(f"/tasks/{intake['id']}/return", "shaanxi.official",
                    {"target_task_id": targets[0]["task_id"], "comment": "带动就业数据需市级复核。"})["task"]
    assert (back["level"], back["status"]) == ("city", "ready")
    assert api.get("/tasks", "shaanxi.official")["items"] == []
    assert _application(application["id"]).current_level == "city"
    [(who, message)] = steps.told("case_returned")
    assert who == "baoji.official" and message.params["comment"] == "带动就业数据需市级复核。"
    [event] = steps.events(instance_id, "case_returned")
    assert (event.lane, event.data["to_level"]) == ("province", "city")
    assert event.actor_name == "陕西省人力资源和社会保障厅（经办人）"

    walk.recommend(api, "city")  # up again: the province meets the case anew
    assert api.only_task("shaanxi.official")["form_key"] == "intake_review"
    assert api.get(f"/instances/{instance_id}", "shaanxi.auditor")["status"] == "running"
    assert check_all([instance_id]).consistent


@starting_at(steps.at_village)
def test_the_unit_withdraws_its_application_until_the_village_acts(world, client):
    api = Api(client)
    application = world.facts
    village = api.only_task(walk.VILLAGE)
    api.post(f"/applications/{application['id']}/withdraw", "hongcheng.unit", expect=404)
    api.post(f"/applications/{application['id']}/withdraw", walk.VILLAGE, expect=404)
    done = api.post(f"/applications/{application['id']}/withdraw", walk.APPLICANT)
    assert done["status"] == "draft"
    again = api.get(f"/applications/{application['id']}", walk.APPLICANT)
    assert (again["status"], again["outcome"], again["current_level"]) == ("draft", None, None)
    assert api.get("/tasks", walk.VILLAGE)["items"] == []
    session.remove()
    closed = session.get(engine.HumanTask, village["id"])
    assert closed is not None and closed.status == engine.TaskStatus.CANCELLED

    second = walk.submit(api)
    task = api.only_task(walk.VILLAGE)
    api.post(f"/tasks/{task['id']}/claim", walk.VILLAGE)
    refused = api.post(f"/applications/{second['id']}/withdraw", walk.APPLICANT, expect=409)
    assert "village has acted" in refused["message"]
    assert check_all([application["instance_id"], second["instance_id"]]).consistent


def _history(api: Api, instance_id: int) -> list[dict]:
    task_id = session.scalar(select(engine.HumanTask.id).where(engine.HumanTask.instance_id == instance_id).limit(1))
    return api.get(f"/tasks/{task_id}", "shaanxi.auditor")["history"]


def _application(application_id: int) -> Application:
    session.remove()
    found = session.get(Application, application_id)
    assert found is not None
    return found
