"""Input no field accepts is refused in one place before any page or API handler reads it: a NUL
character anywhere (PostgreSQL cannot store or compare one) and JSON nested tens of thousands deep
(Python's parser runs out of recursion). Both were 500s, also for visitors who had not signed in."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.api_client import Api
from tests.web.browser_client import Browser
from webapp.db import session
from webapp.demo.data import PASSWORD
from webapp.engine import ProcessInstance

NUL = "The request contains a NUL character, which no field accepts; nothing was changed."
DEEP = "The JSON body is nested more than 64 levels deep; nothing was changed."
EN = {"Accept-Language": "en"}


@pytest.mark.parametrize("path", ["/verify?number=%00&code=K7Q2", "/verify?n%00umber=1", "/verify/LB%00"])
def test_a_nul_in_a_public_page_request_is_a_400_page(client, path):
    client.set_cookie("lang", "en")  # pages speak the language chosen in the header's switch
    response = client.get(path)
    assert response.status_code == 400 and response.mimetype == "text/html"
    assert NUL in response.get_data(as_text=True)


def test_a_nul_in_the_token_request_or_an_api_filter_is_a_400_in_json(client):
    token = client.post("/api/v1/auth/token", json={"username": "admin\x00", "password": PASSWORD}, headers=EN)
    assert (token.status_code, token.get_json()) == (400, {"error": "malformed_request", "message": NUL})
    api = Api(client)
    for path in ("/tasks?brand=%00", "/tasks?region=6103%0023"):
        assert api.get(path, "qishan.official", expect=400)["message"] == NUL


def test_a_nul_in_a_form_field_is_a_400_and_changes_nothing(app):
    before = session.scalar(select(func.count()).select_from(ProcessInstance))
    applicant = Browser(app)
    applicant.login("xiqi.unit")
    applicant.client.set_cookie("lang", "en")
    applicant.get("/applications/new")
    response = applicant.post("/applications/new", {"brand_name": "岐山\x00面师", "submit": "1"}, headers=EN)
    assert response.status_code == 400 and NUL in applicant.text(response)
    assert session.scalar(select(func.count()).select_from(ProcessInstance)) == before


def test_json_nested_fifty_thousand_deep_is_a_400(client):
    deep = "[" * 50_000 + "]" * 50_000
    for path in ("/api/v1/auth/token", "/api/v1/applications"):
        response = client.post(path, data=deep, content_type="application/json", headers=EN)
        assert response.status_code == 400, path
        assert response.get_json()["message"] == DEEP
    nested: object = "x"
    for _ in range(100):
        nested = {"a": nested}
    too_deep = Api(client).call("POST", "/applications", "xiqi.unit", json={"data": nested}, expect=400)
    assert too_deep.get_json()["message"] == DEEP
