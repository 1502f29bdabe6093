"""Rules a merge of concurrent edits cannot keep by itself, restored the same way on every peer.

A shared document merges field by field, so edits that were each valid can meet as an invalid
map: two moves that make a cycle, a child added under a branch someone deleted, a child whose
parent's kind changed under it, two entries with one id, a value out of range typed by another
client. `clean_node`, `clean_meta`, `clean_lists` and `repair_tree` turn any state into a valid
one using only the state itself (ties broken by id), so every peer that holds the same shared
document shows the same map. Each change they make comes back as a one-line message.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from argmap.collab.state import KEYS, LISTS, State, list_key, node_fields, public
from argmap.model.document import Document, Kind, Link, Node, Perspective, Source
from argmap.model.rules import ALLOWED_CHILDREN
from argmap.model.validation import describe

__all__ = ["FROM", "clean_lists", "clean_meta", "clean_node", "number_group", "repair_tree", "tree_holds"]

#: The node field that remembers the parent a node was last moved away from.
FROM = "_from"
_KINDS = {k.value: k for k in Kind}
_MODELS = {"links": Link, "perspectives": Perspective, "sources": Source}


def _valid(model: type, data: dict[str, Any], what: str, messages: list[str],
           required: tuple[str, ...] = ()) -> dict[str, Any] | None:
    """`data` with the fields pydantic refuses dropped (None when a required one is bad)."""
    data = dict(data)
    for _ in range(len(data) + 1):
        try:
            model.model_validate(data)
            return data
        except ValidationError as exc:
            err = exc.errors()[0]
            name = str(err["loc"][0]) if err["loc"] else ""
            if not name or name in required or name not in data:
                messages.append(f"{what} was left out: {name or 'it'} {describe(err)}.")
                return None
            messages.append(f"{what}.{name}: {describe(err)}; the value was dropped.")
            del data[name]
    return None


def clean_node(node_id: str, fields: Any, messages: list[str]) -> dict[str, Any] | None:
    """A node's shared fields made valid: bad values dropped, an unknown kind made a note."""
    if not isinstance(fields, dict) or not node_id:
        messages.append(f"Node '{node_id}' was left out: its data is not an object.")
        return None
    fields = dict(fields)
    if fields.get("kind") not in _KINDS:
        messages.append(f"Node '{node_id}' had kind {fields.get('kind')!r}; it was made a note.")
        fields["kind"] = Kind.NOTE.value
    bookkeeping = {k: v for k, v in fields.items() if k.startswith("_")}
    data = _valid(Node, {**public(fields), "id": node_id}, f"nodes['{node_id}']", messages, ("id", "kind"))
    if data is None:
        return None
    return {**node_fields(Node.model_validate(data)), **bookkeeping}


def clean_meta(meta: Any, messages: list[str]) -> dict[str, Any]:
    """The map's own fields made valid (bad ones dropped, so they take their defaults)."""
    if not isinstance(meta, dict):
        return {}
    meta = {k: v for k, v in meta.items() if k not in ("nodes", *LISTS)}
    return _valid(Document, meta, "The map", messages) or {}


def clean_lists(state: State, messages: list[str], check_ends: bool = True) -> None:
    """Drop invalid entries and repeats (the first in the shared order stays), in place; and,
    with `check_ends`, links whose ends are not among the state's nodes."""
    for name in LISTS:
        seen: set[tuple] = set()
        out = []
        for entry in state[name]:
            if not isinstance(entry, dict):
                messages.append(f"An entry of {name} was left out: it is not an object.")
                continue
            key = list_key(name, entry)
            if key in seen:
                messages.append(f"A repeated entry of {name} ({', '.join(key)}) was merged.")
                continue
            data = _valid(_MODELS[name], entry, f"{name} ({', '.join(key)})", messages, KEYS[name])
            if data is None:
                continue
            seen.add(key)
            out.append(data)
        state[name] = out
    if not check_ends:
        return
    nodes = state["nodes"]
    links = []
    for ln in state["links"]:
        if ln["from"] in nodes and ln["to"] in nodes and ln["from"] != ln["to"]:
            links.append(ln)
        else:
            messages.append(f"The link {ln['from']} -> {ln['to']} was removed: one of its ends was deleted.")
    state["links"] = links


def _allows(parent_kind: str | None, child_kind: str) -> bool:
    if parent_kind is None:
        return child_kind == Kind.QUESTION.value
    return _KINDS[child_kind] in ALLOWED_CHILDREN[_KINDS[parent_kind]]


def repair_tree(nodes: dict[str, dict[str, Any]], question: str | None,
                messages: list[str]) -> tuple[dict[str, dict[str, Any]], str | None]:
    """One tree under one question, every child of a kind its parent takes, siblings numbered.

    Returns the nodes (a changed node is a new dict; the others are the same objects) and the
    root's id. A node that cannot hang where the merge put it goes, in this order of choice:
    back under the parent it was last moved from, under the nearest ancestor that takes its
    kind, under the shallowest node that does; a node whose parent was deleted (and that was
    not moved there) is deleted with it. Cycles are broken at their smallest id.
    """
    out = dict(nodes)
    kids: dict[str | None, list[str]] = {}
    for nid in sorted(out):
        kids.setdefault(out[nid].get("parent"), []).append(nid)

    def set_parent(nid: str, parent: str | None) -> None:
        kids[out[nid].get("parent")].remove(nid)
        out[nid] = {**out[nid], "parent": parent}
        kids.setdefault(parent, []).append(nid)

    roots = [n for n in kids.get(None, []) if out[n]["kind"] == Kind.QUESTION.value]
    root = question if question in roots else (roots[0] if roots else None)
    reached: set[str] = set()
    depth: dict[str, int] = {}

    def reach(start: str, d: int) -> None:
        stack = [(start, d)]
        while stack:
            nid, level = stack.pop()
            reached.add(nid)
            depth[nid] = level
            kind = out[nid]["kind"]
            for child in kids.get(nid, []):
                if child not in reached and _allows(kind, out[child]["kind"]):
                    stack.append((child, level + 1))

    if root is not None:
        reach(root, 0)
    while len(reached) < len(out):
        progress = False
        for nid in sorted(set(out) - reached):
            parent = out[nid].get("parent")
            if nid not in reached and parent in reached and _allows(out[parent]["kind"], out[nid]["kind"]):
                reach(nid, depth[parent] + 1)
                progress = True
        if progress:
            continue
        stuck = sorted(set(out) - reached)
        heads = [n for n in stuck if out[n].get("parent") in reached or out[n].get("parent") not in out
                 or out[n].get("parent") is None]
        others = [n for n in stuck if n not in heads]
        candidates = heads + ([_in_cycle(others[0], out)] if others else [])
        for nid in candidates:
            if _rehome(nid, out, reached, depth, set_parent, messages):
                break
        else:  # nowhere to go
            _drop(candidates[0], out, messages, "it fits nowhere in the tree")
            continue
        if nid in out:
            reach(nid, depth[out[nid]["parent"]] + 1)
    for group in kids.values():
        out.update(_numbered(out, [n for n in group if n in out]))
    return out, root


def _numbered(nodes: dict[str, dict[str, Any]], group: Any) -> dict[str, dict[str, Any]]:
    """A sibling group's fields with orders 0, 1, ... by (order, id); unchanged fields stay the same objects."""
    out = {}
    for i, nid in enumerate(sorted(group, key=lambda n: (_order(nodes[n]), n))):
        fields = nodes[nid]
        if fields.get("order", 0) != i or type(fields.get("order", 0)) is not int:
            fields = {**fields, "order": i}
            if i == 0:
                del fields["order"]
        out[nid] = fields
    return out


def number_group(nodes: dict[str, dict[str, Any]], group: Any) -> dict[str, dict[str, Any]]:
    """A sibling group's fields with the orders `repair_tree` gives them: 0, 1, ... by (order, id)."""
    return _numbered(nodes, group)


def tree_holds(nodes: dict[str, dict[str, Any]], kids: dict[str | None, set[str]], root: str | None,
               touched: Any) -> bool:
    """Whether `repair_tree` keeps every node's parent, knowing that it did before the `touched`
    nodes changed (were added, deleted or given new fields).

    `kids`: parent id -> ids of the nodes whose parent field names it, for `nodes` as they are
    now. Only the touched nodes, their children and their ancestors are looked at: any other
    node has the parent, the kind and (unless a touched node is among its ancestors, whose
    path up is checked) the path to the root it had.
    """
    if root is None or root not in nodes:
        return False
    check = set(touched)
    for nid in touched:
        check.update(kids.get(nid, ()))
    for nid in check:
        fields = nodes.get(nid)
        if fields is None:
            continue
        parent = fields.get("parent")
        if nid == root:
            if parent is not None or fields["kind"] != Kind.QUESTION.value:
                return False
        elif parent is None or parent not in nodes or not _allows(nodes[parent]["kind"], fields["kind"]):
            return False
    limit = len(nodes)
    for nid in touched:
        if nid not in nodes:
            continue
        current: str | None = nid
        for _ in range(limit + 1):
            if current == root:
                break
            current = nodes[current].get("parent")
            if current is None or current not in nodes:
                return False
        else:  # a cycle
            return False
    return True


def _in_cycle(start: str, out: dict) -> str:
    """The smallest id of the parent cycle that `start` hangs from."""
    path: list[str] = []
    seen: set[str] = set()
    current: str | None = start
    while current is not None and current in out and current not in seen:
        seen.add(current)
        path.append(current)
        current = out[current].get("parent")
    if current in seen:
        return min(path[path.index(current):])
    return start


def _order(fields: dict[str, Any]) -> float:
    value = fields.get("order", 0)
    return value if isinstance(value, (int, float)) else 0


def _rehome(nid: str, out: dict, reached: set[str], depth: dict[str, int],
            set_parent: Any, messages: list[str]) -> bool:
    """Put a node that cannot stay where it is in the tree, or delete it; False: no place yet."""
    fields = out[nid]
    kind, parent, came_from = fields["kind"], fields.get("parent"), fields.get(FROM)
    if came_from in reached and came_from != parent and _allows(out[came_from]["kind"], kind):
        set_parent(nid, came_from)
        why = "a move made at the same time put it under its own branch" if parent in out else \
            "the branch it was moved to was deleted at the same time"
        messages.append(f"'{nid}' went back under '{came_from}': {why}.")
        return True
    if parent is not None and parent not in out:
        _drop(nid, out, messages, f"it was added under '{parent}', which was deleted at the same time")
        return True
    # Up the shared parent chain to the tree, then up the tree to a node that takes this kind.
    seen, current = {nid}, parent
    while current is not None and current in out and current not in reached and current not in seen:
        seen.add(current)
        current = out[current].get("parent")
    while current is not None and current in reached:
        if _allows(out[current]["kind"], kind):
            set_parent(nid, current)
            messages.append(f"'{nid}' was moved under '{current}': edits made at the same time left it "
                            f"where a {kind} cannot hang.")
            return True
        current = out[current].get("parent")
    # No history to go by (a cycle nobody's move made, a second root): the shallowest place that
    # takes the kind, smallest id first.
    for place in sorted(reached, key=lambda n: (depth[n], n)):
        if _allows(out[place]["kind"], kind):
            set_parent(nid, place)
            messages.append(f"'{nid}' was put under '{place}': it had no valid place in the tree.")
            return True
    return False


def _drop(nid: str, out: dict, messages: list[str], why: str) -> None:
    """Delete a node and what hangs under it in the shared data."""
    gone = {nid}
    changed = True
    while changed:
        changed = False
        for other, fields in out.items():
            if other not in gone and fields.get("parent") in gone:
                gone.add(other)
                changed = True
    for other in gone:
        del out[other]
    extra = f" (and {len(gone) - 1} below it)" if len(gone) > 1 else ""
    messages.append(f"'{nid}'{extra} was deleted: {why}.")
