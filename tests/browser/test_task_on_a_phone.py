"""The task page on a phone (390×844): the decision form comes after the whole case, so a link at the
top and a button that stays in sight lead down to it; the page never scrolls sideways. Saves
tests/artifacts/task-phone.png."""

from __future__ import annotations

from tests import walk
from tests.api_client import Api
from tests.browser.conftest import screenshot, until
from tests.browser.test_walk import close, sign_in


def _in_sight(page, selector: str) -> bool:
    return page.evaluate(f"""() => {{ const box = document.querySelector({selector!r}).getBoundingClientRect();
        return box.top < window.innerHeight && box.bottom > 0; }}""")


def test_on_a_phone_the_decision_form_is_one_tap_away(client, live_server, browser):
    api = Api(client)
    walk.submit(api)
    walk.endorse(api)
    task = api.only_task("qishan.official")
    page = sign_in(browser, live_server, "qishan.official")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server}/tasks/{task['id']}")
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    assert page.evaluate("document.getElementById('decide').getBoundingClientRect().top") > 1500
    jump = page.locator(".jump-decide")
    assert jump.is_visible() and jump.inner_text() == "去办理 ↓" and _in_sight(page, ".jump-decide")
    sticky = page.locator(".decide-sticky")
    assert sticky.is_visible() and sticky.inner_text() == "办理"
    screenshot(page, "task-phone")

    jump.click()
    until(page, "document.getElementById('decide').getBoundingClientRect().top < 100")
    assert _in_sight(page, "#decide input[name=decision]")
    page.wait_for_selector(".decide-sticky.is-hidden", state="attached")
    assert not sticky.is_visible()  # steps aside while the form is in sight

    page.evaluate("window.scrollTo(0, 0)")
    page.wait_for_selector(".decide-sticky:not(.is-hidden)")
    sticky.click()
    until(page, "document.getElementById('decide').getBoundingClientRect().top < 100")
    assert page.evaluate("window.scrollX") == 0
    close(page)


def test_on_a_wide_screen_the_form_stands_beside_the_case_without_the_phone_links(client, live_server, browser):
    api = Api(client)
    walk.submit(api)
    walk.endorse(api)
    page = sign_in(browser, live_server, "qishan.official")
    page.goto(f"{live_server}/tasks/{api.only_task('qishan.official')['id']}")
    assert not page.locator(".jump-decide").is_visible() and not page.locator(".decide-sticky").is_visible()
    assert _in_sight(page, "#decide")
    close(page)
