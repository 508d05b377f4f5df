"""Hostile diagrams sent to the designer's validate and deploy endpoints: a 20 MB upload and a 3 MB one
are refused at once with a message the editor shows; XML bombs and external entities written in UTF-16
or UTF-32 (where the bytes `<!DOCTYPE` never appear) are refused as DOCTYPEs; and expression escapes in
the places tests/engine does not try (timers, assignees, multi-instance conditions, decision-table
cells) are refused, naming the element. Nothing is deployed by any of them."""

from __future__ import annotations

import time

import pytest

from tests.designer.test_pages import designer, post_xml  # noqa: F401 (designer is a fixture)
from tests.engine import samples
from tests.engine.test_deploy import DATA, refused
from webapp import engine


def _versions() -> dict[str, int]:
    return {key: engine.latest(key).version for key in ("recommendation", "level_review")}


@pytest.mark.parametrize("action", ["validate", "deploy"])
def test_a_20_mb_diagram_is_refused_at_once_with_a_message_the_editor_shows(designer, action):  # noqa: F811
    before = _versions()
    started = time.perf_counter()
    huge = samples.linear().decode().replace("</bpmn:definitions>", f"<!--{'x' * 20_000_000}--></bpmn:definitions>")
    response = designer.client.post(f"/admin/files/huge.bpmn/{action}", json={"xml": huge},
                                    headers={"X-CSRFToken": designer.token})
    assert time.perf_counter() - started < 3.0
    assert response.status_code == 413 and response.mimetype == "application/json"
    assert response.get_json() == {"ok": False, "problems": ["the file is larger than 2 MB"]}
    assert _versions() == before and engine.latest("sample") is None


def test_a_diagram_just_over_the_limit_for_diagrams_is_refused_before_it_is_parsed(designer):  # noqa: F811
    padded = samples.linear().decode().replace("</bpmn:definitions>", f"<!--{'x' * 2_000_000}--></bpmn:definitions>")
    started = time.perf_counter()
    status, answer = post_xml(designer, "padded.bpmn", "deploy", padded)
    assert time.perf_counter() - started < 1.0
    assert status == 422 and answer["problems"] == ["padded.bpmn: the file is larger than 2 MB"]
    assert engine.latest("sample") is None


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
@pytest.mark.parametrize("name", ["billion_laughs.bpmn", "external_entity.bpmn"])
def test_bombs_and_external_entities_in_another_encoding_are_refused_as_doctypes(app, name, encoding):
    text = (DATA / name).read_text(encoding="utf-8")
    declared = text.replace('<?xml version="1.0"?>', f'<?xml version="1.0" encoding="{encoding.upper()}"?>')
    assert declared != text
    started = time.perf_counter()
    problems = refused({name: declared.encode(encoding)})
    assert time.perf_counter() - started < 1.0
    assert problems == [f"{name}: DOCTYPE and ENTITY declarations are not allowed"]


def _boundary_timer(kind: str, expression: str) -> str:
    return (f'<bpmn:boundaryEvent id="Timer_escape" attachedToRef="Task_review"><bpmn:timerEventDefinition>'
            f'<bpmn:{kind} xsi:type="bpmn:tFormalExpression">{expression}</bpmn:{kind}>'
            "</bpmn:timerEventDefinition></bpmn:boundaryEvent>"
            '<bpmn:sequenceFlow id="Flow_late" sourceRef="Timer_escape" targetRef="EndEvent_1" />')


def _expert_review(attributes: str = "", loop: str = "") -> str:
    """A multi-instance review. (A camunda:collection is not here: SpiffWorkflow reads it as the name of a
    variable, never as an expression.)"""
    return (f'<bpmn:userTask id="Task_review" camunda:candidateGroups="official" camunda:formKey="endorsement" '
            f"{attributes}><bpmn:multiInstanceLoopCharacteristics>{loop}"
            "</bpmn:multiInstanceLoopCharacteristics></bpmn:userTask>")


ESCAPES = {
    "timer duration": (samples.USER_TASK + _boundary_timer("timeDuration", "().__class__.__bases__"), "Timer_escape"),
    "timer date": (samples.USER_TASK + _boundary_timer("timeDate", "getattr(working_days, '__globals__')"),
                   "Timer_escape"),
    "timer cycle": (samples.USER_TASK + _boundary_timer("timeCycle", "[c for c in ().__class__.__mro__]"),
                    "Timer_escape"),
    "assignee": (_expert_review('camunda:assignee="${(lambda: __import__(\'os\'))()}"'), "Task_review"),
    "loop cardinality": (_expert_review(loop="<bpmn:loopCardinality>len(().__class__.__subclasses__())"
                                             "</bpmn:loopCardinality>"), "Task_review"),
    "completion condition": (_expert_review(loop="<bpmn:completionCondition>f'{decision!r:>{9**9}}'"
                                                 "</bpmn:completionCondition>"), "Task_review"),
}


@pytest.mark.parametrize("place", ESCAPES)
def test_expression_escapes_in_timers_assignees_and_loops_are_refused(designer, place):  # noqa: F811
    element, owner = ESCAPES[place]
    xml = samples.linear(element).decode()
    for action in ("validate", "deploy"):
        status, answer = post_xml(designer, "escape.bpmn", action, xml)
        assert status == 422 and answer["ok"] is False
        assert any(owner in p and "refused" in p for p in answer["problems"]), answer["problems"]
    assert engine.latest("sample") is None


@pytest.mark.parametrize(("old", "new"), [
    ("<text>&gt;= 60</text>", "<text>().__class__.__base__.__subclasses__()</text>"),
    ("<text>True</text>", "<text>__import__('os').system('id')</text>"),
    ("<text>mean(scores(expert_reviews))</text>", "<text>expert_reviews.pop()</text>"),
])
def test_expression_escapes_in_a_decision_table_cell_are_refused(designer, old, new):  # noqa: F811
    table = designer.client.get("/admin/files/expert_scoring.dmn").get_json()["xml"]
    assert old in table
    before = _versions()
    status, answer = post_xml(designer, "expert_scoring.dmn", "deploy", table.replace(old, new, 1))
    assert status == 422 and any("DMN" in p and "refused" in p for p in answer["problems"]), answer["problems"]
    assert _versions() == before
