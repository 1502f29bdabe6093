"""Checks of loaded data: plain-language descriptions of pydantic errors, and the tree's structure."""

from __future__ import annotations

import json
from operator import attrgetter, eq
from typing import Any

from argmap.errors import Diagnostic
from argmap.model.document import Document

__all__ = ["describe", "structural_problems"]


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


_ID = attrgetter("id")
_PARENT = attrgetter("parent")
#: A cycle longer than this is shown by its start and its end.
_CYCLE_SHOWN = 12


def structural_problems(doc: Document) -> list[Diagnostic]:
    """Problems that make the data unusable as a tree: ids, parents, cycles, the question.

    Linear and without recursion. A file whose nodes each stand after their parent, as
    argmap writes them, is checked in one pass over the ids; others are walked from their roots.
    """
    doc.invalidate()  # the tree is checked as it is now, and the index rebuilt from it when needed
    ids = list(map(_ID, doc.nodes))
    parents = list(map(_PARENT, doc.nodes))
    known = _ordered_ids(ids, parents)
    out: list[Diagnostic] = []
    if known is None:
        known = set(ids)
        out = _id_and_parent_problems(ids, parents, known)
        if out:
            return out
        if _reached(doc) != len(ids):  # the ids and parents are sound, so only a cycle hides nodes
            out.append(_describe_cycle(ids, parents))
    if doc.question is not None and doc.question not in known:
        out.append(Diagnostic("error", "question", f"'{doc.question}' is not the id of any node"))
    return out


def _ordered_ids(ids: list[str], parents: list[str | None]) -> set[str | None] | None:
    """The ids (and None) when they are unique and each node's parent stands before it, else None.

    Then no parent is missing or the node itself, and there is no cycle: going up from any
    node, positions fall until a root.
    """
    seen: set[str | None] = {None}
    add = seen.add
    for node_id, parent in zip(ids, parents):
        if parent not in seen:
            return None
        add(node_id)
    return seen if len(seen) == len(ids) + 1 else None


def _id_and_parent_problems(ids: list[str], parents: list[str | None], known: set[str]) -> list[Diagnostic]:
    """Duplicate ids, then parents that are no node's id or the node itself, in list order."""
    out: list[Diagnostic] = []
    if len(known) != len(ids):
        first: dict[str, int] = {}
        for i, node_id in enumerate(ids):
            if node_id in first:
                out.append(Diagnostic("error", f"nodes[{i}].id", f"'{node_id}' is a duplicate of nodes[{first[node_id]}].id"))
            else:
                first[node_id] = i
    missing = set(parents) - known
    missing.discard(None)
    if missing or any(map(eq, ids, parents)):
        for i, (node_id, parent) in enumerate(zip(ids, parents)):
            if parent == node_id:
                out.append(Diagnostic("error", f"nodes[{i}].parent", f"'{parent}' is its own parent"))
            elif parent in missing:
                out.append(Diagnostic("error", f"nodes[{i}].parent", f"'{parent}' is not the id of any node"))
    return out


def _reached(doc: Document) -> int:
    """How many nodes a walk from the roots reaches: all of them unless some sit on or under a cycle."""
    children = doc._child_index()
    reached = 0
    stack = list(children.get(None, ()))
    get, push, pop = children.get, stack.extend, stack.pop
    while stack:
        reached += 1
        kids = get(pop().id)
        if kids:
            push(kids)
    return reached


def _describe_cycle(ids: list[str], parents: list[str | None]) -> Diagnostic:
    """The first cycle met going up from the nodes in list order (ids unique, parents known)."""
    parent = dict(zip(ids, parents))
    position = dict(zip(ids, range(len(ids))))
    done: set[str] = set()
    for node_id in ids:
        path: list[str] = []
        on_path: set[str] = set()
        current: str | None = node_id
        while current is not None and current not in done:
            if current in on_path:
                cycle = path[path.index(current):] + [current]
                if len(cycle) > _CYCLE_SHOWN:
                    shown = " -> ".join(cycle[:_CYCLE_SHOWN - 2]) + f" -> … -> {cycle[-2]} -> {current}"
                    text = f"the tree has a cycle of {len(cycle) - 1} nodes: {shown}"
                else:
                    text = "the tree has a cycle: " + " -> ".join(cycle)
                return Diagnostic("error", f"nodes[{position[current]}].parent", text)
            on_path.add(current)
            path.append(current)
            current = parent[current]
        done.update(path)
    raise AssertionError("unreachable nodes without a cycle")
