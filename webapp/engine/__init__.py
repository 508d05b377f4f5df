"""The SpiffWorkflow adapter: the only package that imports SpiffWorkflow.

Callers get plain rows (ProcessDefinition, ProcessInstance, HumanTask) and dataclasses
(Outcome, Step, TaskView); they never see a SpiffWorkflow object.
"""

from webapp.engine.definitions import ParsedProcess, deploy, latest, latest_or_fail, parse, read_directory, store
from webapp.engine.expressions import ExpressionRefused
from webapp.engine.instances import case_data, claim_due, complete, fire_timers, lock, start
from webapp.engine.models import HumanTask, InstanceStatus, ProcessDefinition, ProcessInstance, TaskStatus
from webapp.engine.paths import ProcessPath, path_taken
from webapp.engine.queries import history, open_tasks
from webapp.engine.types import Outcome, Step, TaskView

__all__ = [
    "ExpressionRefused",
    "HumanTask",
    "InstanceStatus",
    "Outcome",
    "ParsedProcess",
    "ProcessDefinition",
    "ProcessInstance",
    "ProcessPath",
    "Step",
    "TaskStatus",
    "TaskView",
    "case_data",
    "claim_due",
    "complete",
    "deploy",
    "fire_timers",
    "history",
    "latest",
    "latest_or_fail",
    "lock",
    "open_tasks",
    "parse",
    "path_taken",
    "read_directory",
    "start",
    "store",
]
