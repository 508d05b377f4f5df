"""How many of a panel must finish (法定人数): a multi-instance task's `<bpmn:completionCondition>`.

The diagram says it in standard BPMN, which the editor shows as "Completion condition" under
Multi-instance: `len(expert_reviews) >= 2` ends the panel once two experts have scored, and the
tasks of those still scoring are cancelled (they leave their inboxes). No condition: all finish.

SpiffWorkflow checks the condition when an instance finishes, on that instance's data. That data
is a copy taken when the instance started, so the output collection in it (`expert_reviews`) is
still empty and a count could never hold. Here the condition also sees the collection as merged so
far. The classes keep SpiffWorkflow's type names, so deployed versions serialize unchanged and load
with this behaviour; a version without a condition behaves exactly as before.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from SpiffWorkflow.bpmn.specs.defaults import ParallelMultiInstanceTask, SequentialMultiInstanceTask
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.exceptions import TaskNotFoundException
from SpiffWorkflow.task import Task

from webapp.engine import expressions

TRIAL_PANEL = 20
"""Deploy checks try the condition with up to this many finished instances."""


class _CountsFinished:
    """Mixin: evaluate the completion condition with the output collection merged so far."""

    condition: str | None
    data_output: Any

    def check_completion_condition(self, my_task: Task) -> bool:
        merged = my_task.internal_data.get("merged", [])
        if not merged or self.condition is None:
            return False
        last = next(child for child in my_task.children if str(child.id) == merged[-1])
        return bool(my_task.workflow.script_engine.evaluate(last, self.condition,
                                                            external_context=finished_so_far(self, my_task)))


class QuorumParallelMultiInstanceTask(_CountsFinished, ParallelMultiInstanceTask):
    pass


class QuorumSequentialMultiInstanceTask(_CountsFinished, SequentialMultiInstanceTask):
    pass


QUORUM_CLASSES = {QuorumParallelMultiInstanceTask: "ParallelMultiInstanceTask",
                  QuorumSequentialMultiInstanceTask: "SequentialMultiInstanceTask"}
"""Each class with the type name its serialized specs carry."""


def finished_so_far(spec: Any, my_task: Task) -> dict[str, Any]:
    """The output collection as the multi-instance task holds it now, by name (empty without one)."""
    output = spec.data_output
    if output is None or not output.exists(my_task):
        return {}
    return {output.bpmn_id: output.get(my_task)}


def required(workflow: BpmnWorkflow, instance_uuid: Any) -> tuple[int, int | None] | None:
    """(asked, required) for the panel an instance task belongs to: how many instances were started
    and how many must finish. `required` is the smallest count at which the condition holds, the
    reviews still to come counted as empty; None when the condition cannot be read that way (it
    judges the reviews' contents). None for a task that is no instance of such a panel."""
    try:
        child = workflow.get_task_from_id(instance_uuid)
    except TaskNotFoundException:
        return None  # a rewound case no longer has it
    parent = child.parent if child is not None else None
    spec = parent.task_spec if parent is not None else None
    if not isinstance(spec, _CountsFinished):
        return None
    asked = sum(1 for task in parent.children if task.task_spec.name == spec.task_spec)  # type: ignore[attr-defined]
    if spec.condition is None or spec.data_output is None:
        return asked, asked
    so_far = list(finished_so_far(spec, parent).get(spec.data_output.bpmn_id) or [])
    for count in range(1, asked + 1):
        reviews = (so_far + [{}] * asked)[:count]
        try:
            holds = workflow.script_engine.evaluate(child, spec.condition,
                                                    external_context={spec.data_output.bpmn_id: reviews})
        except Exception:
            return asked, None
        if holds:
            return asked, count
    return asked, asked


def problems(specs: Iterable[Any]) -> list[str]:
    """Deploy check: a completion condition speaks of the panel only (its input and output collections
    and items), and can be evaluated as instances finish; a typo such as `expert_reviews >= 2` or an
    unknown name is named here rather than when a case reaches the panel."""
    functions = {**expressions.BASIC_FUNCTIONS, "working_days": lambda count: None}
    found = []
    for spec in specs:
        for task_spec in spec.task_specs.values():
            if isinstance(task_spec, _CountsFinished) and task_spec.condition:
                where = f"{spec.file}: {getattr(task_spec, 'bpmn_id', None) or task_spec.name}"
                found += [f"{where}: completion condition {task_spec.condition!r}: {problem}"
                          for problem in _condition_problems(task_spec, functions)]
    return found


def _condition_problems(spec: Any, functions: Mapping[str, Callable[..., Any]]) -> list[str]:
    known = {ref.bpmn_id: value for ref, value in ((spec.data_input, [1, 2, 3]), (spec.input_item, 1),
                                                   (spec.output_item, {}), (spec.data_output, []))
             if ref is not None}
    output = spec.data_output.bpmn_id if spec.data_output is not None else None
    for count in range(1, TRIAL_PANEL + 1):
        names = {**known, **({output: [{}] * count} if output else {})}
        try:
            if expressions.evaluate(spec.condition, names, functions):
                return []
        except NameError as error:
            return [f"{error}; it may use {', '.join(sorted(known))} (the reviews finished so far are "
                    f"{output or 'not collected: add a loopDataOutputRef'})"]
        except (TypeError, expressions.ExpressionRefused) as error:
            return [f"cannot be evaluated ({error}); count the finished ones, e.g. len({output or 'reviews'}) >= 2"]
        except (KeyError, IndexError, ValueError, ArithmeticError):
            return []  # it reads the reviews' contents, which a trial with empty reviews cannot judge
    return [f"never holds, however many finish; count the finished ones, e.g. len({output or 'reviews'}) >= 2"]
