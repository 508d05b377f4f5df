"""Expression-only evaluation for everything an administrator writes in a diagram.

Gateway conditions, timer expressions, assignee and due-date expressions and DMN cells are parsed
with `ast.parse(mode="eval")` and then *interpreted* here node by node; nothing reaches Python's
`eval` or `exec`. Allowed: literals, names without a leading underscore, comparisons, boolean and
arithmetic operators (no `**`), `x if c else y`, subscripts, list/tuple/dict displays and calls to
the functions this module is given. Attribute access, lambdas, comprehensions, f-strings and
everything else are refused, at deploy time and again at run time.
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from statistics import fmean
from typing import Any

MAX_LENGTH = 500
MAX_SEQUENCE = 10_000
MAX_INTEGER = 10**15 - 1
"""Whole numbers in and out of arithmetic stay within 15 digits: no count or amount a process handles
comes near it, and repeated multiplication could otherwise build numbers that cost seconds to print."""


class ExpressionRefused(ValueError):
    """The expression uses something outside the allowed subset."""


_COMPARE: dict[type[ast.cmpop], Callable[[Any, Any], bool]] = {
    ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.Lt: operator.lt, ast.LtE: operator.le,
    ast.Gt: operator.gt, ast.GtE: operator.ge, ast.In: lambda a, b: a in b,
    ast.NotIn: lambda a, b: a not in b, ast.Is: operator.is_, ast.IsNot: operator.is_not,
}
_ARITHMETIC: dict[type[ast.operator], Callable[[Any, Any], Any]] = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
    ast.Div: operator.truediv, ast.FloorDiv: operator.floordiv, ast.Mod: operator.mod,
}
_UNARY: dict[type[ast.unaryop], Callable[[Any], Any]] = {
    ast.Not: operator.not_, ast.USub: operator.neg, ast.UAdd: operator.pos,
}
_STRUCTURE = (ast.Expression, ast.Load, ast.And, ast.Or, ast.Slice, ast.keyword)
_ALLOWED = (
    ast.Constant, ast.Name, ast.Compare, ast.BoolOp, ast.BinOp, ast.UnaryOp, ast.IfExp,
    ast.Subscript, ast.Call, ast.List, ast.Tuple, ast.Dict, *_STRUCTURE,
    *_COMPARE, *_ARITHMETIC, *_UNARY,
)


@lru_cache(maxsize=2048)
def compile_expression(expression: str) -> ast.Expression:
    """Parse and check an expression; SyntaxError if it does not parse, ExpressionRefused if unsafe."""
    text = expression.strip()
    if len(text) > MAX_LENGTH:
        raise ExpressionRefused(f"expression longer than {MAX_LENGTH} characters")
    tree = ast.parse(text, mode="eval")
    for node in ast.walk(tree):
        if not isinstance(node, _ALLOWED):
            raise ExpressionRefused(f"{type(node).__name__} is not allowed in expressions: {text!r}")
        if isinstance(node, ast.Name) and node.id.startswith("_"):
            raise ExpressionRefused(f"names starting with '_' are not allowed: {node.id}")
        if isinstance(node, ast.Call) and not isinstance(node.func, ast.Name):
            raise ExpressionRefused(f"only plain function calls are allowed: {text!r}")
        if isinstance(node, ast.Call) and node.keywords:
            raise ExpressionRefused(f"keyword arguments are not allowed: {text!r}")
        if isinstance(node, ast.Constant) and not isinstance(node.value, str | int | float | bool | None):
            raise ExpressionRefused(f"constant of type {type(node.value).__name__} is not allowed")
        if isinstance(node, ast.Constant) and _too_large(node.value):
            raise ExpressionRefused(f"whole numbers in expressions have at most {len(str(MAX_INTEGER))} digits")
        if isinstance(node, ast.Dict) and any(key is None for key in node.keys):
            raise ExpressionRefused("dictionary unpacking is not allowed")
    return tree


def check(expression: str, functions: Sequence[str]) -> None:
    """Deploy-time check: the expression is safe and calls only known functions."""
    tree = compile_expression(expression)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and node.func.id not in functions:  # type: ignore[attr-defined]
            raise ExpressionRefused(f"unknown function {node.func.id}()")  # type: ignore[attr-defined]


def evaluate(expression: str, names: Mapping[str, Any], functions: Mapping[str, Callable[..., Any]]) -> Any:
    return _Interpreter(names, functions).run(compile_expression(expression).body)


class _Interpreter:
    def __init__(self, names: Mapping[str, Any], functions: Mapping[str, Callable[..., Any]]) -> None:
        self.names = names
        self.functions = functions

    def run(self, node: ast.AST) -> Any:
        match node:
            case ast.Constant(value=value):
                return value
            case ast.Name(id=name):
                if name not in self.names:
                    raise NameError(f"unknown variable {name!r}")
                return self.names[name]
            case ast.BoolOp(op=ast.And(), values=values):
                result: Any = True
                for value in values:
                    result = self.run(value)
                    if not result:
                        return result
                return result
            case ast.BoolOp(op=ast.Or(), values=values):
                result = False
                for value in values:
                    result = self.run(value)
                    if result:
                        return result
                return result
            case ast.Compare(left=left, ops=ops, comparators=comparators):
                return self._compare(left, ops, comparators)
            case ast.BinOp(left=left, op=op, right=right):
                return _arithmetic(op, self.run(left), self.run(right))
            case ast.UnaryOp(op=op, operand=operand):
                return _UNARY[type(op)](self.run(operand))
            case ast.IfExp(test=test, body=body, orelse=orelse):
                return self.run(body) if self.run(test) else self.run(orelse)
            case ast.Subscript(value=value, slice=index):
                return self._subscript(self.run(value), index)
            case ast.Call(func=ast.Name(id=name), args=args):
                return self._call(name, args)
            case ast.List(elts=elts) | ast.Tuple(elts=elts):
                items = [self.run(e) for e in elts]
                return items if isinstance(node, ast.List) else tuple(items)
            case ast.Dict(keys=keys, values=values):
                return {self.run(k): self.run(v) for k, v in zip(keys, values, strict=True)}  # type: ignore[arg-type]
        raise ExpressionRefused(f"{type(node).__name__} is not allowed in expressions")

    def _compare(self, left: ast.expr, ops: list[ast.cmpop], comparators: list[ast.expr]) -> bool:
        current = self.run(left)
        for op, comparator in zip(ops, comparators, strict=True):
            right = self.run(comparator)
            if not _COMPARE[type(op)](current, right):
                return False
            current = right
        return True

    def _subscript(self, container: Any, index: ast.expr) -> Any:
        if not isinstance(container, dict | list | tuple | str):
            raise ExpressionRefused(f"cannot index a {type(container).__name__}")
        if isinstance(index, ast.Slice):
            parts = [self.run(p) if p is not None else None for p in (index.lower, index.upper, index.step)]
            return container[slice(*parts)]  # type: ignore[index]
        return container[self.run(index)]

    def _call(self, name: str, args: list[ast.expr]) -> Any:
        function = self.functions.get(name)
        if function is None:
            raise ExpressionRefused(f"unknown function {name}()")
        return function(*(self.run(a) for a in args))


def _arithmetic(op: ast.operator, left: Any, right: Any) -> Any:
    numbers = isinstance(left, int | float) and isinstance(right, int | float)
    if isinstance(op, ast.Add) and not numbers:
        same_sequence = type(left) is type(right) and isinstance(left, str | list | tuple)
        if not same_sequence or len(left) + len(right) > MAX_SEQUENCE:
            raise ExpressionRefused("'+' joins two numbers, two texts or two lists (of bounded length)")
    elif not numbers:
        raise ExpressionRefused("arithmetic other than '+' works on numbers only")
    result = _ARITHMETIC[type(op)](left, right)
    if _too_large(result):
        raise ExpressionRefused(f"the result has more than {len(str(MAX_INTEGER))} digits")
    return result


def _too_large(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_INTEGER


def mean(values: Sequence[float]) -> float:
    """Arithmetic mean; 0 for an empty list so a gateway never fails on no reviews."""
    numbers = [v for v in values if isinstance(v, int | float) and not isinstance(v, bool)]
    return fmean(numbers) if numbers else 0.0


def scores(reviews: Sequence[Mapping[str, Any]]) -> list[float]:
    """The total points of each review: the sum of its numeric fields."""
    return [
        sum(v for v in review.values() if isinstance(v, int | float) and not isinstance(v, bool))
        for review in reviews
        if isinstance(review, Mapping)
    ]


BASIC_FUNCTIONS: dict[str, Callable[..., Any]] = {
    "len": len, "min": min, "max": max, "sum": sum, "abs": abs, "round": round,
    "mean": mean, "scores": scores,
}
