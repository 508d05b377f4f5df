"""Getting cases to where the operations tests need them."""

from __future__ import annotations

from tests import walk
from tests.api_client import Api


def four_cases(api: Api) -> dict[str, int]:
    """Four cases: recognized at the nation, returned for revision, rejected, waiting on a notice."""
    finished = walk.submit(api, brand_name="岐山面食师")["instance_id"]
    walk.endorse(api)
    for level in ("county", "city", "province"):
        walk.recognize_at(api, level, finished)
    walk.select_nationally(api)
    returned = walk.submit(api, brand_name="岐山擀面皮师")["instance_id"]
    walk.endorse(api, decision="return", comment="请补充材料。")
    rejected = walk.submit(api, brand_name="岐山锅盔师")["instance_id"]
    walk.endorse(api)
    walk.intake(api, "county", decision="reject", comment="不符合条件。")
    noticed = walk.submit(api, brand_name="岐山面花师")["instance_id"]
    walk.endorse(api)
    walk.intake(api, "county")
    walk.score(api, "county")
    walk.decide(api, "county")
    return {"finished": finished, "returned": returned, "rejected": rejected, "noticed": noticed}
