"""taskforms.validation on its own: a form made from two documents, data checked field by field. No app,
no database."""

from __future__ import annotations

import pytest

from webapp.errors import Invalid
from webapp.taskforms.catalog import make_form
from webapp.taskforms.validation import attachment_ids, check_references, validate

SCHEMA = {
    "type": "object",
    "required": ["decision", "comment"],
    "properties": {
        "decision": {"type": "string", "enum": ["forward", "return"]},
        "comment": {"type": "string", "minLength": 2, "maxLength": 20},
        "workers": {"type": "integer", "minimum": 0},
        "experts": {"type": "array", "items": {"type": "integer"}, "x-pick-users": {"role": "expert"}},
        "files": {"type": "array", "items": {"type": "object"}, "x-attachments": True},
    },
}
FORM = make_form("probe", SCHEMA, {})


def _refusal(data: object, *, partial: bool = False) -> dict[str, list]:
    with pytest.raises(Invalid) as refused:
        validate(FORM, data, partial=partial)
    return refused.value.field_errors


def test_data_that_fits_comes_back_unchanged():
    data = {"decision": "forward", "comment": "同意推荐", "workers": 12}
    assert validate(FORM, data) == data


def test_each_wrong_field_gets_its_own_error_and_a_missing_one_is_named():
    errors = _refusal({"decision": "maybe", "workers": -1})
    assert set(errors) == {"decision", "workers", "comment"}


def test_data_that_is_not_an_object_is_refused_as_a_whole():
    assert set(_refusal(["forward"])) == {""}


def test_a_draft_may_leave_required_fields_out_but_not_fill_them_wrongly():
    assert validate(FORM, {"comment": "", "workers": 3}, partial=True) == {"workers": 3}
    assert set(_refusal({"workers": "many"}, partial=True)) == {"workers"}


def test_picked_users_outside_the_pool_and_foreign_attachments_are_named_by_position():
    data = {"experts": [7, 8], "files": [{"id": "a"}, {"id": "b"}]}
    with pytest.raises(Invalid) as refused:
        check_references(FORM, data, user_pool=lambda role: {7} if role == "expert" else set(),
                         attachment_usable=lambda attachment: attachment == "a")
    assert set(refused.value.field_errors) == {"experts/1", "files/1"}
    check_references(FORM, {"experts": [7], "files": [{"id": "a"}]}, user_pool=lambda role: {7},
                     attachment_usable=lambda attachment: True)


def test_attachment_ids_are_read_from_the_file_fields_only():
    assert attachment_ids(FORM, {"files": [{"id": "x"}, {"id": 5}], "comment": "id"}) == ["x", "5"]
