"""The web pages do what the API does, through the same services, in Chinese or English."""

from __future__ import annotations

import io
import re

from tests import walk
from tests.api_client import Api, application_form
from tests.factories import make_admin
from tests.web.browser_client import Browser, form_items
from tests.web.shown_text import problems
from webapp.demo.data import PASSWORD
from webapp.people.services import create_user

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_signed_out_visitors_are_sent_to_sign_in(app):
    response = Browser(app).get("/inbox")
    assert response.status_code == 302 and "/login?next=" in response.headers["Location"]


def test_an_official_typing_another_countys_task_url_gets_403(app, client):
    Api(client)
    walk.submit(Api(client))
    walk.endorse(Api(client))
    task = Api(client).only_task("qishan.official")
    browser = Browser(app)
    browser.login("meixian.official")
    response = browser.get(f"/tasks/{task['id']}")
    assert response.status_code == 403 and "不在您的管辖范围" in browser.text(response)
    refused = browser.post(f"/tasks/{task['id']}", {"decision": "reject", "comment": "越权"})
    assert refused.status_code == 403
    assert browser.get("/tasks/999999").status_code == 404
    assert Api(client).only_task("qishan.official")["id"] == task["id"]


def test_the_english_switch_changes_the_language(app):
    browser = Browser(app)
    browser.login("qishan.official")
    assert "我的待办" in browser.text(browser.get("/inbox"))
    switched = browser.get("/language/en?next=/inbox")
    assert switched.headers["Location"] == "/inbox"
    page = browser.text(browser.get("/inbox"))
    assert "My tasks" in page and "我的待办" not in page and 'lang="en"' in page
    browser.get("/language/zh?next=/inbox")
    assert "我的待办" in browser.text(browser.get("/inbox"))


def test_invalid_data_re_renders_with_field_errors_keeps_the_input_and_saves_nothing(app, client):
    api = Api(client)
    application = walk.submit(api)
    walk.endorse(api, decision="return", comment="请补充从业人员名册。")
    task = api.only_task(walk.APPLICANT)
    browser = Browser(app)
    browser.login(walk.APPLICANT)
    page = browser.text(browser.get(f"/tasks/{task['id']}"))
    assert "请补充从业人员名册。" in page and 'value="岐山臊子面师"' in page  # comment beside a prefilled form

    typed = application_form(brand_name="岐", practitioners="三千", trades="面点师（修改）")
    response = browser.post(f"/tasks/{task['id']}", form_items(typed))
    assert response.status_code == 422
    html = browser.text(response)
    assert re.search(r'id="f-brand_name-error">请至少输入 2 个字符', html)
    assert re.search(r'id="f-practitioners-error">应填写整数', html)
    assert 'value="三千"' in html and 'value="面点师（修改）"' in html
    assert api.only_task(walk.APPLICANT)["id"] == task["id"]
    unchanged = api.get(f"/applications/{application['id']}", walk.APPLICANT)["data"]
    assert unchanged["trades"] == "中式面点师"


def test_a_task_completed_by_someone_else_meanwhile_changes_nothing(app, client):
    create_user("qixing.deputy", PASSWORD, "岐星村副主任", roles=[("official", "610323101900")])
    api = Api(client)
    walk.submit(api)
    task = api.only_task(walk.VILLAGE)
    first, second = Browser(app), Browser(app)
    first.login(walk.VILLAGE)
    second.login("qixing.deputy")
    second.get(f"/tasks/{task['id']}")
    assert first.post(f"/tasks/{task['id']}", {"decision": "forward", "comment": "同意"}).status_code == 302
    late = second.post(f"/tasks/{task['id']}", {"decision": "return", "comment": "退回"})
    assert late.status_code == 302
    shown = second.text(second.get(late.headers["Location"]))
    assert "已不在待办状态" in shown and "本次操作未作任何更改" in shown
    events = api.get(f"/instances/{task['instance_id']}/events", "shaanxi.auditor")["items"]
    assert [e["decision"] for e in events if e["action"] == "task_completed"] == ["forward"]


def test_an_applicant_drafts_then_submits_with_an_attachment(app, client):
    browser = Browser(app)
    browser.login(walk.APPLICANT)
    form = browser.text(browser.get("/applications/new"))
    assert "陕西省 › 宝鸡市 › 岐山县 › 蔡家坡镇 › 岐星村" in form  # the region is picked from the unit's own county
    assert 'name="founded_on" type="date"' in form and 'name="development_plan"' in form
    bad_date = browser.post("/applications/new", [("founded_on", "2020-13-45"), ("action", "draft")])
    assert bad_date.status_code == 422 and "f-founded_on-error" in browser.text(bad_date)
    draft = browser.post("/applications/new", [("brand_name", "岐山面花师"), ("action", "draft")])
    assert draft.status_code == 302
    draft_page = browser.text(browser.get(draft.headers["Location"]))
    assert "草稿" in draft_page
    edit_url = re.search(r'href="(/applications/\d+/edit)"', draft_page).group(1)
    browser.get(edit_url)
    items = [*form_items(application_form(brand_name="岐山面花师")), ("action", "submit")]
    items.append(("attachments__upload", (io.BytesIO(PDF), "培训台账.pdf")))
    submitted = browser.post(edit_url, items, content_type="multipart/form-data")
    assert submitted.status_code == 302
    page = browser.text(browser.get(submitted.headers["Location"]))
    assert "审核中" in page and "村级推荐意见" in page and "培训台账.pdf" in page
    link = re.search(r'href="(/attachments/[0-9a-f]{64})"', page).group(1)
    download = browser.get(link)
    assert download.data == PDF
    download.close()


def test_administrators_create_and_deactivate_users_within_their_regions(app):
    make_admin("shaanxi.admin", "610000", "陕西省管理员")
    browser = Browser(app)
    browser.login("shaanxi.admin")
    browser.get("/admin/users/new")
    created = browser.post("/admin/users/new", {"username": "fengxiang.official", "display_name": "凤翔区经办人",
                                                "password": "a-long-password", "role": "official", "region": "610300"})
    assert created.status_code == 302
    outside = browser.post("/admin/users/new", {"username": "x.official", "password": "a-long-password",
                                                "role": "official", "region": "513322"})
    assert outside.status_code == 403
    listing = browser.text(browser.get("/admin/users?q=fengxiang"))
    user_url = re.search(r'href="(/admin/users/\d+)"', listing).group(1)
    browser.get(user_url)
    assert browser.post(f"{user_url}/status", {"active": "0"}).status_code == 302
    assert Browser(app).login("fengxiang.official", "a-long-password").status_code == 401

    assert Browser(app).login("qishan.official") and Browser(app).get("/admin/users").status_code == 302
    official = Browser(app)
    official.login("qishan.official")
    assert official.get("/admin/users").status_code == 403


def test_a_page_asked_with_the_wrong_method_says_which_methods_it_takes(app):
    response = app.test_client().put("/login")
    assert response.status_code == 405 and response.content_type.startswith("text/html")
    assert set(response.headers["Allow"].split(", ")) >= {"GET", "POST"}
    page = Browser.text(response)
    assert "不能这样使用这个页面" in page and problems(page) == [], problems(page)


def test_error_pages_speak_the_readers_language_never_werkzeugs(app):
    """Werkzeug's own descriptions ("The requested URL was not found on the server…") are English only."""
    browser = Browser(app)
    browser.login("admin")
    for path in ("/no-such-page", "/admin/calendar/1990", "/admin/editor/notes.txt"):
        response = browser.get(path)
        page = Browser.text(response)
        assert response.status_code == 404 and "没有找到这个页面" in page and "requested URL" not in page, path
        assert problems(page) == [], (path, problems(page))
    official = Browser(app)
    official.login("qishan.official")
    refused = official.get("/admin/processes")
    assert refused.status_code == 403 and problems(Browser.text(refused)) == []
    browser.client.set_cookie("lang", "en")
    english = Browser.text(browser.get("/no-such-page"))
    assert "There is no such page" in english and problems(english, chinese=False) == []
    answer = app.test_client().get("/api/v1/no-such-thing")
    assert answer.status_code == 404 and "requested URL" not in answer.get_json()["message"]
