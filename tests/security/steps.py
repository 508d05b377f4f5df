"""Getting cases with hostile values to where the security tests need them."""

from __future__ import annotations

from typing import Any

from tests import walk
from tests.api_client import Api
from webapp.worker import issue_pending_certificates

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
NAME = f'=HYPERLINK("x"){SCRIPT}'
"""40 characters, the most a brand name may have: a spreadsheet formula and a script."""
COMMENT = f"{IMG} 属实 {SCRIPT}"


def hostile_brand(api: Api) -> dict[str, Any]:
    """A markup-named brand recognized and certified at the county; a second one waits for the county's intake."""
    # Markup in its name and fields, and in the village's comment.
    markup = {"brand_name": NAME, "trades": IMG, "leading_enterprise": SCRIPT, "development_plan": COMMENT,
              "representatives": [{"role": "传承人", "name": IMG, "intro": COMMENT}]}
    application = walk.submit(api, **markup)
    walk.endorse(api, comment=COMMENT)
    walk.recognize_at(api, "county", application["instance_id"], then="keep")
    with api.client.application.app_context():
        assert issue_pending_certificates() == 1
    waiting = walk.submit(api, **{**markup, "brand_name": f"岐山{SCRIPT}"})
    walk.endorse(api, comment=COMMENT)
    task = api.only_task("qishan.official")
    return {"application": application, "waiting": waiting, "task": task}
