"""Brand names are compared as people read them: invisible characters and compatibility forms do
not make a second brand that looks like the first."""

from __future__ import annotations

import pytest

from tests import walk
from tests.api_client import Api, application_form
from webapp.applications.naming import canonical_name


def test_invisible_and_compatibility_characters_do_not_change_a_name():
    assert canonical_name("西岐名吃\u200b") == "西岐名吃"
    assert canonical_name("\ufeff西岐\u202e名吃\u2069") == "西岐名吃"
    assert canonical_name("  岐山　臊子面师 ") == "岐山 臊子面师"
    assert canonical_name("ＸＩＱＩ名吃") == "XIQI名吃"


@pytest.mark.parametrize("lookalike", ["西岐名吃\u200b", "\u200d西岐名吃", "西岐\u202e名吃", "西岐名吃\ufeff"])
def test_a_lookalike_of_a_brand_under_review_is_the_same_brand(client, lookalike):
    api = Api(client)
    walk.submit(api, brand_name="西岐名吃")
    again = api.post("/applications", walk.APPLICANT, {"data": application_form(brand_name=lookalike)}, expect=422)
    assert "西岐名吃 already has an application under review" in again["field_errors"]["brand_name"][0]
