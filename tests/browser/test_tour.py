"""A tour of every page as each kind of user, in Chinese and English, on a desktop (1440×900) and a
phone (390×844), with the demo's cases, tasks, certificates and spot checks, and lists five rows a
page so that every pager is walked.

A role's test fails with every problem it met (tests/browser/tour_pages.py says what counts): on a
Chinese page an internal key, a code or an English word; on an English page a key or a code; a list
whose count exceeds the rows its pager reaches; a page wider than the window; a console or page
error, a server error, or a link that leads to a refusal. Full-page screenshots go to
tests/artifacts/tour/<role>-<lang>-<width>-<page>.png and the findings of the run, grouped by kind
and page, to tests/artifacts/tour/findings.md."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from tests.browser.conftest import ARTIFACTS, serving
from tests.browser.tour_pages import Combo, Tour
from tests.browser.tour_report import Findings, failure_message
from tests.conftest import ON_POSTGRES, PINNED_NOW, configured_app, copy_of_template
from webapp import clock, engine, worker
from webapp.auth.models import User
from webapp.db import session
from webapp.demo import scenario
from webapp.review import services as tasks
from webapp.spotcheck.models import SpotCheck

pytestmark = pytest.mark.skipif(ON_POSTGRES, reason="the tour judges what pages show, which no database changes; "
                                "it runs once, on SQLite, so that the PostgreSQL run stays short")

SHOTS = ARTIFACTS / "tour"
WIDTHS = [(1440, 900), (390, 844)]
CHINESE, ENGLISH = ([Combo(lang, *size) for size in WIDTHS] for lang in ("zh", "en"))
"""The Chinese pass crawls; the English one revisits the pages it found."""
ROLES = {
    "visitor": None,  # not signed in: sign-in and certificate verification
    "unit": "luzhai.unit",  # one application returned for revision, one in review
    "village": "zhaisha.official",  # that application's village recommendation waits
    "county": "qishan.official",  # recognized 西岐名吃, its library and history; sent its spot check on
    "city": "baoji.official",  # recognized it too; runs this year's spot check campaign
    "province": "shaanxi.official",  # its experts are scoring 西岐名吃
    "expert": "shaanxi.expert1",  # with that scoring task
    "inspector": "qishan.inspector",  # with that spot check
    "auditor": "shaanxi.auditor",
    "admin": "admin",
}


@pytest.fixture(scope="module")
def demo_site(template_db: str, keys_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The test world with the demo's cases on top, lists paged by five, served for the whole module.
    Set up before the browser (the test names it first): signing certificates runs its own event loop."""
    directory = tmp_path_factory.mktemp("tour")
    with copy_of_template(template_db, directory) as url:
        # the browser keeps scripts and styles between pages instead of asking for each again
        app = configured_app(url, directory, keys_dir, PAGE_SIZE=5, AUDIT_WITNESS=directory / "witness.jsonl",
                             SEND_FILE_MAX_AGE_DEFAULT=3600)
        clock.set_now(PINNED_NOW)
        with app.app_context():
            scenario.load_cases()
            worker.run_once()  # as after `brandcert demo`: the spot checks started, the certificates signed
            _send_the_spot_check_to_the_inspector()
        with serving(app) as base:
            yield base


def _send_the_spot_check_to_the_inspector() -> None:
    """Qishan's official hands this year's spot check to the county's inspector: the inspector has a task."""
    check = session.scalars(select(SpotCheck)).one()
    people = {u.username: u for u in session.scalars(select(User).where(
        User.username.in_(("qishan.official", "qishan.inspector"))))}
    assign = engine.open_tasks(check.instance_id or 0)[0]
    tasks.complete_task(assign.id, {"method": "phone", "inspector": people["qishan.inspector"].id},
                        actor=people["qishan.official"])


@pytest.fixture(scope="module")
def findings() -> Iterator[Findings]:
    """Every role's problems, written to the findings file once the module's roles have run."""
    shutil.rmtree(SHOTS, ignore_errors=True)
    SHOTS.mkdir(parents=True)
    run = Findings()
    started = time.monotonic()
    yield run
    run.write(SHOTS / "findings.md", f"tests/browser/test_tour.py, {time.strftime('%Y-%m-%d %H:%M')}, "
              f"{time.monotonic() - started:.0f} s")


@pytest.mark.parametrize("role", ROLES)
def test_every_page_speaks_the_readers_language_and_every_list_is_reachable(
        role: str, demo_site: str, browser: Any, findings: Findings) -> None:
    tour = Tour(browser, demo_site, role, ROLES[role], SHOTS, findings.read)
    tour.crawl(CHINESE)
    tour.revisit(ENGLISH)
    findings.add(role, tour)
    if tour.problems:
        pytest.fail(failure_message(role, tour.problems), pytrace=False)
