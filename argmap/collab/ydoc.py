"""The map's shape in a pycrdt (Yjs) document, and the writes and reads on it.

Roots of the shared document:

- ``meta`` (Map): the map's own fields -> JSON value (title, question, view, tour, weighings, ...);
- ``nodes`` (Map): node id -> Map of the node's fields (JSON values), so concurrent edits of
  different fields of one node both stay;
- ``links``, ``perspectives``, ``sources`` (Array): JSON objects in the document's order.

A Yjs client in another language edits the map through the same shape (see the interop test).
"""

from __future__ import annotations

from typing import Any

from pycrdt import Array, Doc, Map

from argmap.collab.state import LISTS, State, empty_state, list_key

__all__ = ["DELETED", "Watcher", "fill", "read", "roots", "write"]

#: In an op's node table: the node was deleted.
DELETED = None


def roots(ydoc: Doc) -> dict[str, Any]:
    """The shared document's root types (created on first use)."""
    out: dict[str, Any] = {"meta": ydoc.get("meta", type=Map), "nodes": ydoc.get("nodes", type=Map)}
    for name in LISTS:
        out[name] = ydoc.get(name, type=Array)
    return out


def _py(value: Any) -> Any:
    return value.to_py() if hasattr(value, "to_py") else value


def fill(ydoc: Doc, state: State, origin: Any = None) -> None:
    """Write a whole state into an empty shared document, in one transaction."""
    r = roots(ydoc)
    with ydoc.transaction(origin=origin):
        for key, value in state["meta"].items():
            r["meta"][key] = value
        for nid, fields in state["nodes"].items():
            r["nodes"][nid] = Map(dict(fields))
        for name in LISTS:
            r[name].extend(list(state[name]))


def read(ydoc: Doc) -> State:
    """The whole shared document as a (raw, unrepaired) state."""
    r = roots(ydoc)
    state = empty_state()
    state["meta"] = _py(r["meta"]) or {}
    state["nodes"] = {nid: _py(v) for nid, v in r["nodes"].items()}
    for name in LISTS:
        state[name] = [_py(v) for v in r[name]]
    return state


def write(ydoc: Doc, ops: dict[str, Any], origin: Any = None) -> None:
    """Apply one local change (see `Mirror.local_ops`) as one transaction."""
    r = roots(ydoc)
    with ydoc.transaction(origin=origin):
        meta = ops.get("meta")
        if meta:
            for key, value in meta.get("set", {}).items():
                r["meta"][key] = value
            for key in meta.get("del", ()):
                if key in r["meta"]:
                    del r["meta"][key]
        ynodes = r["nodes"]
        for nid, op in ops.get("nodes", {}).items():
            if op is DELETED:
                if nid in ynodes:
                    del ynodes[nid]
            elif "new" in op or nid not in ynodes or not isinstance(ynodes[nid], Map):
                ynodes[nid] = Map(dict(op.get("new") or op.get("all") or {}))
            else:
                ynode = ynodes[nid]
                for key, value in op.get("set", {}).items():
                    ynode[key] = value
                for key in op.get("del", ()):
                    if key in ynode:
                        del ynode[key]
        for name, (old, new) in ops.get("lists", {}).items():
            _write_list(name, r[name], old, new)


def _write_list(name: str, yarray: Array, old: list, new: list) -> None:
    """Turn the array from `old` into `new` by key, keeping what others changed meanwhile."""
    old_keys = [list_key(name, e) for e in old]
    new_keys = [list_key(name, e) for e in new]
    old_by_key = dict(zip(old_keys, old))
    kept_old = [k for k in old_keys if k in set(new_keys)]
    kept_new = [k for k in new_keys if k in set(old_keys)]

    def position(key: tuple) -> int | None:
        for i, entry in enumerate(yarray):
            if list_key(name, _py(entry)) == key:
                return i
        return None

    if kept_old != kept_new:  # reordered: write the new order whole
        for key in old_keys:
            while (i := position(key)) is not None:
                del yarray[i]
        old_by_key, old_keys = {}, []
    for key in old_keys:
        if key not in new_keys:  # every copy: the same entry may have been added twice at once
            while (i := position(key)) is not None:
                del yarray[i]
    previous: tuple | None = None
    for key, entry in zip(new_keys, new):
        if key in old_by_key:
            if old_by_key[key] != entry:
                i = position(key)
                if i is not None:
                    del yarray[i]
                    yarray.insert(i, entry)
        else:
            at = 0 if previous is None else (position(previous) + 1 if position(previous) is not None else len(yarray))
            yarray.insert(at, entry)
        previous = key


class Watcher:
    """Notes what each transaction on the shared document changed; `take` reads those parts.

    A node's fields are kept as last read and brought up to date from the change events, so
    taking a change costs a read of the document only for nodes that are new (or hold a shared
    type of their own): reading through pycrdt costs far more than the event that told of it.
    """

    def __init__(self, ydoc: Doc) -> None:
        self.ydoc = ydoc
        self._roots = roots(ydoc)
        self._nodes: set[str] = set()
        self._parts: set[str] = set()
        self._known: dict[str, dict[str, Any]] = {}  # node id -> its fields, as the events left them
        self._subs = [self._roots["nodes"].observe_deep(self._on_nodes)]
        for name in ("meta", *LISTS):
            self._subs.append(self._roots[name].observe_deep(lambda _e, _t=None, n=name: self._parts.add(n)))

    def _on_nodes(self, events: list[Any], _txn: Any = None) -> None:
        known = self._known
        for event in events:
            path = event.path
            if not path:  # nodes added, replaced or deleted: read at the next take
                for nid in event.keys:
                    self._nodes.add(nid)
                    known.pop(nid, None)
                continue
            nid = str(path[0])
            self._nodes.add(nid)
            fields = known.get(nid)
            if fields is None:
                continue
            if len(path) > 1:  # inside a shared type in a field
                del known[nid]
                continue
            for key, change in event.keys.items():
                if change.get("action") == "delete":
                    fields.pop(key, None)
                    continue
                value = change.get("newValue")
                if hasattr(value, "to_py"):
                    del known[nid]
                    break
                fields[key] = value

    def has_changes(self) -> bool:
        return bool(self._nodes or self._parts)

    def take(self) -> dict[str, Any]:
        """What changed since the last take: node id -> fields (None: deleted), and whole parts."""
        ynodes = self._roots["nodes"]
        nodes: dict[str, Any] = {}
        for nid in self._nodes:
            fields = self._known.get(nid)
            if fields is None:
                fields = _py(ynodes[nid]) if nid in ynodes else DELETED
                if isinstance(fields, dict):
                    self._known[nid] = fields
            nodes[nid] = dict(fields) if isinstance(fields, dict) else fields
        parts: dict[str, Any] = {}
        for name in self._parts:
            if name == "meta":
                parts[name] = _py(self._roots["meta"]) or {}
            else:
                parts[name] = [_py(v) for v in self._roots[name]]
        self._nodes, self._parts = set(), set()
        return {"nodes": nodes, "parts": parts}

    def close(self) -> None:
        for name, sub in zip(("nodes", "meta", *LISTS), self._subs):
            self._roots[name].unobserve(sub)
