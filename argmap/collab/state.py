"""A document as plain shared data (the shape it has in the Yjs document), and back.

A *state* is a dict with five parts:

- ``meta``: the map's own fields (title, question, view, tour, weighings, ...) -> JSON value;
- ``nodes``: node id -> the node's fields (JSON values; defaults left out, no ``id``);
- ``links``, ``perspectives``, ``sources``: lists of JSON objects, in the document's order.

Node fields whose names start with "_" are bookkeeping of the shared document (the parent a
node was last moved from) and never reach the Document.
"""

from __future__ import annotations

import copy
from typing import Any

from argmap.model.document import Document, Node

__all__ = ["LISTS", "KEYS", "State", "empty_state", "node_fields", "doc_state", "state_doc", "canonical", "list_key", "public"]

State = dict[str, Any]

#: The document's lists kept as shared arrays, each with what identifies an entry.
LISTS = ("links", "perspectives", "sources")
KEYS = {"links": ("from", "to", "kind"), "perspectives": ("id",), "sources": ("id",)}
_NOT_META = {"nodes", *LISTS, "format"}


def empty_state() -> State:
    return {"meta": {}, "nodes": {}, "links": [], "perspectives": [], "sources": []}


def list_key(name: str, entry: Any) -> tuple:
    """What identifies an entry of a shared list (a link's ends and kind, an id)."""
    if not isinstance(entry, dict):
        return ("?", repr(entry))
    return tuple(str(entry.get(k)) for k in KEYS[name])


def node_fields(node: Node) -> dict[str, Any]:
    """A node's fields as JSON values, defaults and the id left out."""
    data = node.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    data.pop("id", None)
    data["kind"] = node.kind.value  # a field with no default, kept even when it looks like one
    return data


def doc_state(doc: Document) -> State:
    """The document as a state."""
    meta = doc.model_dump(mode="json", by_alias=True, exclude_defaults=True, exclude=_NOT_META)
    return {
        "meta": meta,
        "nodes": {n.id: node_fields(n) for n in doc.nodes},
        "links": [ln.model_dump(mode="json", by_alias=True, exclude_defaults=True) for ln in doc.links],
        "perspectives": [p.model_dump(mode="json", by_alias=True, exclude_defaults=True) for p in doc.perspectives],
        "sources": [s.model_dump(mode="json", by_alias=True, exclude_defaults=True) for s in doc.sources],
    }


def state_doc(state: State) -> Document:
    """The document a (repaired) state describes; nodes in id order."""
    data = dict(copy.deepcopy(state["meta"]))
    data["nodes"] = [{**public(fields), "id": nid} for nid, fields in sorted(state["nodes"].items())]
    for name in LISTS:
        data[name] = copy.deepcopy(state[name])
    return Document.model_validate(data)


def public(fields: dict[str, Any]) -> dict[str, Any]:
    """A node's fields without the shared document's bookkeeping."""
    return {k: v for k, v in fields.items() if not k.startswith("_")}


def canonical(doc: Document) -> State:
    """A state that two equal maps share whatever the order of their node list."""
    state = doc_state(doc)
    state["nodes"] = dict(sorted(state["nodes"].items()))
    return state
