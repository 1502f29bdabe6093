"""Plain-language descriptions of pydantic validation errors."""

from __future__ import annotations

import json
from typing import Any

__all__ = ["describe"]


def _num(value: Any) -> str:
    return f"{value:g}" if isinstance(value, (int, float)) else str(value)


def describe(err: dict[str, Any]) -> str:
    kind, value, ctx = err["type"], err.get("input"), err.get("ctx", {})
    shown = json.dumps(value, ensure_ascii=False) if isinstance(value, (str, int, float, bool, type(None))) else type(value).__name__
    if kind in ("less_than_equal", "less_than"):
        return f"{shown} is above {_num(ctx.get('le', ctx.get('lt')))}"
    if kind in ("greater_than_equal", "greater_than"):
        return f"{shown} is below {_num(ctx.get('ge', ctx.get('gt')))}"
    if kind == "missing":
        return "is missing"
    if kind in ("float_parsing", "float_type", "int_parsing", "int_type", "int_from_float"):
        return f"{shown} is not a {'whole ' if kind.startswith('int') else ''}number"
    if kind in ("string_type",):
        return f"expected text, got {shown}"
    if kind in ("list_type", "dict_type", "model_type", "model_attributes_type"):
        expected = {"list_type": "a list", "dict_type": "an object", "model_type": "an object", "model_attributes_type": "an object"}[kind]
        return f"expected {expected}, got {shown}"
    if kind in ("literal_error", "enum"):
        return f"{shown} is not one of {ctx.get('expected', '')}"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "bool_type" or kind == "bool_parsing":
        return f"expected true or false, got {shown}"
    return f"{err['msg'][0].lower()}{err['msg'][1:]} (got {shown})"
