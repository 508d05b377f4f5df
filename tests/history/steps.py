"""Getting a case to where the history tests need it."""

from __future__ import annotations

from typing import Any

from tests import walk
from tests.api_client import Api, application_form
from webapp.worker import issue_pending_certificates


def recognized_after_one_revision(api: Api) -> dict[str, Any]:
    """Returned by the county once, revised, recognized up to the nation, its four certificates signed: finished."""
    # The unit raises its training figure in the revision; returns the application as its unit reads it.
    application = walk.submit(api)
    instance_id = application["instance_id"]
    walk.endorse(api)
    walk.intake(api, "county", decision="return", comment="请补充本年度培训台账。")
    revise = api.only_task(walk.APPLICANT)
    api.complete(walk.APPLICANT, revise["id"], application_form(trained_this_year=900))
    for level in ("county", "city", "province"):
        walk.recognize_at(api, level, instance_id)
    walk.select_nationally(api)
    with api.client.application.app_context():
        assert issue_pending_certificates() == 4
    return api.get(f"/applications/{application['id']}", walk.APPLICANT)
