"""Deploy-time validation: code, unsafe XML and broken references are refused with element ids."""

from __future__ import annotations

import time

import pytest
from SpiffWorkflow.bpmn.exceptions import WorkflowTaskException
from sqlalchemy import select

from tests.engine import samples
from webapp import engine, taskforms
from webapp.config import PROJECT_ROOT
from webapp.db import session, transaction
from webapp.engine import runtime, serializer
from webapp.engine.definitions import parse
from webapp.engine.expressions import ExpressionRefused
from webapp.engine.instances import script_engine
from webapp.errors import ProcessDefinitionError

DATA = PROJECT_ROOT / "tests" / "data"


def deploy(files: dict[str, bytes]) -> list[engine.ProcessDefinition]:
    with transaction():
        return engine.deploy(files, form_exists=taskforms.catalog().exists)


def refused(files: dict[str, bytes]) -> list[str]:
    with pytest.raises(ProcessDefinitionError) as error:
        deploy(files)
    return error.value.problems


def test_a_script_task_is_refused_at_deploy(app):
    script = '<bpmn:scriptTask id="Task_review" name="x"><bpmn:script>import os</bpmn:script></bpmn:scriptTask>'
    problems = refused({"script.bpmn": samples.linear(script)})
    assert any("Task_review" in p and "script task" in p for p in problems)


@pytest.mark.parametrize(("element", "words"), [
    ('<bpmn:serviceTask id="Task_review" camunda:class="com.example.Run" />', "service task"),
    ('<bpmn:userTask id="Task_review" camunda:candidateGroups="official" camunda:formKey="endorsement">'
     '<bpmn:extensionElements><spiffworkflow:preScript>import os</spiffworkflow:preScript>'
     "</bpmn:extensionElements></bpmn:userTask>", "pre/post scripts"),
    ('<bpmn:userTask id="Task_review" camunda:candidateGroups="official" camunda:formKey="endorsement">'
     '<bpmn:extensionElements><camunda:taskListener event="create"><camunda:script scriptFormat="groovy">x'
     "</camunda:script></camunda:taskListener></bpmn:extensionElements></bpmn:userTask>", "task listener"),
])
def test_other_ways_to_run_code_are_refused(app, element, words):
    problems = refused({"code.bpmn": samples.linear(element)})
    assert any(words in p for p in problems), problems


@pytest.mark.parametrize("condition", [
    "().__class__.__base__", "__import__('os')", "decision.lower() == 'x'", "[c for c in 'ab']",
])
def test_expression_escapes_in_a_diagram_are_refused(app, condition):
    problems = refused({"escape.bpmn": samples.gateway(condition)})
    assert any("Flow_yes" in p and "refused" in p for p in problems), problems


def test_due_dates_and_assignees_are_checked_too(app):
    task = ('<bpmn:userTask id="Task_review" camunda:candidateGroups="official" camunda:formKey="endorsement" '
            'camunda:dueDate="${__import__(\'os\')}" />')
    assert any("due date refused" in p for p in refused({"due.bpmn": samples.linear(task)}))


def test_a_user_task_needs_one_role_and_an_existing_form(app):
    no_form = '<bpmn:userTask id="Task_review" camunda:candidateGroups="official" />'
    assert any("needs a form" in p for p in refused({"a.bpmn": samples.linear(no_form)}))
    missing = '<bpmn:userTask id="Task_review" camunda:candidateGroups="official" camunda:formKey="nope" />'
    assert any("'nope' does not exist" in p for p in refused({"b.bpmn": samples.linear(missing)}))
    no_group = '<bpmn:userTask id="Task_review" camunda:formKey="endorsement" />'
    assert any("one candidate group" in p for p in refused({"c.bpmn": samples.linear(no_group)}))


@pytest.mark.parametrize("name", ["billion_laughs.bpmn", "external_entity.bpmn"])
def test_xml_bombs_and_external_entities_are_refused_fast(app, name):
    started = time.perf_counter()
    problems = refused({name: (DATA / name).read_bytes()})
    assert time.perf_counter() - started < 1.0
    assert any("DOCTYPE" in p for p in problems)


def test_malformed_xml_gets_a_plain_message(app):
    problems = refused({"broken.bpmn": b"<bpmn:definitions><unclosed>"})
    assert problems[0].startswith("broken.bpmn: not well-formed XML")


def test_redeploying_the_same_files_makes_no_new_version(app):
    first = deploy({"sample.bpmn": samples.linear()})
    assert [(d.key, d.version) for d in first] == [("sample", 1)]
    assert deploy({"sample.bpmn": samples.linear()}) == []
    changed = samples.linear().replace(b'name="Review"', b'name="Review again"')
    assert [(d.key, d.version) for d in deploy({"sample.bpmn": changed})] == [("sample", 2)]
    versions = session.scalars(select(engine.ProcessDefinition.version)
                               .where(engine.ProcessDefinition.key == "sample")).all()
    assert sorted(versions) == [1, 2]


def test_a_deserialized_workflow_evaluates_with_the_safe_engine(app):
    """SpiffWorkflow gives a deserialized workflow its default engine, which runs `eval`. A condition
    smuggled into a stored spec (past deploy) must still be refused when the saved case continues."""
    bundle = parse({"g.bpmn": samples.task_then_gateway("decision == 1")}, form_exists=lambda key: True)["sample"]
    smuggled = bundle.spec_json.replace("decision == 1", "().__class__.__base__")
    workflow, _ = runtime.start(smuggled, {}, script_engine([]))
    state = runtime.dump(workflow)

    raw = serializer.load_state(state, smuggled, serializer.SERIALIZER_VERSION)
    assert not isinstance(raw.script_engine, runtime.ExpressionEngine)  # what re-attaching protects against

    workflow = runtime.load(state, smuggled, serializer.SERIALIZER_VERSION, script_engine([]))
    assert isinstance(workflow.script_engine, runtime.ExpressionEngine)
    task = runtime.ready_task(workflow, runtime.ready_human_tasks(workflow)[0].uuid)
    with pytest.raises(WorkflowTaskException) as error:
        runtime.complete(workflow, task, {"decision": 1})
    assert error.value.error_type == ExpressionRefused.__name__


def test_a_diagram_that_breaks_the_bpmn_schema_is_refused(app):
    broken = samples.linear('<bpmn:userTask id="Task_review" camunda:candidateGroups="official" '
                            'camunda:formKey="endorsement"><bpmn:notAnElement /></bpmn:userTask>')
    problems = refused({"schema.bpmn": broken})
    assert any("notAnElement" in p for p in problems), problems


def _in_lane(task: str, lane: str) -> bytes:
    return samples.linear(task).replace(b'name="county"', f'name="{lane}"'.encode())


def test_every_user_task_sits_in_the_lane_of_a_level(app):
    official = '<bpmn:userTask id="Task_review" camunda:candidateGroups="official" camunda:formKey="endorsement" />'
    outside = samples.linear(official).replace(samples.LANE.encode(), b"")
    assert any("Task_review: the user task sits in no lane" in p for p in refused({"a.bpmn": outside}))
    problems = refused({"b.bpmn": _in_lane(official, "moon")})
    assert any("Task_review: lane 'moon' is not a level of the region tree" in p for p in problems), problems
    assert refused({"c.bpmn": _in_lane(official, "applicant")})  # an official's task in the applicant's lane
    applicant = '<bpmn:userTask id="Task_review" camunda:candidateGroups="applicant" camunda:formKey="application" />'
    assert [d.key for d in deploy({"d.bpmn": _in_lane(applicant, "applicant")})] == ["sample"]
    assert [d.version for d in deploy({"e.bpmn": _in_lane(official, "township")})] == [2]


def _with_timer(duration: str) -> bytes:
    boundary = ('<bpmn:boundaryEvent id="Timer_due" attachedToRef="Task_review"><bpmn:timerEventDefinition>'
                f'<bpmn:timeDuration xsi:type="bpmn:tFormalExpression">{duration}</bpmn:timeDuration>'
                "</bpmn:timerEventDefinition></bpmn:boundaryEvent>"
                '<bpmn:sequenceFlow id="Flow_late" sourceRef="Timer_due" targetRef="EndEvent_1" />')
    return samples.linear(samples.USER_TASK + boundary)


@pytest.mark.parametrize(("duration", "words"), [
    ('"P3X"', 'not an ISO 8601 duration such as "P30D"'),
    ("P30D", 'write it as text, with the quotes: "P30D"'),
])
def test_timers_must_parse(app, duration, words):
    problems = refused({"timer.bpmn": _with_timer(duration)})
    assert any("Timer_due" in p and words in p for p in problems), problems


def test_a_valid_timer_and_a_computed_one_deploy(app):
    assert deploy({"timer.bpmn": _with_timer('"P30D"')})
    assert deploy({"timer.bpmn": _with_timer("working_days(10)")})


def test_a_broken_decision_table_is_refused(app):
    dmn = (b'<?xml version="1.0" encoding="UTF-8"?>\n<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/"'
           b' id="D" name="D" namespace="x"><decision id="Decision_broken" name="x"><decisionTable id="T">'
           b'<output id="O" name="r" typeRef="string" /><rule id="R"><inputEntry id="I"><text>&gt;= 60</text>'
           b"</inputEntry><outputEntry id=\"E\"><text>\"a\"</text></outputEntry></rule></decisionTable></decision>"
           b"</definitions>")
    task = ('<bpmn:businessRuleTask id="Task_review" camunda:decisionRef="Decision_broken" />')
    problems = refused({"rule.bpmn": samples.linear(task), "broken.dmn": dmn})
    assert problems == ["broken.dmn: R: the rule has 1 input and 1 output cells, the table 0 input and 1 output "
                        "columns"]


def test_a_flow_to_nowhere_is_refused_with_its_id(app):
    broken = samples.linear().replace(b'targetRef="EndEvent_1"', b'targetRef="EndEvent_missing"')
    problems = refused({"flow.bpmn": broken})
    assert problems == ["flow.bpmn: Flow_2: targetRef 'EndEvent_missing' names no element of this file; connect "
                        "the flow at both ends"]
