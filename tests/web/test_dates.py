"""Dates on the pages always carry their year ("11-28 00:00" could be any year's), in China time, through
the one filter `local_dt`; no template writes a format of its own."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest

from webapp.config import PROJECT_ROOT
from webapp.web.filters import SHOWN_AS, due_badge, local_dt

MOMENT = datetime(2026, 11, 27, 16, 0, 5, tzinfo=UTC)  # 28 November, midnight and 5 s in Beijing


def test_every_precision_shows_the_year_in_china_time():
    assert (local_dt(MOMENT), local_dt(MOMENT, "day"), local_dt(MOMENT, "second")) == (
        "2026-11-28 00:00", "2026-11-28", "2026-11-28 00:00:05")
    assert local_dt(None) == ""
    with pytest.raises(KeyError):
        local_dt(MOMENT, "%m-%d")  # a format of one's own is refused, not shown without its year


def test_a_due_date_shows_its_year(app):
    task = SimpleNamespace(due_at=MOMENT, status="ready")
    with app.test_request_context():
        assert "2026-11-28 00:00" in str(due_badge(task))


def test_no_template_formats_a_date_itself():
    templates = [path for path in (PROJECT_ROOT / "webapp").rglob("*.html") if "vendor" not in path.parts]
    used = {match for path in templates for match in re.findall(r"local_dt\(([^)]*)\)", path.read_text("utf-8"))}
    assert used <= {repr(key) for key in SHOWN_AS} | {f'"{key}"' for key in SHOWN_AS}, used
    own = [path.name for path in templates if re.search(r"strftime|%[mdHM]", path.read_text("utf-8"))]
    assert own == []
