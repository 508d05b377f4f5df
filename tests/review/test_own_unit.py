"""Separation of duties by unit: nobody reviews an application of a creation unit they belong to, or a
case they acted on as its applicant. The inbox does not offer such a task, and claiming or completing
it is refused."""

from __future__ import annotations

from sqlalchemy import select

from tests import walk
from tests.api_client import Api, application_form
from webapp.applications.models import CreationUnit
from webapp.auth.models import User
from webapp.db import session
from webapp.demo.data import PASSWORD
from webapp.people.services import create_user, update_user

VILLAGE_CODE = "610323101900"  # 岐星村, where the walk's applications are based
MEMBER_ROLES = [("official", VILLAGE_CODE), ("applicant", "610323")]
OWN_CASE = "nobody reviews their own application"


def xiqi_unit() -> int:
    return session.scalars(select(CreationUnit.id).where(CreationUnit.region_code == "610323")).one()


def refused_everywhere(api: Api, username: str, task_id: int) -> None:
    assert api.get("/tasks", username)["items"] == []
    assert OWN_CASE in api.post(f"/tasks/{task_id}/claim", username, expect=403)["message"]
    assert OWN_CASE in api.complete(username, task_id, {"decision": "forward"}, expect=403)["message"]


def test_a_village_official_of_the_applying_unit_never_endorses_its_application(client):
    api = Api(client)
    create_user("xiqi.village", PASSWORD, "协会会员兼村干部", roles=MEMBER_ROLES, creation_unit_id=xiqi_unit())
    walk.submit(api)  # filed by a colleague, xiqi.unit
    task = api.only_task(walk.VILLAGE)
    refused_everywhere(api, "xiqi.village", task["id"])
    assert api.get(f"/tasks/{task['id']}", "xiqi.village")["may_act"] is False
    walk.endorse(api)  # the village's other official can


def test_whoever_filed_a_case_never_reviews_it_even_after_leaving_the_unit(client):
    api = Api(client)
    filer = create_user("xiqi.filer", PASSWORD, "协会前职员", roles=MEMBER_ROLES, creation_unit_id=xiqi_unit())
    api.post("/applications", "xiqi.filer", {"data": application_form()}, expect=201)
    admin = session.scalars(select(User).where(User.username == "admin")).one()
    update_user(filer.id, display_name="村干部", roles=[("official", VILLAGE_CODE)], new_password=None,
                creation_unit_id=None, actor=admin)
    refused_everywhere(api, "xiqi.filer", api.only_task(walk.VILLAGE)["id"])
