"""auth.permissions on its own: who may act, read and administer, on primitives only (DESIGN.md §4)."""

from __future__ import annotations

from webapp.auth import permissions

SHAANXI, BAOJI, QISHAN, MEIXIAN = "610000", "610300", "610323", "610326"
QISHAN_PATH = ["100000", SHAANXI, BAOJI, QISHAN]
UNIT = "unit:3"


def test_an_official_acts_on_his_groups_tasks_at_his_own_region_only():
    roles = [("official", QISHAN)]
    assert permissions.may_act(roles, [], group="official", region_code=QISHAN, owner_key=None)
    assert not permissions.may_act(roles, [], group="official", region_code=MEIXIAN, owner_key=None)
    assert not permissions.may_act(roles, [], group="official", region_code=BAOJI, owner_key=None)
    assert not permissions.may_act(roles, [], group="expert", region_code=QISHAN, owner_key=None)
    assert not permissions.may_act(roles, [], group="official", region_code=None, owner_key=None)


def test_a_creation_unit_acts_on_its_own_cases_and_read_only_roles_never_act():
    assert permissions.may_act([], [UNIT], group="applicant", region_code=QISHAN, owner_key=UNIT)
    assert not permissions.may_act([], [UNIT], group="applicant", region_code=QISHAN, owner_key="unit:4")
    assert not permissions.may_act([("auditor", QISHAN)], [], group="auditor", region_code=QISHAN, owner_key=None)


def test_reading_reaches_down_the_tree_and_a_unit_reads_only_its_own():
    assert permissions.may_read([("official", BAOJI)], [], region_path=QISHAN_PATH, owner_key=UNIT)
    assert not permissions.may_read([("official", MEIXIAN)], [], region_path=QISHAN_PATH, owner_key=UNIT)
    assert permissions.may_read([("applicant", QISHAN)], [UNIT], region_path=QISHAN_PATH, owner_key=UNIT)
    assert not permissions.may_read([("applicant", QISHAN)], ["unit:4"], region_path=QISHAN_PATH, owner_key=UNIT)
    assert permissions.reading_regions([("applicant", QISHAN), ("auditor", SHAANXI)]) == {SHAANXI}


def test_a_copied_decision_lets_its_recipient_read_the_case_but_not_act():
    assert permissions.may_read_case([("official", MEIXIAN)], [], region_path=QISHAN_PATH, owner_key=None,
                                     copied=True)
    assert not permissions.may_read_case([("official", MEIXIAN)], [], region_path=QISHAN_PATH, owner_key=None)


def test_only_an_official_strictly_above_the_waiting_region_urges():
    assert permissions.urges_from_above([("official", BAOJI)], waiting_path=QISHAN_PATH)
    assert not permissions.urges_from_above([("official", QISHAN)], waiting_path=QISHAN_PATH)
    assert not permissions.urges_from_above([("official", MEIXIAN)], waiting_path=QISHAN_PATH)
    assert not permissions.urges_from_above([("auditor", SHAANXI)], waiting_path=QISHAN_PATH)


def test_separation_of_duties():
    assert permissions.reviewed_at_other_level(["county", None], "city")
    assert not permissions.reviewed_at_other_level(["city", None], "city")
    assert permissions.reviews_own_case([UNIT], owner_key=UNIT, acted_as_applicant=False)
    assert permissions.reviews_own_case([], owner_key=UNIT, acted_as_applicant=True)
    assert not permissions.reviews_own_case(["unit:4"], owner_key=UNIT, acted_as_applicant=False)


def test_an_attachment_belongs_to_its_case_once_bound_and_to_its_uploader_before():
    assert permissions.may_reference_attachment(1, uploaded_by_id=2, bound_to="case:5", case="case:5")
    assert not permissions.may_reference_attachment(2, uploaded_by_id=2, bound_to="case:5", case="case:6")
    assert permissions.may_reference_attachment(2, uploaded_by_id=2, bound_to=None, case="case:6")
    assert not permissions.may_reference_attachment(1, uploaded_by_id=2, bound_to=None, case="case:6")


def test_an_administrator_grants_at_or_below_his_regions():
    assert permissions.may_administer([BAOJI], QISHAN_PATH)
    assert not permissions.may_administer([MEIXIAN], QISHAN_PATH)
