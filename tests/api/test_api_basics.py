"""Sign-in, errors in JSON, the OpenAPI document, drafts, naming warnings and attachments."""

from __future__ import annotations

import io

from jsonschema import Draft202012Validator

from tests import walk
from tests.api_client import Api, application_form
from tests.desk import steps
from tests.worlds import starting_at
from webapp.demo.data import PASSWORD

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_without_a_valid_token_everything_answers_401(client):
    assert client.get("/api/v1/tasks").status_code == 401
    bad = client.get("/api/v1/tasks", headers={"Authorization": "Bearer not-a-token"})
    assert bad.status_code == 401 and bad.get_json()["error"] == "unauthorized"
    wrong = client.post("/api/v1/auth/token", json={"username": walk.VILLAGE, "password": "wrong-password"})
    assert wrong.status_code == 401
    unknown = client.post("/api/v1/auth/token", json={"username": "nobody", "password": PASSWORD})
    assert unknown.status_code == 401
    missing = client.post("/api/v1/auth/token", json={"username": walk.VILLAGE})
    assert missing.status_code == 422 and "password" in missing.get_json()["field_errors"]


def test_unknown_paths_and_methods_answer_in_json(client):
    api = Api(client)
    assert api.call("GET", "/no-such-thing", walk.VILLAGE).get_json()["error"] == "not_found"
    assert api.call("DELETE", "/tasks", walk.VILLAGE).status_code == 405


def test_the_openapi_document_describes_every_route(client):
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"] == "3.1.0"
    paths = document["paths"]
    for path, method in [("/api/v1/auth/token", "post"), ("/api/v1/applications", "post"),
                         ("/api/v1/tasks", "get"), ("/api/v1/tasks/{task_id}", "get"),
                         ("/api/v1/tasks/{task_id}/claim", "post"), ("/api/v1/tasks/{task_id}/unclaim", "post"),
                         ("/api/v1/tasks/{task_id}/complete", "post"), ("/api/v1/brands/{brand_id}", "get"),
                         ("/api/v1/instances/{instance_id}", "get"), ("/api/v1/instances/{instance_id}/events", "get")]:
        assert method in paths[path], path
    schemas = document["components"]["schemas"]
    for schema in schemas.values():
        Draft202012Validator.check_schema(schema)
    refs = {ref.rsplit("/", 1)[1] for ref in _refs(document)}
    assert refs <= set(schemas)
    assert set(paths["/api/v1/tasks/{task_id}/complete"]["post"]["responses"]) >= {"200", "401", "403", "409", "422"}


def _refs(node: object) -> list[str]:
    if isinstance(node, dict):
        return [v for k, v in node.items() if k == "$ref"] + [r for v in node.values() for r in _refs(v)]
    if isinstance(node, list):
        return [r for v in node for r in _refs(v)]
    return []


def test_a_draft_is_saved_partially_then_submitted(client):
    api = Api(client)
    draft = api.post("/applications", walk.APPLICANT, {"data": {"brand_name": "岐山面匠"}, "submit": False},
                     expect=201)
    assert draft["status"] == "draft" and draft["instance_id"] is None
    bad = api.call("PUT", f"/applications/{draft['id']}", walk.APPLICANT, json={"data": {"practitioners": "x"}},
                   expect=422).get_json()
    assert "practitioners" in bad["field_errors"]
    incomplete = api.post(f"/applications/{draft['id']}/submit", walk.APPLICANT, expect=422)
    assert "brand_type" in incomplete["field_errors"]
    api.call("PUT", f"/applications/{draft['id']}", walk.APPLICANT,
             json={"data": application_form(brand_name="岐山面匠")}, expect=200)
    submitted = api.post(f"/applications/{draft['id']}/submit", walk.APPLICANT)
    assert submitted["status"] == "in_review" and submitted["waiting_for"][0]["level"] == "village"
    api.post(f"/applications/{draft['id']}/submit", walk.APPLICANT, expect=422)


def test_only_creation_units_file_and_only_their_own_region(client):
    api = Api(client)
    api.post("/applications", walk.VILLAGE, {"data": application_form()}, expect=403)
    outside = api.post("/applications", "hongcheng.unit", {"data": application_form()}, expect=422)
    assert "base_region" in outside["field_errors"]


def test_the_naming_rule_warns_but_does_not_block(client):
    api = Api(client)
    application = walk.submit(api, brand_name="西岐名吃")
    assert application["status"] == "in_review"
    assert len(application["warnings"]["brand_name"]) == 2
    fine = walk.submit(api, brand_name="岐山面塑师")
    assert fine["warnings"] == {}


@starting_at(steps.at_village)
def test_a_brand_name_cannot_be_filed_twice(client):
    api = Api(client)
    again = api.post("/applications", walk.APPLICANT, {"data": application_form()}, expect=422)
    assert "under review" in again["field_errors"]["brand_name"][0]
    other_unit = api.post("/applications", "hongcheng.unit",
                          {"data": application_form(base_region="513322101900")}, expect=422)
    assert "another unit" in other_unit["field_errors"]["brand_name"][0]


def test_attachments_are_checked_and_readable_within_jurisdiction(client):
    api = Api(client)

    def upload(content: bytes, name: str, expect: int) -> dict:
        return api.call("POST", "/attachments", walk.APPLICANT, data={"file": (io.BytesIO(content), name)},
                        content_type="multipart/form-data", expect=expect).get_json()

    assert "file" in upload(b"MZ\x90\x00binary", "tool.exe", 422)["field_errors"]
    assert "file" in upload(PDF, "photo.png", 422)["field_errors"]
    assert "file" in upload(b"", "empty.pdf", 422)["field_errors"]
    stored = upload(PDF, "../../etc/培训台账.pdf", 201)
    assert stored["name"] == "培训台账.pdf" and stored["content_type"] == "application/pdf"
    again = upload(PDF, "again.pdf", 201)  # the same bytes: an upload of its own, kept once on disk
    assert again["id"] != stored["id"] and again["name"] == "again.pdf"

    walk.submit(api, attachments=[{"id": stored["id"], "name": stored["name"]}])
    download = api.call("GET", f"/attachments/{stored['id']}", "qishan.official", expect=200)
    assert download.data == PDF
    download.close()
    api.call("GET", f"/attachments/{stored['id']}", "meixian.official", expect=404)
    api.call("GET", "/attachments/../../etc/passwd", walk.APPLICANT, expect=404)
