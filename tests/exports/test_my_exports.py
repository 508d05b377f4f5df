"""我的导出: one's own exports of the last week, with their status in words, the time they were asked for
(with the year), their size and a download; older ones and other people's are neither listed nor served."""

from __future__ import annotations

import re
from datetime import timedelta

from tests.web.browser_client import Browser
from webapp import clock
from webapp.exports import services

ROW = re.compile(r'<tr data-list-row data-job="(\d+)" data-status="(\w+)">')


def _browser(app, username: str) -> Browser:
    browser = Browser(app)
    browser.client.set_cookie("lang", "en")
    browser.login(username)
    return browser


def _export(browser: Browser, fmt: str) -> str:
    browser.get("/library")
    response = browser.post("/library/exports", {"format": fmt})
    assert response.status_code == 302
    return response.headers["Location"].rsplit("/", 1)[1]


def _listed(browser: Browser) -> list[tuple[str, str]]:
    response = browser.get("/exports")
    assert response.status_code == 200
    return ROW.findall(Browser.text(response))


def test_my_exports_lists_the_weeks_files_with_status_time_size_and_download(app):
    official = _browser(app, "baoji.official")
    written = _export(official, "csv")
    with app.app_context():
        services.run_pending()
    clock.advance(timedelta(hours=1))
    queued = _export(official, "xlsx")
    assert _listed(official) == [(queued, "pending"), (written, "done")]  # newest first
    page = Browser.text(official.get("/exports"))
    assert "queued" in page and "ready" in page and "Resource library · CSV" in page
    assert re.search(r"2026-05-11 \d\d:\d\d", page)  # asked for: with the year
    assert re.search(r"\d+ bytes|[\d.]+ KB", page)
    assert f'href="/exports/{written}/file"' in page and f'href="/exports/{queued}"' in page
    assert 'data-list-total="2"' in page
    download = official.client.get(f"/exports/{written}/file")
    assert download.status_code == 200
    download.close()

    # Eight days on, the list is empty and neither page nor file is served any more.
    clock.advance(timedelta(days=8))
    assert _listed(official) == []
    for path in (f"/exports/{written}", f"/exports/{written}/file", f"/exports/{written}.json"):
        response = official.client.get(path)
        assert response.status_code == 404 and b"kept for a week" in response.get_data(), path


def test_another_persons_export_is_neither_listed_nor_downloadable(app):
    official = _browser(app, "baoji.official")
    job = _export(official, "csv")
    with app.app_context():
        services.run_pending()
    colleague = _browser(app, "qishan.official")
    assert _listed(colleague) == []
    assert "no export in the last 7 days" in Browser.text(colleague.get("/exports"))
    for path in (f"/exports/{job}", f"/exports/{job}/file", f"/exports/{job}.json"):
        assert colleague.client.get(path).status_code == 404, path
    assert _listed(official) == [(job, "done")]


def test_my_exports_reads_in_chinese_and_the_library_links_to_it(app):
    browser = Browser(app)
    browser.login("baoji.official")
    assert 'href="/exports"' in Browser.text(browser.get("/library"))
    _export(browser, "pdf")
    page = Browser.text(browser.get("/exports"))
    assert "我的导出" in page and "排队中" in page and "资源库 · PDF" in page
