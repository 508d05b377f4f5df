"""The dashboard on the demo data (`brandcert demo`'s cases and targets): for each province's auditor,
the brands by level, type and child region, the county coverage and the targets equal what is counted
here from the database rows."""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import select

from tests.library.test_dashboard import _active, _by_region, _json, _table, _under
from webapp.applications.models import Brand
from webapp.db import session
from webapp.demo import scenario
from webapp.library.models import PolicyTarget
from webapp.regions.models import Region

LEVEL_NAMES = (("nation", "国家"), ("province", "省"), ("city", "市"), ("county", "县"))


@pytest.mark.parametrize(("auditor", "province", "recognized"), [
    ("shaanxi.auditor", "610000", 1),  # 西岐名吃, recognized by the county and the city
    ("sichuan.auditor", "510000", 0), ("guangxi.auditor", "450000", 0),  # their demo cases are still in review
])
def test_each_count_equals_the_demo_rows(app, auditor: str, province: str, recognized: int):
    with app.app_context():
        scenario.load_cases()
    data = _json(app, auditor)
    assert data["region"]["code"] == province
    with app.app_context():
        entries = _active(province)
        for level, name in LEVEL_NAMES:
            row = next(r for r in _table(data, "levels") if name in r[0] and "乡" not in r[0])
            assert row[1] == len({e.brand_id for e in entries if e.level == level}), (level, row)
        types = Counter(session.get(Brand, b).brand_type for b in {e.brand_id for e in entries})
        assert {r[0]: r[1] for r in _table(data, "types")} == {
            kind: types.get(kind, 0) for kind in ("中高端技能型", "高品质服务型", "文化和旅游类", "民生保障型")}
        children = session.scalars(select(Region).where(Region.parent_code == province)).all()
        active = {e.brand_id for e in entries}
        assert _by_region(data, "regions") == {
            child.code: len(active & _under(child.code)) for child in children}
        counties = [r for r in session.scalars(select(Region).where(Region.level == "county"))
                    if province in r.ancestor_codes]
        assert {r[0]: r[1] for r in _table(data, "coverage")} == {
            county.name: len(active & _under(county.code)) for county in counties}
        assert sum(r[1] for r in _table(data, "regions")) == len(active) == recognized
        targets = session.scalars(select(PolicyTarget)).all()
        assert len(targets) >= 11  # Jilin 3, Baoji 6, Guangxi 2
