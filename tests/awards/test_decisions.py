"""The award rules are deployed DMN decisions: their edge cases (499 / 500 workers, a contract of
11 / 12 months, insured or not, the allowance once a year) come out of the real tables; an
administrator's new version changes the decision with no code change; an unsafe cell is refused."""

from __future__ import annotations

import pytest

from tests.web.browser_client import Browser
from webapp import engine, taskforms
from webapp.config import PROJECT_ROOT
from webapp.db import transaction
from webapp.errors import ProcessDefinitionError

BAOJI = "award_baoji_absorption"
LUDING = "award_luding_placement"
TRAINING = "award_training_allowance"
QISHAN_VILLAGE, LUDING_VILLAGE = "610323101900", "513322101900"


def decide(app, decision_id: str, **inputs) -> engine.DecisionResult:
    with app.app_context():
        return engine.decide(decision_id, inputs)


def bundled(name: str) -> str:
    return (PROJECT_ROOT / "workflows" / name).read_text(encoding="utf-8")


@pytest.mark.parametrize(("workers", "eligible", "amount"), [(499, False, 0), (500, True, 300000), (501, True, 300000)])
def test_the_baoji_award_starts_at_500_workers_under_signed_agreements(app, workers, eligible, amount):
    result = decide(app, BAOJI, region_code=QISHAN_VILLAGE, agreement_workers=workers)
    assert (result.outputs["eligible"], result.outputs["amount"]) == (eligible, amount)
    assert ("不少于500人" if eligible else "不足500人") in result.rules[0].annotation


def test_the_baoji_award_does_not_apply_outside_baoji(app):
    result = decide(app, BAOJI, region_code=LUDING_VILLAGE, agreement_workers=5000)
    assert result.outputs["eligible"] is False and "宝鸡市" in result.rules[0].annotation


@pytest.mark.parametrize(("months", "insured", "eligible"), [(11, True, False), (12, True, True), (12, False, False),
                                                              (36, True, True)])
def test_the_luding_subsidy_needs_a_one_year_contract_and_social_insurance(app, months, insured, eligible):
    result = decide(app, LUDING, region_code=LUDING_VILLAGE, placed_persons=40, contract_months=months,
                    social_insurance=insured)
    assert result.outputs == {"eligible": eligible, "amount": 300 * 40 if eligible else 0}
    reason = result.rules[0].annotation
    assert ("每人300元" in reason) if eligible else ("不足1年" in reason if months < 12 else "社会保险" in reason)


def test_the_luding_subsidy_does_not_apply_outside_luding(app):
    result = decide(app, LUDING, region_code=QISHAN_VILLAGE, placed_persons=40, contract_months=24,
                    social_insurance=True)
    assert result.outputs["eligible"] is False and "泸定县" in result.rules[0].annotation


@pytest.mark.parametrize(("paid", "eligible"), [(False, True), (True, False)])
def test_the_training_allowance_is_paid_once_a_year(app, paid, eligible):
    result = decide(app, TRAINING, trainees=30, training_days=7, allowance_paid_this_year=paid)
    assert result.outputs == {"eligible": eligible, "amount": 50 * 30 * 7 if eligible else 0}
    assert ("每人每天50元" if eligible else "每年限享受一次") in result.rules[0].annotation


def test_an_administrators_new_version_changes_the_decision_without_code(app):
    assert decide(app, BAOJI, region_code=QISHAN_VILLAGE, agreement_workers=450).outputs["eligible"] is False
    designer = Browser(app)
    designer.login("admin")
    opened = designer.client.get(f"/admin/files/{BAOJI}.dmn").get_json()
    assert opened["xml"] == bundled(f"{BAOJI}.dmn")
    lowered = opened["xml"].replace("&gt;= 500", "&gt;= 400").replace("&lt; 500", "&lt; 400")
    response = designer.client.post(f"/admin/files/{BAOJI}.dmn/deploy", json={"xml": lowered},
                                    headers={"X-CSRFToken": designer.token})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json()["deployed"][0]["key"] == BAOJI
    result = decide(app, BAOJI, region_code=QISHAN_VILLAGE, agreement_workers=450)
    assert result.outputs["eligible"] is True and result.version == 2
    assert decide(app, BAOJI, region_code=QISHAN_VILLAGE, agreement_workers=399).outputs["eligible"] is False
    # the decision is listed with its versions like a process, and comparing them does not break
    assert f'id="process-{BAOJI}"' in designer.text(designer.get("/admin/processes"))
    assert designer.get(f"/admin/processes/{BAOJI}/diff").status_code == 200


@pytest.mark.parametrize("cell", ["__import__('os').system('id')", "agreement_workers.__class__", "[x for x in ()]"])
def test_a_decision_with_an_unsafe_cell_is_refused_at_deploy(app, cell):
    unsafe = bundled(f"{BAOJI}.dmn").replace("<text>300000</text>", f"<text>{cell}</text>")
    with app.app_context(), pytest.raises(ProcessDefinitionError) as error, transaction():
        engine.deploy({f"{BAOJI}.dmn": unsafe.encode()}, form_exists=taskforms.catalog().exists)
    assert any("OutputEntry_baoji_enough_amount" in problem for problem in error.value.problems)
    with app.app_context():
        assert engine.latest(BAOJI).version == 1
