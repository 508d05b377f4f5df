"""The message centre and notification settings over the JSON API: the same lists, filters, marks and
checks as the pages, for the signed-in person only, and documented in the OpenAPI document."""

from __future__ import annotations

from tests import walk
from tests.api_client import Api
from tests.messages.steps import read_at, tell
from webapp.notifications.models import MessageKind

PAGE_SIZE = 5

SETTINGS = {"language": "en", "email": "wang@qishan.gov.cn", "email_enabled": True, "phone": "+86 138-0013-8000",
            "webhook_enabled": True, "daily_digest": True}


def test_a_new_task_reaches_the_list_in_the_readers_language(client):
    api = Api(client)
    walk.submit(api)
    task = api.only_task(walk.VILLAGE)
    listed = api.get("/messages", walk.VILLAGE)
    assert (listed["unread"], listed["page"], listed["has_next"]) == (1, 1, False)
    (message,) = listed["items"]
    assert (message["kind"], message["link"], message["task_id"], message["read_at"]) == (
        "task_arrived", f"/tasks/{task['id']}", task["id"], None)
    assert message["kind_name"] == "New task" and message["text"].startswith("New task: ")
    chinese = client.get("/api/v1/messages", headers={"Authorization": f"Bearer {api.token(walk.VILLAGE)}",
                                                       "Accept-Language": "zh"}).get_json()["items"][0]
    assert chinese["text"] != message["text"]  # the task's Chinese name, at least


def test_filters_and_pages(client):
    client.application.config["PAGE_SIZE"] = PAGE_SIZE
    api = Api(client)
    urged = tell("qishan.official", MessageKind.URGED, count=PAGE_SIZE + 1)
    (copied,) = tell("qishan.official", MessageKind.COPIED)
    api.post(f"/messages/{urged[-1]}/read", "qishan.official")
    first = api.get("/messages", "qishan.official")
    assert [m["id"] for m in first["items"]] == [copied, *reversed(urged[-PAGE_SIZE + 1:])] and first["has_next"]
    assert first["total"] == PAGE_SIZE + 2
    assert [m["id"] for m in api.get("/messages?page=2", "qishan.official")["items"]] == [urged[1], urged[0]]
    assert api.get("/messages?page=3", "qishan.official")["items"] == []  # past the end: empty, not the last
    assert [m["id"] for m in api.get("/messages?kind=copied", "qishan.official")["items"]] == [copied]
    unread = api.get("/messages?unread=true&kind=urged", "qishan.official")
    assert urged[-1] not in [m["id"] for m in unread["items"]] and unread["unread"] == PAGE_SIZE + 1


def test_bad_filters_are_refused_with_the_field_named(client):
    api = Api(client)
    for query, field in (("kind=nonsense", "kind"), ("unread=yes", "unread"), ("page=0", "page"),
                         ("page=99999999", "page")):
        refused = api.get(f"/messages?{query}", "qishan.official", expect=422)
        assert refused["error"] == "invalid" and list(refused["field_errors"]) == [field], query


def test_only_the_recipient_marks_a_message_read(client):
    api = Api(client)
    (mine,) = tell("qishan.official")
    refused = api.post(f"/messages/{mine}/read", "meixian.official", expect=404)
    assert refused == {"error": "not_found", "message": "No such message."}
    assert api.post("/messages/read-all", "meixian.official") == {"marked": 0, "unread": 0}
    assert read_at(mine) is None
    read = api.post(f"/messages/{mine}/read", "qishan.official")
    assert read["id"] == mine and read["read_at"] is not None
    assert api.post(f"/messages/{mine}/read", "qishan.official")["read_at"] == read["read_at"]  # once is enough


def test_read_all_marks_every_unread_message(client):
    api = Api(client)
    tell("qishan.official", count=3)
    assert api.post("/messages/read-all", "qishan.official") == {"marked": 3, "unread": 0}
    assert api.get("/messages?unread=1", "qishan.official")["items"] == []


def test_settings_start_at_the_defaults_and_save_whole(client):
    api = Api(client)
    assert api.get("/account/notification-settings", "qishan.official") == {
        "language": "zh", "email": None, "email_enabled": False, "phone": None, "webhook_enabled": False,
        "daily_digest": False}
    saved = api.call("PUT", "/account/notification-settings", "qishan.official", json=SETTINGS,
                     expect=200).get_json()
    assert saved == {**SETTINGS, "phone": "13800138000"}
    assert api.get("/account/notification-settings", "qishan.official") == saved
    assert api.get("/account/notification-settings", "meixian.official")["email"] is None


def test_bad_settings_name_each_field_and_save_nothing(client):
    api = Api(client)
    cases = [
        ({"email": "wang@"}, {"email": ["This is not an e-mail address; write it as name@example.gov.cn."]}),
        ({"email": "a b@qishan.gov.cn"}, {"email": [
            "This is not an e-mail address; write it as name@example.gov.cn."]}),
        ({"phone": "0917-8888888"}, {"phone": [
            "Enter a mainland mobile number: 11 digits beginning with 13 to 19, +86 optional."]}),
        ({"email": None}, {"email": ["Enter your e-mail address to receive e-mails."]}),
        ({"phone": "  "}, {"phone": ["Enter your mobile phone number to receive text or robot messages."]}),
        ({"language": "fr"}, {"language": ["Choose 中文 or English."]}),
        ({"daily_digest": "yes"}, {"daily_digest": ["Expected true or false."]}),
        ({"email": 5}, {"email": ["Expected text."]}),
        ({"email": "a" * 201}, {"email": ["Enter at most 200 characters."]}),
    ]
    for change, errors in cases:
        refused = api.call("PUT", "/account/notification-settings", "qishan.official", json={**SETTINGS, **change},
                           expect=422).get_json()
        assert refused["field_errors"] == errors, change
    missing = api.call("PUT", "/account/notification-settings", "qishan.official", json={"language": "en"},
                       expect=422).get_json()
    assert set(missing["field_errors"]) == {"email", "email_enabled", "phone", "webhook_enabled", "daily_digest"}
    assert api.call("PUT", "/account/notification-settings", "qishan.official", json=[1],
                    expect=422).get_json()["error"] == "invalid"
    assert api.get("/account/notification-settings", "qishan.official")["email"] is None


def test_every_new_route_is_documented(client):
    document = client.get("/api/v1/openapi.json").get_json()
    paths = document["paths"]
    for path, method in (("/api/v1/messages", "get"), ("/api/v1/messages/{message_id}/read", "post"),
                         ("/api/v1/messages/read-all", "post"), ("/api/v1/account/notification-settings", "get"),
                         ("/api/v1/account/notification-settings", "put")):
        assert "422" in paths[path][method]["responses"], (path, method)
    assert {p["name"] for p in paths["/api/v1/messages"]["get"]["parameters"]} == {"unread", "kind", "page"}
    schemas = document["components"]["schemas"]
    assert set(schemas["Message"]["properties"]["kind"]["enum"]) == {str(kind) for kind in MessageKind}
    assert set(schemas["NotificationSettings"]["required"]) == set(SETTINGS)


def test_signed_out_clients_get_401(client):
    for method, path in (("GET", "/messages"), ("POST", "/messages/read-all"),
                         ("GET", "/account/notification-settings"), ("PUT", "/account/notification-settings")):
        assert Api(client).call(method, path, None).status_code == 401, path
