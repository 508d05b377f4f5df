"""A bidi override typed into a form stays inside its value: on the pages and in the audit report
PDF, the text printed after it keeps its order."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from tests import walk
from tests.api_client import Api
from tests.web.browser_client import Browser
from webapp.bidi import isolate

OVERRIDE = "\u202e"
COMMENT = f"同意{OVERRIDE}ABC"


def test_only_text_with_bidi_controls_is_isolated():
    assert isolate(COMMENT) == f"\u2068{COMMENT}\u2069"
    assert isolate("同意推荐 ABC") == "同意推荐 ABC"
    assert isolate(42) == 42


def test_an_override_in_a_value_does_not_reverse_what_follows_it(app, client, tmp_path: Path):
    api = Api(client)
    application = walk.submit(api, trades=f"面点{OVERRIDE}师")
    walk.endorse(api, comment=COMMENT)
    official = Browser(app)
    official.login("qishan.official")
    page = official.text(official.get(f"/brands/{application['brand_id']}/history"))
    assert f"\u2068{COMMENT}\u2069" in page and f"\u2068面点{OVERRIDE}师\u2069" in page

    report = official.client.get(f"/brands/{application['brand_id']}/history.pdf")
    path = tmp_path / "report.pdf"
    path.write_bytes(report.data)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    # Each value is isolated in its own cell of the data table: the override cannot reverse the fields after it.
    assert "主要工种面点师品牌创立时间2008-05-01" in re.sub(r"\s+", "", text)
