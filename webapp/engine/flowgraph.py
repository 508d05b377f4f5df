"""A diagram's flows as a case follows them when only some of its data is known.

The flow checks (flowcheck) ask where a case goes from a task when all they know is the decision just
taken. This follows the sequence flows as the engine does, read from the XML so that every element
keeps the name the administrator gave it:

- exclusive and inclusive gateways evaluate each condition with only the known names: a condition
  that needs anything else (`expert_passed`) may go either way, so the case is followed down every
  such flow, marked uncertain; a condition naming `decision` that holds marks the way as tested;
- parallel gateways, plain tasks and throw events (milestones) hand the case on unchanged, and every
  other element takes every flow leaving it (the engine ignores conditions there);
- the end of a called process goes on after each call activity that runs it, the end of an embedded
  sub-process after the sub-process;
- the walk stops at the next task, call activity, waiting event or the end of the case.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from webapp.engine import expressions
from webapp.engine.parser import CAMUNDA_MODEL_NS
from webapp.engine.safety import BPMN_NS

DECISION = "decision"
CHOOSING = ("exclusiveGateway", "inclusiveGateway")
PASSING = ("parallelGateway", "task", "intermediateThrowEvent")
"""Elements that hand the case on with its data unchanged."""
CONTAINERS = ("subProcess", "transaction", "adHocSubProcess")
MAX_STEPS = 20_000

Key = tuple[str, str]
"""(file name, element id): ids are unique within a file only."""


@dataclass(frozen=True)
class Flow:
    id: str
    name: str
    source: Key
    target: Key
    condition: str | None

    @property
    def label(self) -> str:
        return f"{self.name} ({self.id})" if self.name else self.id


@dataclass(frozen=True)
class Node:
    id: str
    kind: str
    name: str
    file: str
    process: str
    container: Key | None
    """The embedded sub-process it sits in; None at the top of its process."""
    default: str | None = None
    form_key: str | None = None
    called: str | None = None
    repeated: bool = False
    """A multi-instance or loop activity: each instance decides for itself, not the case."""

    @property
    def key(self) -> Key:
        return (self.file, self.id)

    @property
    def label(self) -> str:
        return f"{self.name} ({self.id})" if self.name else self.id


class Diagram:
    """The flow nodes and sequence flows of the processes deployed together."""

    def __init__(self, processes: Iterable[tuple[str, str, Any]]) -> None:
        self.nodes: dict[Key, Node] = {}
        self.outgoing: dict[Key, list[Flow]] = {}
        self.callers: dict[str, list[Node]] = {}
        for process_id, filename, root in processes:
            self._read(process_id, filename, root)
        for node in self.nodes.values():
            if node.kind == "callActivity" and node.called:
                self.callers.setdefault(node.called, []).append(node)

    def _read(self, process_id: str, filename: str, root: Any) -> None:
        for element in root.iter():
            kind = local_name(element)
            if kind is None or not element.get("id") or kind in ("laneSet", "lane", "conditionExpression"):
                continue
            if kind == "sequenceFlow":
                condition = next(((c.text or "").strip() for c in element
                                  if local_name(c) == "conditionExpression"), None)
                flow = Flow(str(element.get("id")), _text(element.get("name")),
                            (filename, str(element.get("sourceRef"))), (filename, str(element.get("targetRef"))),
                            condition or None)
                self.outgoing.setdefault(flow.source, []).append(flow)
                continue
            container = next(((filename, str(a.get("id"))) for a in element.iterancestors()
                              if local_name(a) in CONTAINERS), None)
            self.nodes[(filename, str(element.get("id")))] = Node(
                id=str(element.get("id")), kind=kind, name=_text(element.get("name")), file=filename,
                process=process_id, container=container, default=element.get("default"),
                form_key=element.get(f"{{{CAMUNDA_MODEL_NS}}}formKey"), called=element.get("calledElement"),
                repeated=any(local_name(c) in ("multiInstanceLoopCharacteristics", "standardLoopCharacteristics")
                             for c in element))


@dataclass(frozen=True)
class State:
    tested: bool = False
    """A condition naming `decision` chose this way."""
    uncertain: bool = False
    """A condition needing other case data may have sent the case elsewhere."""


@dataclass
class Route:
    ends: list[tuple[Node, State]] = field(default_factory=list)
    nowhere: list[tuple[Node, State]] = field(default_factory=list)
    """Gateways where no flow takes the case."""
    choosing: set[Key] = field(default_factory=set)
    """Gateways the case reached (whose conditions it met)."""


def walk(diagram: Diagram, start: Node, names: Mapping[str, Any]) -> Route:
    """Where a case leaving `start` goes when only `names` are known (`{}`: nothing is known)."""
    route = Route()
    pending = _leave(diagram, start, State(), names, route)
    seen: set[tuple[Key, State]] = set()
    while pending and len(seen) < MAX_STEPS:
        key, state = pending.pop()
        node = diagram.nodes.get(key)
        if node is None or (key, state) in seen:
            continue
        seen.add((key, state))
        if node.kind in CHOOSING or node.kind in PASSING:
            pending += _leave(diagram, node, state, names, route)
        elif node.kind == "endEvent" and (after := _after_end(diagram, node)):
            for caller in after:
                pending += _leave(diagram, caller, state, names, route)
        else:  # event-based and complex gateways wait for what happens: where they lead is not known
            route.ends.append((node, State(state.tested, state.uncertain or node.kind.endswith("Gateway"))))
    return route


def _after_end(diagram: Diagram, end: Node) -> list[Node]:
    if end.container is not None:
        return [diagram.nodes[end.container]] if end.container in diagram.nodes else []
    return diagram.callers.get(end.process, [])


def _leave(diagram: Diagram, node: Node, state: State, names: Mapping[str, Any],
           route: Route) -> list[tuple[Key, State]]:
    flows = diagram.outgoing.get(node.key, [])
    if node.kind not in CHOOSING:
        return [(flow.target, state) for flow in flows]
    # As the parser reads a gateway: its one unconditional flow is its default.
    default = next((f for f in flows if f.id == node.default or (len(flows) == 1 and not f.condition)), None)
    verdicts = [(flow, _verdict(flow.condition, names)) for flow in flows if flow is not default and flow.condition]
    route.choosing.add(node.key)
    held = [flow for flow, verdict in verdicts if verdict is True]
    open_ = [flow for flow, verdict in verdicts if verdict is None]
    taken = [(f.target, State(state.tested or mentions_decision(f.condition), state.uncertain)) for f in held]
    taken += [(f.target, State(state.tested, True)) for f in open_]
    if default is not None and not held:
        taken.append((default.target, State(state.tested, state.uncertain or bool(open_))))
    if not taken:
        route.nowhere.append((node, state))
    return taken


def _verdict(condition: str | None, names: Mapping[str, Any]) -> bool | None:
    """True or False when `names` settle the condition, None when it needs anything else."""
    try:
        return bool(expressions.evaluate(str(condition), names, expressions.BASIC_FUNCTIONS))
    except Exception:  # an unknown name, a value of another type, a function the check lacks: it depends
        return None


def mentions_decision(condition: str | None) -> bool:
    return any(isinstance(n, ast.Name) and n.id == DECISION for n in _nodes(condition))


def compared_words(condition: str) -> list[str]:
    """The words a condition compares `decision` with: `decision == "return"`, `decision in ("a", "b")`."""
    words: list[str] = []
    for node in _nodes(condition):
        if not isinstance(node, ast.Compare):
            continue
        operands = [node.left, *node.comparators]
        for left, op, right in zip(operands, node.ops, operands[1:], strict=False):
            if isinstance(op, ast.Eq | ast.NotEq | ast.In | ast.NotIn):
                words += [word for name, other in ((left, right), (right, left))
                          if isinstance(name, ast.Name) and name.id == DECISION for word in _strings(other)]
    return words


def _nodes(condition: str | None) -> list[ast.AST]:
    try:
        return list(ast.walk(expressions.compile_expression(str(condition))))
    except (SyntaxError, expressions.ExpressionRefused):
        return []


def _strings(node: ast.expr) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.List | ast.Tuple | ast.Set):
        return [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
    return []


def local_name(element: Any) -> str | None:
    """A BPMN element's tag without its namespace; None for anything else (comments, extensions)."""
    tag = element.tag
    if not isinstance(tag, str) or not tag.startswith(f"{{{BPMN_NS}}}"):
        return None
    return tag.rsplit("}", 1)[-1]


def _text(value: str | None) -> str:
    return " ".join((value or "").split())
