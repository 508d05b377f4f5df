"""A user task's reminder periods (`remindBefore`, `escalateAfter`) are whole numbers of working days:
deployment refuses anything else, naming the task and the property, and deploys nothing."""

from __future__ import annotations

import pytest

from tests.engine import samples
from webapp import engine, taskforms
from webapp.db import transaction
from webapp.errors import ProcessDefinitionError

TASK = ('<bpmn:userTask id="Task_review" name="Review" camunda:candidateGroups="official" '
        'camunda:formKey="endorsement"><bpmn:extensionElements><camunda:properties>{properties}'
        "</camunda:properties></bpmn:extensionElements></bpmn:userTask>")


def with_periods(**periods: str) -> dict[str, bytes]:
    properties = "".join(f'<camunda:property name="{name}" value="{value}" />' for name, value in periods.items())
    return {"periods.bpmn": samples.linear(TASK.format(properties=properties), process_id="periods")}


@pytest.mark.parametrize("periods", [{"remindBefore": "two"}, {"escalateAfter": "-1"}, {"remindBefore": "61"},
                                     {"escalateAfter": "1.5"}, {"remindBefore": ""}, {"escalateAfter": "²"}])
def test_a_period_that_is_not_a_whole_number_of_working_days_is_refused(app, periods):
    with pytest.raises(ProcessDefinitionError) as error, transaction():
        engine.deploy(with_periods(**periods), form_exists=taskforms.catalog().exists)
    (name, value), = periods.items()
    assert error.value.problems == [f"periods.bpmn: Task_review: property {name} = {value!r} must be a whole "
                                    "number of working days from 0 to 60"]
    assert engine.latest("periods") is None


def test_whole_numbers_of_working_days_deploy(app):
    with transaction():
        deployed = engine.deploy(with_periods(remindBefore="0", escalateAfter="60"),
                                 form_exists=taskforms.catalog().exists)
    assert [d.key for d in deployed] == ["periods"]
