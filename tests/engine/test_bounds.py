"""Numbers, durations and expressions an administrator writes are bounded at deploy, and again when
a case runs, so that no diagram can hold a worker (and the case's lock) for seconds."""

from __future__ import annotations

import time

import pytest

from tests.engine import samples
from webapp import engine, taskforms
from webapp.db import transaction
from webapp.engine import expressions
from webapp.errors import ProcessDefinitionError, ProcessError

DUE = ('<bpmn:userTask id="Task_review" name="Review" camunda:candidateGroups="official" '
       'camunda:formKey="endorsement" camunda:dueDate="${{{due}}}" />')


def refused(files: dict[str, bytes]) -> list[str]:
    started = time.perf_counter()
    with pytest.raises(ProcessDefinitionError) as error, transaction():
        engine.deploy(files, form_exists=taskforms.catalog().exists)
    assert time.perf_counter() - started < 2
    return error.value.problems


@pytest.mark.parametrize(("condition", "words"), [
    ("working_days(999999999) > 0", "working_days() counts 0 to 3650 working days, not 999999999"),
    ("working_days(-5) > 0", "working_days() counts 0 to 3650 working days, not -5"),
    ("decision == " + "7" * 400, "whole numbers in expressions have at most 15 digits"),
    ("decision == 1 or " * 100_000 + "decision == 1", "expression longer than 500 characters"),
])
def test_huge_numbers_counts_and_conditions_are_refused_at_deploy(app, condition, words):
    problems = refused({"huge.bpmn": samples.gateway(condition)})
    assert len(problems) == 1 and problems[0].startswith("huge.bpmn: Flow_yes: ") and words in problems[0], problems


@pytest.mark.parametrize(("due", "words"), [
    ("'P999999999Y'", "durations reach at most 10 years ahead, not 'P999999999Y'"),
    ("working_days(2000000)", "working_days() counts 0 to 3650 working days, not 2000000"),
])
def test_due_dates_beyond_ten_years_are_refused_at_deploy(app, due, words):
    problems = refused({"due.bpmn": samples.linear(DUE.format(due=due))})
    assert any("Task_review: due date" in p and words in p for p in problems), problems


@pytest.mark.parametrize(("days", "words"), [
    (2_000_000, "working_days() counts 0 to 3650 working days, not 2000000"),
    (-5, "working_days() counts 0 to 3650 working days, not -5"),
])
def test_a_count_from_the_case_data_is_refused_at_once_when_the_case_runs(app, days, words):
    with transaction():
        definition = engine.deploy({"due.bpmn": samples.linear(DUE.format(due="working_days(days)"))},
                                   form_exists=taskforms.catalog().exists)[0]
    started = time.perf_counter()
    with pytest.raises(ProcessError) as error, transaction():
        engine.start(definition, subject_type="test", subject_id=1, title="t", base_region_code="610323",
                     owner_key=None, data={"days": days})
    assert time.perf_counter() - started < 1
    assert words in str(error.value.message)


def test_a_duration_from_the_case_data_is_refused_at_once_when_the_case_runs(app):
    with transaction():
        definition = engine.deploy({"due.bpmn": samples.linear(DUE.format(due="period"))},
                                   form_exists=taskforms.catalog().exists)[0]
    started = time.perf_counter()
    with pytest.raises(ProcessError) as error, transaction():
        engine.start(definition, subject_type="test", subject_id=1, title="t", base_region_code="610323",
                     owner_key=None, data={"period": "P999999999Y"})
    assert time.perf_counter() - started < 1
    assert "durations reach at most 10 years ahead" in str(error.value.message)


def test_arithmetic_cannot_build_huge_numbers(app):
    with pytest.raises(expressions.ExpressionRefused, match="more than 15 digits"):
        expressions.evaluate("999999999 * 999999999 * 999999999", {}, {})
