"""Evaluating a deployed decision (a DMN table no process calls) on given inputs.

A decision file that no executable process uses is deployed on its own, as a definition keyed by
its decision id, and administrators edit it in the DMN editor like any other file. Evaluation
uses SpiffWorkflow's DMN engine with brandcert's expression-only script engine: cells never reach
Python's `eval`. Callers get plain data: which rules matched, their outputs and annotations.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from SpiffWorkflow.bpmn.parser.BpmnParser import BpmnValidator
from SpiffWorkflow.dmn.engine.DMNEngine import DMNEngine

from webapp.engine import definitions, expressions, runtime, safety
from webapp.engine.parser import BrandcertParser
from webapp.errors import ProcessError
from webapp.i18n import _

_tables: dict[tuple[str, str], Any] = {}
"""(sha256, decision id) -> parsed decision table; a deployed version never changes."""


@dataclass(frozen=True)
class MatchedRule:
    row: int
    """1-based row of the rule in the table, as the DMN editor numbers it."""
    outputs: dict[str, Any]
    annotation: str
    """The rule's description (the annotation column in the editor): why it applies."""


@dataclass(frozen=True)
class DecisionResult:
    decision_id: str
    version: int
    name: str
    rules: list[MatchedRule] = field(default_factory=list)

    @property
    def outputs(self) -> dict[str, Any]:
        """The first matched rule's outputs (what a UNIQUE or FIRST table decides); empty if none."""
        return self.rules[0].outputs if self.rules else {}


@dataclass
class _Context:
    """What SpiffWorkflow's DMN engine reads from a task: its data and its workflow's script engine."""

    data: dict[str, Any]
    workflow: Any
    task_spec: Any = None


@dataclass
class _Workflow:
    script_engine: runtime.ExpressionEngine


def decide(decision_id: str, inputs: Mapping[str, Any]) -> DecisionResult:
    """Evaluate the newest deployed version of a decision; ProcessError if a cell cannot be evaluated."""
    definition = definitions.latest_or_fail(decision_id)
    table, name = _table(definition.sha256, decision_id, definition.sources)
    context = _Context(dict(inputs), _Workflow(runtime.ExpressionEngine(expressions.BASIC_FUNCTIONS)))
    dmn = DMNEngine(table)
    try:
        matched = dmn.decide(context)
        if table.hit_policy != "COLLECT":
            matched = matched[:1]
        rules = [MatchedRule(rule.row_number, dict(rule.output_as_dict(context)), (rule.description or "").strip())
                 for rule in matched]
    except Exception as error:  # a cell failing on these inputs (unknown name, wrong type)
        raise ProcessError(_("Decision %(decision)s could not be evaluated: %(error)s",
                             decision=decision_id, error=str(error))) from None
    return DecisionResult(decision_id, definition.version, name, rules)


def _table(sha256: str, decision_id: str, sources: Mapping[str, str]) -> tuple[Any, str]:
    cached = _tables.get((sha256, decision_id))
    if cached is None:
        parser = BrandcertParser(validator=BpmnValidator())
        for filename, text in sources.items():
            root = safety.parse_xml(text.encode("utf-8"), filename)
            safety.check_files([(filename, root)])  # checked at deploy; checked again before anything runs
            if "DMN" in root.tag:
                parser.add_dmn_xml(root, filename=filename)
        dmn_parser = parser.dmn_parsers[decision_id]
        dmn_parser.parse()
        cached = (dmn_parser.decision.decisionTables[0], dmn_parser.get_name() or decision_id)
        _tables[(sha256, decision_id)] = cached
    return cached
