"""Where each choice of a task's decision leads, checked before a version is deployed.

A task form's `decision` field offers choices (同意推荐 / 退回修改 ...) and the diagram routes them
with gateway conditions such as `decision == "return"`. A choice no flow takes stops the case with an
error at run time; a choice no condition looks at silently goes on like the others (a township's
退回修改 reaching the county). Both are found by following every choice of every deciding user task
through the diagram (flowgraph), with only the decision known:

- refused: a choice that reaches a gateway where no flow takes it and there is no default; a condition
  comparing `decision` with a word that none of the choices arriving at its gateway is (a typo such as
  "retrun"); a condition on a flow that leaves anything but a gateway (the engine takes such a flow
  whatever its condition says);
- warned (deploys): a choice of a task offering several that no condition looks at on its way (only
  default or plain flows), naming where it goes. A choice whose way depends on other case data is
  neither refused nor warned about: the check cannot know where it goes.

Where a case may arrive at a gateway with a decision taken earlier (after a start event, a boundary
timer or a task whose form has no decision), the gateway's words are not checked.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from webapp.engine.flowgraph import (
    CHOOSING,
    CONTAINERS,
    DECISION,
    PASSING,
    Diagram,
    Key,
    Node,
    compared_words,
    local_name,
    walk,
)
from webapp.errors import DefinitionProblem, ProcessDefinitionError
from webapp.i18n import N_

if TYPE_CHECKING:
    from webapp.engine.definitions import ParsedProcess

NOT_DECIDING = (*CHOOSING, *PASSING, "endEvent", "callActivity", *CONTAINERS)
"""Elements a case leaves with no decision of its own: the walks through them are followed already
(what a call activity or sub-process hands on comes from the ends of what it runs)."""

DecisionOptions = Callable[[str], Mapping[str, str] | None]
"""A form key -> its decision's choices (value -> label), None when the form has no decision field."""

NOWHERE = N_("%(file)s: the choice %(choice)s of task %(task)s leads nowhere: at %(gateway)s no flow's condition "
             "holds for it and no flow is the default. Add a flow with the condition decision == \"%(option)s\", "
             "or make one flow the default.")
UNKNOWN_WORD = N_("%(file)s: the flow %(flow)s after %(gateway)s has the condition %(condition)s, but no form "
                  "offers the choice \"%(option)s\" there; the choices that arrive are %(choices)s. Correct the "
                  "condition to one of them.")
IGNORED_CONDITION = N_("%(file)s: the flow %(flow)s leaves %(element)s with the condition %(condition)s, but only "
                       "a gateway looks at conditions: every flow leaving %(element)s is taken. Put an exclusive "
                       "gateway after it and move the condition to a flow leaving the gateway.")
DECISION_IGNORED = N_("%(file)s: no condition looks at the decision of task %(task)s: whichever choice is made "
                      "(%(choices)s), the case goes on to %(targets)s. Put an exclusive gateway after the task with "
                      "a flow for each choice, e.g. with the condition decision == \"%(option)s\".")
NOT_LOOKED_AT = N_("%(file)s: no condition looks at the choice %(choice)s of task %(task)s, so it goes on to "
                   "%(targets)s. If it should go elsewhere, add a flow with the condition decision == \"%(option)s\" "
                   "leaving an exclusive gateway after the task.")


@dataclass(frozen=True)
class Findings:
    refusals: list[DefinitionProblem]
    warnings: list[tuple[str, DefinitionProblem]]
    """(process id, warning): the versions of the processes that run it show it."""


def checked(parser: Any, processes: dict[str, ParsedProcess],
            decision_options: DecisionOptions) -> dict[str, ParsedProcess]:
    """The parsed processes with the warnings that concern them; ProcessDefinitionError for refusals."""
    groups = {key: {key, *parser.get_subprocess_specs(key)} for key in processes}
    sources = []
    for process_id in sorted(set().union(*groups.values())):
        process_parser = parser.get_process_parser(process_id)
        if process_parser is not None and local_name(process_parser.node) == "process":  # not an embedded one
            sources.append((process_id, str(process_parser.filename), process_parser.node))
    findings = check(sources, decision_options)
    if findings.refusals:
        raise ProcessDefinitionError(list(findings.refusals))
    return {key: replace(process, warnings=tuple(dict.fromkeys(
        warning for process_id, warning in findings.warnings if process_id in groups[key])))
        for key, process in processes.items()}


def check(processes: Iterable[tuple[str, str, Any]], decision_options: DecisionOptions) -> Findings:
    """The flows of (process id, file name, `bpmn:process` element), as the module's docstring says."""
    diagram = Diagram(processes)
    refusals = [DefinitionProblem(IGNORED_CONDITION, file=flow.source[0], flow=flow.label, condition=flow.condition,
                                  element=diagram.nodes[flow.source].label)
                for flows in diagram.outgoing.values() for flow in flows
                if flow.condition and flow.source in diagram.nodes and diagram.nodes[flow.source].kind not in CHOOSING]
    warnings: list[tuple[str, DefinitionProblem]] = []
    arriving: dict[Key, dict[str, str]] = {}
    elsewhere: set[Key] = set()
    for node in diagram.nodes.values():
        options = _options(node, decision_options)
        if options is None:
            if diagram.outgoing.get(node.key) and node.kind not in NOT_DECIDING:
                elsewhere |= walk(diagram, node, {}).choosing  # a decision taken before may arrive there
            continue
        unseen: dict[str, str] = {}  # choice -> where it goes, for the choices no condition looks at
        for option, label in options.items():
            route = walk(diagram, node, {DECISION: option})
            for key in route.choosing:
                arriving.setdefault(key, {})[option] = label
            stuck = {gateway.key: gateway for gateway, state in route.nowhere if not state.uncertain}
            refusals += [DefinitionProblem(NOWHERE, file=node.file, choice=choice(option, label), task=node.label,
                                           gateway=gateway.label, option=option) for gateway in stuck.values()]
            if route.ends and not route.nowhere and \
                    not any(state.tested or state.uncertain for _end, state in route.ends):
                unseen[option] = ", ".join(dict.fromkeys(end.label for end, _state in route.ends))
        if len(options) > 1:
            warnings += [(node.process, problem) for problem in _not_looked_at(node, options, unseen)]
    refusals += _unknown_words(diagram, arriving, elsewhere)
    return Findings(list(dict.fromkeys(refusals)), warnings)


def choice(option: str, label: str) -> str:
    """A choice as the form shows it, with the word conditions use: “退回修改” (return)."""
    return f"“{label}” ({option})" if label and label != option else f"“{option}”"


def _options(node: Node, decision_options: DecisionOptions) -> Mapping[str, str] | None:
    """The choices a user task's form offers (a repeated task's instances each decide for themselves)."""
    if node.kind != "userTask" or not node.form_key or node.repeated:
        return None
    return decision_options(node.form_key) or None


def _not_looked_at(node: Node, options: Mapping[str, str], unseen: Mapping[str, str]) -> list[DefinitionProblem]:
    """One warning when the task's decision is looked at nowhere and every choice goes the same way,
    else one for each choice no condition looks at."""
    if unseen.keys() == options.keys() and len(set(unseen.values())) == 1:
        targets = next(iter(unseen.values()))
        choices = ", ".join(choice(o, label) for o, label in options.items())
        return [DefinitionProblem(DECISION_IGNORED, file=node.file, task=node.label, targets=targets, choices=choices,
                                  option=list(options)[-1])]
    return [DefinitionProblem(NOT_LOOKED_AT, file=node.file, choice=choice(option, options[option]), task=node.label,
                              targets=targets, option=option) for option, targets in unseen.items()]


def _unknown_words(diagram: Diagram, arriving: Mapping[Key, Mapping[str, str]],
                   elsewhere: set[Key]) -> list[DefinitionProblem]:
    problems = []
    for key, options in arriving.items():
        gateway = diagram.nodes[key]
        if key in elsewhere:
            continue
        for flow in diagram.outgoing.get(key, []):
            if flow.condition and flow.id != gateway.default:
                problems += [DefinitionProblem(
                    UNKNOWN_WORD, file=gateway.file, flow=flow.label, gateway=gateway.label, condition=flow.condition,
                    option=word, choices=", ".join(choice(o, label) for o, label in options.items()))
                    for word in dict.fromkeys(compared_words(flow.condition)) if word not in options]
    return problems
