"""The resource library in the real browser: a city official filters it, asks for an Excel export,
watches the progress page (its script polls the job) turn into a download when the worker has written
the file. Saves screenshots of the library and of the finished export under tests/artifacts/."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from tests.browser.conftest import screenshot
from tests.browser.test_walk import close, sign_in
from tests.library import world
from webapp.worker import run_once


def _in_thread(work: Callable[[], Any]) -> None:
    """Certificates are signed with asyncio.run, which must not meet Playwright's loop in this thread."""
    failures: list[BaseException] = []

    def run() -> None:
        try:
            work()
        except BaseException as error:  # handed back to the test
            failures.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=120)
    assert not failures, failures


def _with_context(app: Any, work: Callable[[], Any]) -> Any:
    """The worker's steps read the app's settings: they run in its context, as `brandcert worker` runs them."""
    with app.app_context():
        return work()


def test_a_city_official_reads_the_library_and_downloads_it_as_excel(app, client, live_server, browser):
    _in_thread(lambda: world.build(client))
    page = sign_in(browser, live_server, "baoji.official")
    page.click("a[href='/library']")
    page.wait_for_load_state("networkidle")
    assert page.locator("#library-rows tbody tr").count() == 2
    screenshot(page, "library")
    page.fill("#f-q", "擀面")
    page.click("#library-filters button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert [page.locator("#library-rows tbody tr").first.get_attribute("data-brand")] == [world.WITHDRAWN]
    page.click("#library-export button[data-format=xlsx]")
    page.wait_for_load_state("networkidle")
    assert page.locator("#export-file").is_hidden()
    _in_thread(lambda: _with_context(app, run_once))
    page.locator("#export-file").wait_for(state="visible", timeout=10_000)
    assert page.locator("#export-job").get_attribute("data-status") == "done"
    with page.expect_download() as download:
        page.click("#export-file")
    assert download.value.suggested_filename.endswith(".xlsx")
    screenshot(page, "library-export")
    close(page)
