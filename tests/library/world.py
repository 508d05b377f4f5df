"""A small library built through the API as the Shaanxi demo people work: two brands of 岐山 recognized
at county level, the second then withdrawn by its unit (the exit procedure) so that it shows as exited."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tests import walk
from tests.api_client import Api
from tests.spotcheck import steps

KEPT, WITHDRAWN = "岐山面匠", "岐山擀面皮师"


@dataclass(frozen=True)
class Library:
    api: Api
    kept_id: int
    withdrawn_id: int


def build(client: Any) -> Library:
    api = Api(client)
    kept_id = steps.recognized_at_county(api, KEPT)
    withdrawn_id = steps.recognized_at_county(api, WITHDRAWN)
    steps.work(api)  # signs the certificates
    api.post(f"/brands/{withdrawn_id}/withdrawal", walk.APPLICANT, {"reason": "企业转型，主动申请退出。"},
             expect=201)
    steps.decide(api, steps.CITY, WITHDRAWN, "propose_exit", "同意自愿退出。")
    return Library(api, kept_id, withdrawn_id)
