"""Reading submitted data as people do, and the field-by-field changes between two submissions."""

from __future__ import annotations

from webapp.config import PROJECT_ROOT
from webapp.history.values import Change, Reader, changes
from webapp.taskforms import read_directory

FORMS = read_directory(PROJECT_ROOT / "forms")


def reader(key: str | None, locale: str = "zh") -> Reader:
    form = FORMS[key] if key else None
    return Reader(form, locale, user_name=lambda uid: f"用户{uid}", region_name=lambda code: f"区划{code}")


def test_values_follow_the_form_order_with_labels_options_and_nested_paths():
    values = reader("application").values({
        "integrity_pledge": True, "brand_name": "岐山臊子面师", "brand_type": "高品质服务型",
        "base_region": "610323101900", "certificates": {"skill_level": 800},
        "representatives": [{"role": "传承人", "name": "张秀英"}],
        "attachments": [{"id": "ab" * 32, "name": "培训台账.pdf"}]})
    assert [(v.path, v.label, v.text) for v in values] == [
        ("brand_name", "品牌名称", "岐山臊子面师"),
        ("brand_type", "品牌类型", "高品质服务型"),
        ("base_region", "品牌所在地", "区划610323101900"),
        ("certificates/skill_level", "从业人员持证情况（人） › 职业技能等级证书", "800"),
        ("representatives/0/role", "代表人物 1 › 身份", "传承人"),
        ("representatives/0/name", "代表人物 1 › 姓名", "张秀英"),
        ("integrity_pledge", "诚信经营承诺", "是"),
        ("attachments", values[-1].label, "培训台账.pdf"),
    ]
    assert values[-1].attachments == (("ab" * 32, "培训台账.pdf"),)


def test_english_labels_and_option_names_come_from_the_ui_file():
    values = reader("intake_review", "en").values({"decision": "accept", "experts": [7, 9]})
    assert [(v.label, v.text) for v in values] == [("Decision", "Accept and send to experts"),
                                                    ("Experts", "用户7、用户9")]


def test_changes_name_changed_added_and_removed_fields_only():
    read = reader("application")
    before = read.values({"brand_name": "岐山臊子面师", "trained_this_year": 410,
                          "representatives": [{"role": "传承人", "name": "张秀英"}], "trademark_no": "第1号"})
    after = read.values({"brand_name": "岐山臊子面师", "trained_this_year": 900,
                         "representatives": [{"role": "传承人", "name": "张秀英"}, {"role": "领军人", "name": "李强"}]})
    assert changes(before, after) == [
        Change("本年度培训人数（人次）", "410", "900"),
        Change("代表人物 2 › 身份", None, "领军人"),
        Change("代表人物 2 › 姓名", None, "李强"),
        Change("商标注册号", "第1号", None),
    ]
    assert changes(after, after) == []


def test_data_without_a_form_is_still_readable():
    values = reader(None).values({"reason": "诚信问题", "levels": ["county", "city"], "note": None})
    assert [(v.label, v.text) for v in values] == [("reason", "诚信问题"), ("levels", "county、city"), ("note", "")]

