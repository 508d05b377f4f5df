"""The expression-only evaluator: what administrators may write, and escapes it refuses."""

from __future__ import annotations

import pytest

from webapp.engine.expressions import BASIC_FUNCTIONS, ExpressionRefused, check, compile_expression, evaluate

NAMES = {"decision": "recognize", "score": 72.5, "reviews": [{"a": 20, "b": 30, "note": "ok"}, {"a": 10, "b": 40}],
         "experts": [3, 4], "flag": True, "data": {"k": [1, 2, 3]}}


def run(expression: str) -> object:
    return evaluate(expression, NAMES, BASIC_FUNCTIONS)


@pytest.mark.parametrize(("expression", "expected"), [
    ('decision == "recognize"', True),
    ('decision in ("return", "reject")', False),
    ("score >= 60 and flag", True),
    ("not flag or score < 10", False),
    ("0 < score <= 100", True),
    ('"high" if score > 70 else "low"', "high"),
    ("mean(scores(reviews))", 50.0),
    ("round(mean([1, 2, 2]), 2)", 1.67),
    ("len(experts) + 1", 3),
    ('data["k"][-1] * 2 - 1', 5),
    ("data['k'][1:]", [2, 3]),
    ('"P" + "30D"', "P30D"),
    ('"P30D"', "P30D"),
    ("max(experts) // 2 % 5", 2),
    ("{'a': 1}['a']", 1),
    ("missing is None if False else 1", 1),
])
def test_allowed_expressions_evaluate(expression, expected):
    assert run(expression) == expected


@pytest.mark.parametrize("expression", [
    "().__class__.__base__",
    "().__class__.__base__.__subclasses__()",
    "__import__('os').system('id')",
    "decision.upper()",
    "data.keys()",
    "(lambda: 1)()",
    "[x for x in experts]",
    "{x: 1 for x in experts}",
    "(y := 3)",
    "2 ** 64",
    "f'{decision}'",
    "open('/etc/passwd')",
    "getattr(decision, 'upper')",
    "eval('1')",
    "len(*experts)",
    "round(score, ndigits=1)",
    "b'bytes'",
    "{**data}",
    "_private",
    "x" * 501,
])
def test_escapes_and_unsupported_syntax_are_refused(expression):
    with pytest.raises(ExpressionRefused):
        check(expression, list(BASIC_FUNCTIONS))


@pytest.mark.parametrize("expression", [
    '"a" * 1000000000',
    "[1] * 1000000000",
    "experts + 'x'",
    "data[0:1]",
])
def test_runtime_guards_stop_abuse_that_parses(expression):
    with pytest.raises((ExpressionRefused, TypeError, KeyError)):
        run(expression)


def test_syntax_errors_are_syntax_errors():
    with pytest.raises(SyntaxError):
        compile_expression(">= 60")


def test_unknown_names_are_reported():
    with pytest.raises(NameError, match="unknown variable 'nothing'"):
        run("nothing == 1")
