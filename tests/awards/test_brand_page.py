"""The brand page shows each award of the brand's own regions (its region and those above it) as
eligible or not, with the amount and the matched rule's annotation as the reason, decided from the
brand's latest application; another city's or county's award is not listed at all."""

from __future__ import annotations

import re

from tests import walk
from tests.api_client import Api, application_form
from tests.web.browser_client import Browser


def award_rows(page: str) -> dict[str, tuple[str, str, str]]:
    """decision id -> (eligible yes/no, amount cell, because cell) from the awards card."""
    rows = re.findall(r'<tr data-award="([a-z_]+)" data-eligible="(yes|no)">(.*?)</tr>', page, re.S)
    return {award: (eligible, re.search(r'class="amount">(.*?)</td>', body, re.S).group(1).strip(),
                    re.search(r'class="because">(.*?)</td>', body, re.S).group(1).strip())
            for award, eligible, body in rows}


def test_the_brand_page_says_which_awards_apply_and_why(app, client):
    application = walk.submit(Api(client), agreement_workers=500, trained_this_year=30, training_days=5,
                              allowance_paid_this_year=False, placed_persons=40, contract_months=11,
                              social_insurance=True)
    unit = Browser(app)
    unit.login(walk.APPLICANT)
    page = unit.text(unit.get(f"/brands/{application['brand_id']}"))
    rows = award_rows(page)
    assert rows["award_baoji_absorption"] == ("yes", "¥300,000",
                                              "吸纳签约劳动者不少于500人，可获一次性奖补，最高30万元")
    assert rows["award_training_allowance"] == ("yes", "¥7,500", "本年度首次申领，按每人每天50元给予培训期间生活费补贴")
    assert "award_luding_placement" not in rows  # 泸定县's subsidy: 岐山 is not in 泸定


def test_an_application_without_the_optional_award_fields_reads_as_not_eligible(app, client):
    application = walk.submit(Api(client), brand_name="岐山擀面皮师", agreement_workers=499)
    unit = Browser(app)
    unit.login(walk.APPLICANT)
    rows = award_rows(unit.text(unit.get(f"/brands/{application['brand_id']}")))
    assert rows["award_baoji_absorption"][:2] == ("no", "—") and "不足500人" in rows["award_baoji_absorption"][2]
    assert rows["award_training_allowance"][0] == "no"


def test_a_luding_brand_gets_the_placement_subsidy_with_a_one_year_insured_contract(app, client):
    form = application_form(brand_name="泸定红军桥导游", base_region="513322101900", placed_persons=40,
                            contract_months=12, social_insurance=True)
    application = Api(client).post("/applications", "hongcheng.unit", {"data": form}, expect=201)
    unit = Browser(app)
    unit.login("hongcheng.unit")
    rows = award_rows(unit.text(unit.get(f"/brands/{application['brand_id']}")))
    assert rows["award_luding_placement"] == ("yes", "¥12,000",
                                              "签订1年以上劳动合同并参加社会保险，按每人300元给予补助")
    assert "award_baoji_absorption" not in rows


def test_a_guangxi_brand_is_shown_only_the_awards_that_reach_its_region(app, client):
    form = application_form(brand_name="鹿寨螺蛳粉师", base_region="450223103204", trained_this_year=30,
                            training_days=5, allowance_paid_this_year=False)
    application = Api(client).post("/applications", "luzhai.unit", {"data": form}, expect=201)
    unit = Browser(app)
    unit.login("luzhai.unit")
    rows = award_rows(unit.text(unit.get(f"/brands/{application['brand_id']}")))
    assert list(rows) == ["award_training_allowance"] and rows["award_training_allowance"][0] == "yes"
