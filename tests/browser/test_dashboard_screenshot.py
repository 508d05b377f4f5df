"""The dashboard in a real browser with the demo data: Baoji's official sees the targets with their
progress bars and a drawn chart above each table, and picks one of its counties; the masthead's links
(the user's name, my exports) read white on the red bar like the rest of it. The screenshot is saved
under tests/artifacts/."""

from __future__ import annotations

from tests.browser.conftest import screenshot
from tests.browser.test_walk import close, sign_in
from webapp.demo import scenario


def _look(page, selector: str) -> list[str]:
    return page.evaluate("(selector) => { const style = getComputedStyle(document.querySelector(selector));"
                         " return [style.color, style.textDecorationLine]; }", selector)


def test_the_city_official_sees_targets_charts_and_tables_with_the_demo_data(app, live_server, browser):
    with app.app_context():
        scenario.load_cases()
    page = sign_in(browser, live_server, "baoji.official")
    page.goto(f"{live_server}/dashboard")
    page.wait_for_load_state("networkidle")
    assert page.locator(".target-row progress").count() == 6  # Baoji's six targets
    drawn = page.evaluate("() => [...document.querySelectorAll('canvas[data-chart]')]"
                          ".map(c => window.Chart && Chart.getChart(c) ? 1 : 0)")
    assert drawn and all(drawn), drawn  # every chart drawn: Chart.js and dashboard.js loaded under the CSP
    assert "岐山县" in page.inner_text("#section-coverage")
    for link in (".whoami a.who", ".whoami a.my-exports"):
        assert _look(page, link) == ["rgb(255, 255, 255)", "none"], link
        page.hover(link)
        assert _look(page, link)[1] == "underline", link
    screenshot(page, "dashboard-baoji")
    page.select_option("#region", "610323")  # down to one of the city's counties
    page.click("#dashboard-filters button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.locator("#dashboard-as-of").get_attribute("data-region") == "610323"
    close(page)
