"""Bad input gets a clear message per field and changes nothing."""

from __future__ import annotations

import pytest

from tests import walk
from tests.api_client import Api, application_form
from tests.desk import steps
from tests.worlds import starting_at


def _snapshot(api: Api, application: dict) -> tuple:
    events = api.get(f"/instances/{application['instance_id']}/events", "shaanxi.auditor")["items"]
    tasks = api.get("/tasks", walk.VILLAGE)["items"]
    return len(events), tasks, api.get(f"/applications/{application['id']}", walk.APPLICANT)["data"]


@pytest.mark.parametrize(("data", "fields"), [
    ({}, {"decision"}),
    ({"decision": "maybe"}, {"decision"}),
    ({"decision": "return"}, {"comment"}),
    ({"decision": "forward", "comment": 42}, {"comment"}),
    ({"decision": "forward", "extra": "<script>alert(1)</script>"}, {"extra"}),
    ({"decision": "forward", "comment": "x" * 2001}, {"comment"}),
])
@starting_at(steps.at_village)
def test_invalid_task_data_is_refused_with_field_errors_and_nothing_saved(world, client, data, fields):
    api = Api(client)
    application = world.facts
    task = api.only_task(walk.VILLAGE)
    before = _snapshot(api, application)
    result = api.complete(walk.VILLAGE, task["id"], data, expect=422)
    assert set(result["field_errors"]) == fields
    assert all(messages for messages in result["field_errors"].values())
    assert _snapshot(api, application) == before


@starting_at(steps.at_village)
def test_a_body_that_is_not_a_json_object_is_refused(client):
    api = Api(client)
    task = api.only_task(walk.VILLAGE)
    for body in ("not json", "[1, 2]"):
        response = api.call("POST", f"/tasks/{task['id']}/complete", walk.VILLAGE, data=body,
                            content_type="application/json")
        assert response.status_code == 422
    assert api.post(f"/tasks/{task['id']}/complete", walk.VILLAGE, {"data": [1]}, expect=422)["field_errors"]


@pytest.mark.parametrize(("overrides", "field"), [
    ({"brand_type": "其他"}, "brand_type"),
    ({"practitioners": -5}, "practitioners"),
    ({"practitioners": "many"}, "practitioners"),
    ({"base_region": "61032310190"}, "base_region"),
    ({"base_region": "513322101900"}, "base_region"),
    ({"integrity_pledge": False}, "integrity_pledge"),
    ({"representatives": []}, "representatives"),
    ({"representatives": [{"role": "创立人"}]}, "representatives/0/name"),
    ({"attachments": [{"id": "0" * 64, "name": "x.pdf"}]}, "attachments/0"),
])
def test_an_invalid_application_starts_nothing(client, overrides, field):
    api = Api(client)
    result = api.post("/applications", walk.APPLICANT, {"data": application_form(**overrides)}, expect=422)
    assert field in result["field_errors"]
    assert api.get("/applications", walk.APPLICANT)["items"] == []
    assert api.get("/tasks", walk.VILLAGE)["items"] == []


@starting_at(steps.at_village)
def test_unknown_and_finished_tasks_answer_404_and_409(client):
    api = Api(client)
    task = api.only_task(walk.VILLAGE)
    api.complete(walk.VILLAGE, 999_999, {"decision": "forward"}, expect=404)
    api.complete(walk.VILLAGE, task["id"], {"decision": "forward"})
    again = api.complete(walk.VILLAGE, task["id"], {"decision": "forward"}, expect=409)
    assert again["error"] == "task_not_ready"
    assert "nothing was changed" in again["message"]


def test_a_request_over_the_size_limit_is_a_json_413_naming_the_limit(client):
    for path in ("/api/v1/auth/token", "/api/v1/applications"):
        response = client.post(path, data=b"x" * (13 * 1024 * 1024), content_type="application/json",
                               headers={"Accept-Language": "en"})
        assert response.status_code == 413 and response.mimetype == "application/json", path
        assert response.get_json() == {"error": "request_entity_too_large",
                                       "message": "The request is larger than 12 MB; nothing was saved."}
