"""The notification settings page: it shows the defaults, saves a person's choices in one go (and the
messages written from then on follow them), and refuses a bad address or a channel without its
address field by field, saving nothing."""

from __future__ import annotations

from sqlalchemy import select

from tests.messages.steps import tell
from tests.web.browser_client import Browser
from tests.web.shown_text import problems, shown_text
from webapp.db import session
from webapp.notifications.models import Delivery, NotificationSettings

GOOD = {"language": "en", "email": " wang@qishan.gov.cn ", "email_enabled": "1", "phone": "138 0013 8000",
        "webhook_enabled": "1"}


def _official(app) -> Browser:
    browser = Browser(app)
    browser.client.set_cookie("lang", "en")
    browser.login("qishan.official")
    return browser


def _saved() -> NotificationSettings | None:
    try:
        return session.scalar(select(NotificationSettings))
    finally:
        session.remove()


def test_the_page_shows_the_defaults_and_is_linked_from_the_account_and_the_messages(app):
    official = _official(app)
    page = official.text(official.get("/account/notifications"))
    assert 'name="language" value="zh" checked' in page and 'value="" ' in page
    assert 'id="email_enabled" name="email_enabled" value="1" >' in page
    assert 'href="/account/notifications"' in official.text(official.get("/account/tokens"))
    assert 'href="/account/notifications"' in official.text(official.get("/messages"))


def test_saving_keeps_the_choices_and_new_messages_follow_them(app):
    official = _official(app)
    saved = official.post("/account/notifications", GOOD, follow_redirects=True)
    assert "Your notification settings are saved." in official.text(saved)
    settings = _saved()
    assert (settings.language, settings.email, settings.email_enabled, settings.phone, settings.webhook_enabled,
            settings.daily_digest) == ("en", "wang@qishan.gov.cn", True, "13800138000", True, False)
    page = official.text(official.get("/account/notifications"))
    assert 'value="wang@qishan.gov.cn"' in page and 'name="language" value="en" lang="en" checked' in page
    (message,) = tell("qishan.official")
    deliveries = session.scalars(select(Delivery).where(Delivery.message_id == message)).all()
    assert sorted((d.channel, d.address) for d in deliveries) == [
        ("email", "wang@qishan.gov.cn"), ("webhook", "13800138000")]
    session.remove()
    official.post("/account/notifications", {"language": "zh", "email": "wang@qishan.gov.cn"})  # boxes unticked
    assert (_saved().email_enabled, _saved().webhook_enabled, _saved().email) == (False, False, "wang@qishan.gov.cn")


def test_a_bad_address_or_a_channel_without_one_is_refused_next_to_its_field(app):
    official = _official(app)
    for change, field, message in (
            ({"email": "wang@qishan"}, "email", "This is not an e-mail address; write it as name@example.gov.cn."),
            ({"email": ""}, "email", "Enter your e-mail address to receive e-mails."),
            ({"phone": "12345"}, "phone", "Enter a mainland mobile number: 11 digits beginning with 13 to 19"),
            ({"phone": "+86 10 1234 5678"}, "phone", "Enter a mainland mobile number"),
            ({"phone": ""}, "phone", "Enter your mobile phone number to receive text or robot messages."),
            ({"language": "fr"}, "language", "Choose 中文 or English.")):
        response = official.post("/account/notifications", {**GOOD, **change})
        page = official.text(response)
        assert response.status_code == 422, change
        assert f'<p class="field-error" id="{field}-error">{message}' in page, change
        assert "Please correct the fields marked below; nothing was saved." in page
        if field != "language":
            assert f'aria-invalid="true" aria-describedby="{field}-error"' in page
    kept = official.text(official.post("/account/notifications", {**GOOD, "email": "wang@qishan"}))
    assert 'value="wang@qishan"' in kept and 'value="138 0013 8000"' in kept  # what was typed stays
    assert _saved() is None


def test_the_chinese_page_names_the_channels_in_plain_words(app):
    official = Browser(app)
    official.login("qishan.official")
    html = official.text(official.get("/account/notifications"))
    assert "通过短信/群机器人通知我" in html and "仅适用于电子邮件和短信/群机器人" in html
    assert not [piece for piece in shown_text(html) if "webhook" in piece.lower()]
    assert problems(html) == []
