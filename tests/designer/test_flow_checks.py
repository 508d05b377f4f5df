"""The flow checks at validate and deploy: a diagram that breaks each one is refused (or warned about)
naming the element by its name and id, in Chinese by default and in English for whoever chose it; the
bundled workflows pass without a word."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree
from sqlalchemy import select, update

from tests.api.test_levels_from_diagram import with_township_review
from tests.designer.test_pages import designer, post_xml  # noqa: F401 (designer is a fixture)
from tests.engine import samples
from tests.web.browser_client import Browser
from webapp import engine
from webapp.auth.models import RoleGrant, User
from webapp.cli import cli
from webapp.config import PROJECT_ROOT
from webapp.db import session, transaction
from webapp.designer import services

WORKFLOWS = PROJECT_ROOT / "workflows"
BPMN = "{http://www.omg.org/spec/BPMN/20100524/MODEL}"
TASK = samples.USER_TASK.replace('name="Review"', 'name="县级审核"')


def decided(flows: str, *, task: str = TASK, default: str = "") -> str:
    """start -> 县级审核 (endorsement form: forward / return) -> 审核结果 gateway -> `flows`"""
    default_attribute = f' default="{default}"' if default else ""
    return samples.process(f"""
  <bpmn:startEvent id="StartEvent_1" />
  {task}
  <bpmn:exclusiveGateway id="Gateway_review" name="审核结果"{default_attribute} />
  <bpmn:endEvent id="EndEvent_forward" name="推荐" />
  <bpmn:endEvent id="EndEvent_return" name="退回" />
  <bpmn:sequenceFlow id="Flow_1" sourceRef="StartEvent_1" targetRef="Task_review" />
  <bpmn:sequenceFlow id="Flow_2" sourceRef="Task_review" targetRef="Gateway_review" />
  {flows}""").decode()


def flow(flow_id: str, target: str, condition: str = "", source: str = "Gateway_review") -> str:
    expression = (f'<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">{condition}'
                  "</bpmn:conditionExpression>") if condition else ""
    return (f'<bpmn:sequenceFlow id="{flow_id}" sourceRef="{source}" targetRef="{target}">{expression}'
            "</bpmn:sequenceFlow>")


FORWARD = flow("Flow_forward", "EndEvent_forward", 'decision == "forward"')


def answers(app, designer, name: str, xml: str, action: str = "validate") -> tuple[dict, dict]:  # noqa: F811
    """The answer in Chinese (the default) and in English (the language switch's cookie)."""
    status, chinese = post_xml(designer, name, action, xml)
    english_reader = Browser(app)
    english_reader.login("admin")
    english_reader.client.set_cookie("lang", "en")
    english_status, english = post_xml(english_reader, name, action, xml)
    assert status == english_status
    return chinese, english


def refused(app, designer, xml: str, *, zh: str, en: str, named: str) -> None:  # noqa: F811
    """Refused at validate and at deploy, the element named, each reader in his language."""
    for action in ("validate", "deploy"):
        chinese, english = answers(app, designer, "sample.bpmn", xml, action)
        assert chinese["ok"] is False and english["ok"] is False
        assert any(zh in p and named in p for p in chinese["problems"]), chinese["problems"]
        assert any(en in p and named in p for p in english["problems"]), english["problems"]
        assert not any(en in p for p in chinese["problems"])
    assert engine.latest("sample") is None


def test_a_choice_that_no_flow_takes_is_refused(app, designer):  # noqa: F811
    xml = decided(FORWARD)  # 退回修改 (return): no condition holds, no default flow
    refused(app, designer, xml, zh="无处可去", en="leads nowhere", named="县级审核 (Task_review)")
    chinese, english = answers(app, designer, "sample.bpmn", xml)
    assert any("“退回修改” (return)" in p and "审核结果 (Gateway_review)" in p for p in chinese["problems"])
    assert any("“Return for revision” (return)" in p for p in english["problems"]), english  # the form's own English


def test_a_choice_the_caller_does_not_route_is_followed_out_of_the_called_process(app, designer):  # noqa: F811
    """是否向上推荐 in level_review decides; recommendation's 县级结果 routes it after the call activity."""
    root = etree.fromstring((WORKFLOWS / "recommendation.bpmn").read_bytes())
    for element in root.iter():
        if element.get("id") == "Flow_county_keep" or element.get("bpmnElement") == "Flow_county_keep" or \
                (element.text == "Flow_county_keep" and element.tag.startswith(BPMN)):
            element.getparent().remove(element)
    xml = etree.tostring(root, encoding="unicode")
    status, answer = post_xml(designer, "recommendation.bpmn", "validate", xml)
    assert status == 422
    assert any("是否向上推荐 (Task_recommend)" in p and "县级结果 (Gateway_county)" in p and "(keep)" in p
               for p in answer["problems"]), answer["problems"]
    typo = (WORKFLOWS / "recommendation.bpmn").read_text(encoding="utf-8").replace(
        'decision == "recommend"', 'decision == "recomend"', 1)  # the county's 向上推荐 (Flow_to_city)
    status, answer = post_xml(designer, "recommendation.bpmn", "validate", typo)
    assert status == 422
    assert any("向上推荐 (Flow_to_city)" in p and "recomend" in p and "县级结果 (Gateway_county)" in p
               for p in answer["problems"]), answer["problems"]


def test_a_condition_naming_a_choice_no_form_offers_is_refused(app, designer):  # noqa: F811
    xml = decided(FORWARD + flow("Flow_return", "EndEvent_return", 'decision == "retrun"'))
    refused(app, designer, xml, zh="没有“retrun”这个选项", en='no form offers the choice "retrun"',
            named="Flow_return")
    chinese, _english = answers(app, designer, "sample.bpmn", xml)
    assert any("审核结果 (Gateway_review)" in p and "“退回修改” (return)" in p and "retrun" in p
               for p in chinese["problems"]), chinese["problems"]


def test_a_condition_on_a_flow_leaving_a_task_is_refused(app, designer):  # noqa: F811
    """The engine takes a task's one outgoing flow whatever its condition says (and refuses two)."""
    xml = samples.process(f"""
  <bpmn:startEvent id="StartEvent_1" />
  {TASK}
  <bpmn:endEvent id="EndEvent_forward" />
  <bpmn:sequenceFlow id="Flow_1" sourceRef="StartEvent_1" targetRef="Task_review" />
  {flow("Flow_forward", "EndEvent_forward", 'decision == "forward"', source="Task_review")}""").decode()
    refused(app, designer, xml, zh="只有网关才判断条件", en="only a gateway looks at conditions",
            named="县级审核 (Task_review)")


def test_an_unknown_form_is_refused(app, designer):  # noqa: F811
    xml = decided(FORWARD, default="Flow_forward", task=TASK.replace('formKey="endorsement"', 'formKey="nope"'))
    refused(app, designer, xml, zh="表单“nope”不存在", en="form 'nope' does not exist", named="县级审核 (Task_review)")


def test_a_lane_that_is_not_a_level_is_refused(app, designer):  # noqa: F811
    xml = decided(FORWARD + flow("Flow_return", "EndEvent_return", 'decision == "return"'))
    refused(app, designer, xml.replace('name="county"', 'name="moon"'), zh="泳道“moon”不是行政区划的层级",
            en="lane 'moon' is not a level of the region tree", named="县级审核 (Task_review)")


def test_a_role_nobody_knows_is_refused(app, designer):  # noqa: F811
    xml = decided(FORWARD + flow("Flow_return", "EndEvent_return", 'decision == "return"'))
    refused(app, designer, xml.replace('candidateGroups="official"', 'candidateGroups="offical"'),
            zh="系统也不认识这个角色", en="brandcert does not know it", named="县级审核 (Task_review)")


def test_a_role_nobody_active_holds_is_a_warning_and_deploys(app, designer):  # noqa: F811
    with transaction():
        inspectors = select(RoleGrant.user_id).where(RoleGrant.role == "inspector")
        session.execute(update(User).where(User.id.in_(inspectors)).values(active=False))
    xml = (WORKFLOWS / "spot_check.bpmn").read_text(encoding="utf-8").replace("抽查通过", "抽查合格", 1)
    chinese, english = answers(app, designer, "spot_check.bpmn", xml)
    assert chinese["ok"] is True and english["ok"] is True
    assert any("记录抽查情况 (Task_findings)" in w and "inspector" in w and "不会出现在任何人的待办中" in w
               for w in chinese["warnings"]), chinese
    assert any("记录抽查情况 (Task_findings)" in w and "no active user holds the role 'inspector'" in w
               for w in english["warnings"]), english
    response = designer.client.post("/admin/files/spot_check.bpmn/deploy", headers={"X-CSRFToken": designer.token},
                                    json={"xml": xml, "confirm_gaps": True, "reason": "检查员下月到岗"})
    assert response.status_code == 200, response.get_json()
    assert engine.latest("spot_check").version == 2


def test_the_township_recipe_warns_that_its_return_goes_on_to_the_county(app, designer):  # noqa: F811
    """The issue's case: 乡镇审核 sends 退回修改 on to the county. A warning, not a refusal."""
    township = with_township_review((WORKFLOWS / "recommendation.bpmn").read_bytes()).decode()
    chinese, english = answers(app, designer, "recommendation.bpmn", township)
    assert chinese["ok"] is True and chinese["processes"] == {"recommendation": "v2"}
    [warning] = chinese["warnings"]
    assert "乡镇审核 (Task_township_review)" in warning and "“退回修改” (return)" in warning
    assert "县级评审认定 (CallActivity_county)" in warning and "没有任何条件判断" in warning
    assert "no condition looks at the decision of task 乡镇审核 (Task_township_review)" in english["warnings"][0]
    response = designer.client.post("/admin/files/recommendation.bpmn/deploy", headers={"X-CSRFToken": designer.token},
                                    json={"xml": township, "confirm_gaps": True, "reason": "乡镇人员陆续到岗"})
    assert response.status_code == 200, response.get_json()


@pytest.mark.parametrize("path", sorted(WORKFLOWS.iterdir()), ids=lambda p: p.name)
def test_each_bundled_workflow_passes_without_a_problem_or_warning(designer, path: Path):  # noqa: F811
    status, answer = post_xml(designer, path.name, "validate", path.read_text(encoding="utf-8"))
    assert status == 200 and answer["ok"] is True and answer["warnings"] == [], answer


def test_all_bundled_workflows_checked_together(app):
    with app.test_request_context("/admin/processes"):
        parsed = services.check_files(engine.read_directory(WORKFLOWS))
    assert parsed and all(process.warnings == () for process in parsed.values())


def test_the_command_line_prints_warnings_and_refusals(runner, tmp_path):
    township = tmp_path / "recommendation.bpmn"
    township.write_bytes(with_township_review((WORKFLOWS / "recommendation.bpmn").read_bytes()))
    result = runner.invoke(cli, ["workflows", "validate", str(township)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "valid: recommendation (would deploy v2)" in result.output
    assert "warning: recommendation.bpmn: no condition looks at the decision of task 乡镇审核" in result.output
    typo = tmp_path / "typo.bpmn"
    typo.write_text(decided(FORWARD + flow("Flow_return", "EndEvent_return", 'decision == "retrun"')), encoding="utf-8")
    result = runner.invoke(cli, ["workflows", "validate", str(typo)], catch_exceptions=False)
    assert result.exit_code == 1 and 'no form offers the choice "retrun"' in result.output
