"""Inputs written as arithmetic over the map's named parameters.

A node's `formulas` maps an input ("likelihood", "strength" or "impact.<perspective>") to an
expression such as `-price * units / 1000` or `1 - p_win`. Expressions are parsed with `ast` and
walked over an allow-list of nodes: numbers, parameter names, + - * / ** and unary signs, and
parentheses. Nothing is ever evaluated by Python itself, so a formula cannot call or import
anything. The same walk evaluates a formula over plain floats (scoring) or over numpy arrays
(simulation), since only arithmetic operators are applied.

Every problem is one line naming the node, the field and what is wrong: an unknown parameter,
a syntax error, a division by zero, a value out of the field's range, or a parameter outside its
own min..max.
"""

from __future__ import annotations

import ast
import math
from dataclasses import dataclass
from typing import Any, Mapping

from argmap.errors import ArgmapError
from argmap.model.document import Document, Kind

__all__ = ["FormulaError", "Formula", "parse", "parameter_values", "field_range", "node_formulas", "FIELDS"]

#: The inputs a formula may give, by node kind.
FIELDS = {"likelihood": (Kind.CONSEQUENCE,), "strength": (Kind.PRO, Kind.CON, Kind.EVIDENCE),
          "impact": (Kind.CONSEQUENCE, Kind.OPTION)}
_MAX_EXPONENT = 64.0
_BINARY = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**"}


class FormulaError(ArgmapError):
    """A formula that cannot be read or evaluated, or that gives a value out of range."""


@dataclass(frozen=True)
class Formula:
    """A checked expression: its text, its tree, and the parameters it reads."""

    node_id: str
    field: str  # "likelihood", "strength" or "impact.<perspective id>"
    text: str
    tree: ast.expr
    names: frozenset[str]

    def where(self) -> str:
        return f"node '{self.node_id}' field {self.field}"

    def evaluate(self, values: Mapping[str, Any]) -> Any:
        """The value with these parameter values (floats or arrays of samples)."""
        try:
            return _eval(self.tree, values)
        except ZeroDivisionError:
            raise FormulaError(f"{self.where()}: '{self.text}' divides by zero",
                               hint="Change the formula or the parameter that is 0.") from None
        except OverflowError:
            raise FormulaError(f"{self.where()}: '{self.text}' gives a number too large",
                               hint="Check the powers and the parameters' values.") from None


def parse(node_id: str, field: str, text: str, known: Mapping[str, Any]) -> Formula:
    """Parse and check one formula; FormulaError for a syntax error, a disallowed part or an unknown name."""
    where = f"node '{node_id}' field {field}"
    try:
        tree = ast.parse(text.strip(), mode="eval").body
    except SyntaxError as exc:
        raise FormulaError(f"{where}: '{text}' is not a formula (syntax error at column {exc.offset or 0})",
                           hint="Use numbers, parameter names, + - * / ** and parentheses.") from None
    names: set[str] = set()
    for part in ast.walk(tree):
        if isinstance(part, ast.Name):
            if part.id not in known:
                raise FormulaError(f"{where}: unknown parameter '{part.id}' in '{text}'",
                                   hint="Known parameters: " + (", ".join(sorted(known)) or "none") + ".")
            names.add(part.id)
        elif isinstance(part, ast.Constant):
            if isinstance(part.value, bool) or not isinstance(part.value, (int, float)):
                raise FormulaError(f"{where}: only numbers may appear in a formula, not {part.value!r}")
        elif not isinstance(part, (ast.BinOp, ast.UnaryOp, ast.Load, ast.USub, ast.UAdd, *_BINARY)):
            raise FormulaError(f"{where}: '{text}' uses {type(part).__name__}, which a formula may not",
                               hint="Use numbers, parameter names, + - * / ** and parentheses.")
    return Formula(node_id, field, text, tree, frozenset(names))


def _eval(tree: ast.expr, values: Mapping[str, Any]) -> Any:
    if isinstance(tree, ast.Constant):
        return float(tree.value)
    if isinstance(tree, ast.Name):
        return values[tree.id]
    if isinstance(tree, ast.UnaryOp):
        x = _eval(tree.operand, values)
        return -x if isinstance(tree.op, ast.USub) else +x
    assert isinstance(tree, ast.BinOp)
    a, b = _eval(tree.left, values), _eval(tree.right, values)
    op = type(tree.op)
    if op is ast.Add:
        return a + b
    if op is ast.Sub:
        return a - b
    if op is ast.Mult:
        return a * b
    if op is ast.Div:
        if _any_zero(b):
            raise ZeroDivisionError
        return a / b
    if _any_big(b):
        raise OverflowError
    return a ** b


def _any_zero(x: Any) -> bool:
    return bool((x == 0).any()) if hasattr(x, "any") else x == 0


def _any_big(x: Any) -> bool:
    return bool((abs(x) > _MAX_EXPONENT).any()) if hasattr(x, "any") else abs(x) > _MAX_EXPONENT


def parameter_values(doc: Document, overrides: Mapping[str, float] | None = None) -> dict[str, float]:
    """Parameter id -> value (with overrides); FormulaError for a value outside the parameter's min..max."""
    out: dict[str, float] = {}
    for p in doc.parameters:
        value = overrides.get(p.id, p.value) if overrides else p.value
        if (p.min is not None and value < p.min) or (p.max is not None and value > p.max):
            raise FormulaError(f"parameter '{p.id}': value {value:g} is outside its range "
                               f"{_fmt(p.min)}..{_fmt(p.max)}", hint="Change the value or the range.")
        out[p.id] = float(value)
    return out


def _fmt(x: float | None) -> str:
    return "" if x is None else f"{x:g}"


def field_range(field: str, doc: Document) -> tuple[float, float]:
    """The range a field's value must lie in: 0..1, or the impact scale."""
    if field.startswith("impact."):
        return doc.impact_scale.min, doc.impact_scale.max
    return 0.0, 1.0


def node_formulas(doc: Document, known: Mapping[str, Any]) -> list[Formula]:
    """Every node's formulas, parsed and checked (fields the node's kind has, perspectives that exist)."""
    perspectives = {p.id for p in doc.perspectives}
    out = []
    for node in doc.nodes:
        if not node.formulas:
            continue
        for field, text in node.formulas.items():
            name, _, pid = field.partition(".")
            kinds = FIELDS.get(name)
            if kinds is None or (name == "impact") != bool(pid):
                raise FormulaError(f"node '{node.id}' field {field}: not an input a formula can give",
                                   hint="Use likelihood, strength or impact.<perspective id>.")
            if node.kind not in kinds:
                raise FormulaError(f"node '{node.id}' field {field}: {node.kind.value} nodes have no {name}")
            if pid and pid not in perspectives:
                raise FormulaError(f"node '{node.id}' field {field}: '{pid}' is not a perspective of this map")
            out.append(parse(node.id, field, text, known))
    return out


def check_value(f: Formula, value: float, doc: Document) -> float:
    """The value if it is finite and in its field's range, else FormulaError."""
    lo, hi = field_range(f.field, doc)
    if not math.isfinite(value):
        raise FormulaError(f"{f.where()}: '{f.text}' gives {value}, not a number")
    if not lo <= value <= hi:
        raise FormulaError(f"{f.where()}: '{f.text}' gives {value:g}, outside {lo:g}..{hi:g}",
                           hint="Change the formula or the parameters it reads.")
    return value
