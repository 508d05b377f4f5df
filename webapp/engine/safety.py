"""Deploy-time refusal of anything that could run code or abuse the XML parser (DESIGN.md §1).

BPMN and DMN files are parsed without DTDs, entities or network access; files with a DOCTYPE are
refused outright (that is how XML bombs and external entities arrive). Script, service and send
tasks, Camunda listeners and scripts, SpiffWorkflow pre/post scripts are refused, and every
expression in the file must pass the expression-only checker.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from lxml import etree

from webapp.engine import expressions, timers
from webapp.engine.parser import _unwrap

MAX_BYTES = 2_000_000
BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
CAMUNDA_NS = "http://camunda.org/schema/1.0/bpmn"
SPIFF_NS = "http://spiffworkflow.org/bpmn/schema/1.0/core"
FORBIDDEN_BPMN = {"scriptTask": "script task", "serviceTask": "service task", "sendTask": "send task",
                  "script": "script"}
FORBIDDEN_CAMUNDA = {"script": "Camunda script", "executionListener": "execution listener",
                     "taskListener": "task listener", "connector": "connector"}
FORBIDDEN_ATTRIBUTES = ("class", "expression", "delegateExpression", "type", "topic")
FUNCTIONS = (*expressions.BASIC_FUNCTIONS, "working_days")
_DECLARATIONS = tuple(marker.encode(codec) for marker in ("<!DOCTYPE", "<!ENTITY")
                      for codec in ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"))
"""The declarations in UTF-8 and in the UTF-16/32 encodings that XML parsers detect by themselves."""


class UnsafeDefinition(ValueError):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def parse_xml(content: bytes, filename: str) -> Any:
    """Parse XML without DTD, entities or network; refuse oversized and DOCTYPE-bearing files."""
    if len(content) > MAX_BYTES:
        raise UnsafeDefinition([f"{filename}: the file is larger than {MAX_BYTES // 1_000_000} MB"])
    if any(declaration in content for declaration in _DECLARATIONS):
        raise UnsafeDefinition([f"{filename}: DOCTYPE and ENTITY declarations are not allowed"])
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                             remove_comments=True)
    try:
        return etree.fromstring(content, parser)
    except etree.XMLSyntaxError as error:
        raise UnsafeDefinition([f"{filename}: not well-formed XML ({error})"]) from None


def problems_in(root: Any, filename: str) -> list[str]:
    """Everything in one parsed file that brandcert refuses to deploy."""
    problems = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        namespace, _, local = element.tag[1:].partition("}")
        where = f"{filename}: {element.get('id') or _owner_id(element)}"
        if namespace == BPMN_NS and local in FORBIDDEN_BPMN:
            problems.append(f"{where}: a {FORBIDDEN_BPMN[local]} would run code on the server; not allowed")
        elif namespace == CAMUNDA_NS and local in FORBIDDEN_CAMUNDA:
            problems.append(f"{where}: a {FORBIDDEN_CAMUNDA[local]} would run code on the server; not allowed")
        elif namespace == SPIFF_NS:
            problems.append(f"{where}: SpiffWorkflow extension <{local}> (pre/post scripts) is not allowed")
        for attribute in FORBIDDEN_ATTRIBUTES:
            if element.get(f"{{{CAMUNDA_NS}}}{attribute}") is not None and namespace == BPMN_NS:
                problems.append(f"{where}: camunda:{attribute} (Java delegates) is not supported")
    problems += _structure_problems(root, filename)
    for element_id, expression, kind in _expressions(root):
        try:
            expressions.check(expression, FUNCTIONS)
        except SyntaxError as error:
            problems.append(f"{filename}: {element_id}: {kind} {expression!r} does not parse ({error.msg}); "
                            "expressions read like decision == \"forward\" or score >= 60")
        except expressions.ExpressionRefused as error:
            problems.append(f"{filename}: {element_id}: {kind} refused: {error}")
        else:
            mistake = timers.fixed_value_problem(kind, expression)
            if mistake:
                problems.append(f"{filename}: {element_id}: {kind} {expression!r}: {mistake}")
    return problems


def _structure_problems(root: Any, filename: str) -> list[str]:
    """Broken references and decision tables, named plainly before SpiffWorkflow trips over them."""
    elements = [e for e in root.iter() if isinstance(e.tag, str)]
    ids = {e.get("id") for e in elements if e.get("id")}
    problems = []
    for element in elements:
        local = element.tag.rsplit("}", 1)[-1]
        if local == "sequenceFlow":
            for end in ("sourceRef", "targetRef"):
                if element.get(end) not in ids:
                    problems.append(f"{filename}: {element.get('id')}: {end} {element.get(end)!r} names no element "
                                    "of this file; connect the flow at both ends")
        elif local in ("dataStoreReference", "dataStore"):
            problems.append(f"{filename}: {element.get('id')}: data stores are not supported; keep the case's data "
                            "in its forms")
        elif local == "decisionTable":
            inputs = sum(1 for c in element if isinstance(c.tag, str) and c.tag.endswith("}input"))
            outputs = sum(1 for c in element if isinstance(c.tag, str) and c.tag.endswith("}output"))
            for rule in (c for c in element if isinstance(c.tag, str) and c.tag.endswith("}rule")):
                entries = [c.tag.rsplit("}", 1)[-1] for c in rule if isinstance(c.tag, str)]
                if entries.count("inputEntry") != inputs or entries.count("outputEntry") != outputs:
                    problems.append(f"{filename}: {rule.get('id')}: the rule has {entries.count('inputEntry')} input "
                                    f"and {entries.count('outputEntry')} output cells, the table {inputs} input and "
                                    f"{outputs} output columns")
    return problems


def _owner_id(element: Any) -> str:
    for ancestor in element.iterancestors():
        if ancestor.get("id"):
            return str(ancestor.get("id"))
    return "(document)"


def _expressions(root: Any) -> Iterator[tuple[str, str, str]]:
    bpmn_text = {"conditionExpression": "condition", "condition": "condition", "timeDate": "timer date",
                 "timeDuration": "timer duration", "timeCycle": "timer cycle",
                 "completionCondition": "completion condition", "loopCardinality": "loop cardinality"}
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        namespace, _, local = element.tag[1:].partition("}")
        owner = element.get("id") or _owner_id(element)
        if namespace == BPMN_NS and local in bpmn_text and (element.text or "").strip():
            yield owner, element.text.strip(), bpmn_text[local]
        for attribute, kind in (("assignee", "assignee"), ("dueDate", "due date")):
            value = _unwrap(element.get(f"{{{CAMUNDA_NS}}}{attribute}"))
            if value:
                yield owner, value, kind
        if local in ("inputExpression", "outputEntry") and namespace != BPMN_NS:
            text = _text_child(element)
            if text:
                yield owner, text, "DMN expression"
        if local == "inputEntry" and namespace != BPMN_NS:
            text = _text_child(element)
            if text and text != "-":
                yield owner, _unary_test(text), "DMN rule"


def _text_child(element: Any) -> str:
    for child in element:
        if isinstance(child.tag, str) and child.tag.endswith("}text"):
            return (child.text or "").strip()
    return ""


def _unary_test(text: str) -> str:
    """A DMN input entry as SpiffWorkflow evaluates it: `>= 60` means `v >= 60`, `?` is the input."""
    candidate = text.replace("?", "v")
    try:
        expressions.compile_expression(candidate)
    except SyntaxError:
        return f"v {candidate}"
    except expressions.ExpressionRefused:
        pass  # refused again, with its message, by the caller's check
    return candidate


def check_files(files: Sequence[tuple[str, Any]]) -> None:
    problems = [p for name, root in files for p in problems_in(root, name)]
    if problems:
        raise UnsafeDefinition(problems)
