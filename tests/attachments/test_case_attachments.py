"""An attachment belongs to the case (or draft) it was uploaded for, by whoever uploaded it. The same
bytes uploaded twice are two attachments, each with its own uploader and name; a form may name only
its sender's own unbound uploads or files already part of its case, and downloads follow the case."""

from __future__ import annotations

import io
from typing import Any

from tests import walk
from tests.api_client import Api, application_form
from tests.web.browser_client import Browser

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
LUZHAI_FORM = {"brand_name": "鹿寨螺蛳粉师傅", "industry": "餐饮服务", "base_region": "450223103204"}


def upload(api: Api, user: str, name: str) -> dict[str, Any]:
    return api.call("POST", "/attachments", user, data={"file": (io.BytesIO(PDF), name)},
                    content_type="multipart/form-data", expect=201).get_json()


def downloads(api: Api, user: str, path: str) -> int:
    with api.call("GET", path, user) as response:
        return response.status_code


def named(item: dict[str, Any]) -> list[dict[str, str]]:
    return [{"id": item["id"], "name": item["name"]}]


def test_a_unit_cannot_put_another_countys_attachment_into_its_application(client):
    api = Api(client)
    qishan_file = upload(api, walk.APPLICANT, "岐山培训台账.pdf")
    qishan = walk.submit(api, attachments=named(qishan_file))

    luzhai_file = upload(api, "luzhai.unit", "鹿寨培训台账.pdf")  # the very same bytes
    assert luzhai_file["id"] != qishan_file["id"] and luzhai_file["name"] == "鹿寨培训台账.pdf"
    assert downloads(api, "luzhai.unit", f"/attachments/{luzhai_file['id']}") == 200

    stolen = api.post("/applications", "luzhai.unit", {"data": application_form(
        **LUZHAI_FORM, attachments=named(qishan_file))}, expect=422)
    assert list(stolen["field_errors"]) == ["attachments/0"]
    drafted = api.post("/applications", "luzhai.unit", {"data": application_form(
        **LUZHAI_FORM, attachments=named(qishan_file)), "submit": False}, expect=422)
    assert list(drafted["field_errors"]) == ["attachments/0"]
    assert api.get("/applications", "luzhai.unit")["items"] == []  # nothing was saved
    again = api.post("/applications", walk.APPLICANT, {"data": application_form(
        brand_name="岐山面花师", attachments=named(qishan_file))}, expect=422)  # it is the first case's now
    assert list(again["field_errors"]) == ["attachments/0"]

    luzhai = api.post("/applications", "luzhai.unit", {"data": application_form(
        **LUZHAI_FORM, attachments=named(luzhai_file))}, expect=201)
    assert downloads(api, "luzhai.official", f"/attachments/{qishan_file['id']}") == 404
    assert downloads(api, "luzhai.official", f"/attachments/{luzhai_file['id']}") == 200
    assert downloads(api, "qishan.official", f"/attachments/{qishan_file['id']}") == 200
    assert downloads(api, "qishan.official", f"/attachments/{luzhai_file['id']}") == 404
    luzhai_case, qishan_case = luzhai["instance_id"], qishan["instance_id"]
    assert downloads_page(client, "luzhai.official", luzhai_case, luzhai_file["id"]) == 200
    assert downloads_page(client, "luzhai.official", luzhai_case, qishan_file["id"]) == 404
    assert downloads_page(client, "qishan.official", qishan_case, qishan_file["id"]) == 200


def test_a_draft_keeps_its_own_uploads_and_takes_them_into_its_case(client):
    api = Api(client)
    own = upload(api, walk.APPLICANT, "台账.pdf")
    draft = api.post("/applications", walk.APPLICANT, {"data": {"brand_name": "岐山面花师", "attachments": named(own)},
                                                       "submit": False}, expect=201)
    assert downloads(api, "xiqi.unit", f"/attachments/{own['id']}") == 200
    submitted = api.post(f"/applications/{draft['id']}/submit", walk.APPLICANT,
                         {"data": application_form(brand_name="岐山面花师", attachments=named(own))})
    assert submitted["instance_id"] and downloads(api, "qishan.expert1", f"/attachments/{own['id']}") == 200


def downloads_page(client: Any, username: str, instance_id: int, attachment_id: str) -> int:
    browser = Browser(client.application)
    browser.login(username)
    with browser.get(f"/cases/{instance_id}/attachments/{attachment_id}") as response:
        return response.status_code
