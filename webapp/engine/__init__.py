"""The SpiffWorkflow adapter: the only package that imports SpiffWorkflow.

Callers get plain rows (ProcessDefinition, ProcessInstance, HumanTask) and dataclasses
(Outcome, Step, TaskView); they never see a SpiffWorkflow object.
"""

from webapp.engine.decisions import DecisionResult, MatchedRule, decide
from webapp.engine.definitions import (
    ParsedProcess,
    changes_between,
    declared_ids,
    declared_names,
    deploy,
    is_decision,
    latest,
    latest_or_fail,
    parse,
    read_directory,
    store,
    version,
    versions,
    workspace,
)
from webapp.engine.expressions import ExpressionRefused
from webapp.engine.instances import (
    cancel,
    case_data,
    claim_due,
    complete,
    fire_timers,
    lock,
    lock_task,
    migrate,
    migration_check,
    migration_options,
    recount_deadlines,
    rewind,
    start,
    waiting_at,
    waiting_tasks,
    with_deadlines_in,
)
from webapp.engine.migration import ElementChange, Eligibility, compare
from webapp.engine.models import (
    DelegationState,
    HumanTask,
    InstanceStatus,
    ProcessDefinition,
    ProcessInstance,
    TaskStatus,
)
from webapp.engine.panels import Quorum, panel_quorum
from webapp.engine.paths import ProcessPath, lanes_of, path_taken
from webapp.engine.queries import history, open_tasks, timers_due_before
from webapp.engine.restart import MoveOptions, Place, StepOption
from webapp.engine.timers import ESCALATE_AFTER, REMIND_BEFORE, period_days
from webapp.engine.types import DeadlineChange, Outcome, Step, TaskView

__all__ = [
    "ESCALATE_AFTER",
    "REMIND_BEFORE",
    "DeadlineChange",
    "DecisionResult",
    "DelegationState",
    "ElementChange",
    "Eligibility",
    "ExpressionRefused",
    "HumanTask",
    "InstanceStatus",
    "MatchedRule",
    "MoveOptions",
    "Outcome",
    "ParsedProcess",
    "Place",
    "ProcessDefinition",
    "ProcessInstance",
    "ProcessPath",
    "Quorum",
    "Step",
    "StepOption",
    "TaskStatus",
    "TaskView",
    "cancel",
    "case_data",
    "changes_between",
    "claim_due",
    "compare",
    "complete",
    "decide",
    "declared_ids",
    "declared_names",
    "deploy",
    "fire_timers",
    "history",
    "is_decision",
    "lanes_of",
    "latest",
    "latest_or_fail",
    "lock",
    "lock_task",
    "migrate",
    "migration_check",
    "migration_options",
    "open_tasks",
    "panel_quorum",
    "parse",
    "path_taken",
    "period_days",
    "read_directory",
    "recount_deadlines",
    "rewind",
    "start",
    "store",
    "timers_due_before",
    "version",
    "versions",
    "waiting_at",
    "waiting_tasks",
    "with_deadlines_in",
    "workspace",
]
