"""The regions a picker offers: within a jurisdiction, named with their parents from the province down,
parents before children, each pointing to its parent when that is offered too (so that the page can
cascade level by level); the deepest levels are left out of a list that would grow too long."""

from __future__ import annotations

import pytest

from webapp.errors import Forbidden
from webapp.regions import picker


def test_a_citys_regions_are_named_with_their_parents_in_tree_order(app):
    with app.app_context():
        offered = picker.choices(["610300"])
        assert [(c.code, c.label, c.parent) for c in offered] == [
            ("610300", "陕西省 › 宝鸡市", ""),
            ("610323", "陕西省 › 宝鸡市 › 岐山县", "610300"),
            ("610323101", "陕西省 › 宝鸡市 › 岐山县 › 蔡家坡镇", "610323"),
            ("610323101900", "陕西省 › 宝鸡市 › 岐山县 › 蔡家坡镇 › 岐星村", "610323101"),
            ("610326", "陕西省 › 宝鸡市 › 眉县", "610300"),
        ]
        assert offered[1].name == "岐山县"


def test_below_only_levels_and_the_whole_country(app):
    with app.app_context():
        assert [c.code for c in picker.choices(["610323"], below_only=True)] == ["610323101", "610323101900"]
        assert [c.code for c in picker.choices(["610000"], levels=["county"])] == ["610323", "610326"]
        everything = picker.choices(None)
        assert everything[0].label == "中华人民共和国" and everything[0].parent == ""
        assert {c.label for c in everything if c.parent == "100000"} >= {"陕西省", "四川省", "广西壮族自治区"}
        assert picker.choices([]) == []


def test_a_long_list_leaves_out_its_deepest_levels(app, monkeypatch):
    monkeypatch.setattr(picker, "MAX_CHOICES", 10)
    with app.app_context():
        kept = picker.choices(None)
        assert len(kept) <= 10 and {c.code for c in kept} >= {"100000", "610000", "610300"}
        assert not any(len(c.code) > 6 for c in kept)  # no township or village
        monkeypatch.setattr(picker, "MAX_CHOICES", 1)
        assert [c.code for c in picker.choices(None)] == ["100000"]  # the highest level always stays


def test_a_filters_region_narrows_the_jurisdiction_and_one_outside_is_refused_by_name(app):
    with app.app_context():
        assert picker.narrowed(["610300"], "610323") == ["610323"]
        assert picker.narrowed(None, "513322") == ["513322"]
        with pytest.raises(Forbidden, match="泸定县"):
            picker.narrowed(["610300"], "513322")
        assert picker.unknown("") == [] and picker.unknown("610323") == []
        assert picker.unknown("999999") != []
