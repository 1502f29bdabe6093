"""The edit that brings changes made elsewhere into the local document."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from argmap.model import edits as E
from argmap.model.document import Document, Link, Node, Perspective, Source

__all__ = ["RemoteEdit", "announcement"]

_MODELS = {"links": Link, "perspectives": Perspective, "sources": Source}


@dataclass(frozen=True)
class RemoteEdit:
    """Other people's changes, as found in the shared document (already repaired).

    `nodes`: (id, fields or None for deleted); `meta`: (field, value or None for default);
    `lists`: (name, the whole new list). `apply` returns the edit that puts back what it replaced.
    """

    nodes: tuple[tuple[str, dict[str, Any] | None], ...] = ()
    meta: tuple[tuple[str, Any], ...] = ()
    lists: tuple[tuple[str, list[dict[str, Any]]], ...] = ()

    def is_empty(self) -> bool:
        return not (self.nodes or self.meta or self.lists)

    @property
    def node_ids(self) -> tuple[str, ...]:
        return tuple(nid for nid, _ in self.nodes)

    def apply(self, doc: Document) -> "RemoteEdit":
        old_nodes: list[tuple[str, dict[str, Any] | None]] = []
        if self.nodes:
            position = {n.id: i for i, n in enumerate(doc.nodes)}
            gone: set[str] = set()
            for nid, fields in self.nodes:
                i = position.get(nid)
                old = None if i is None else doc.nodes[i].model_dump(mode="json", by_alias=True, exclude_defaults=True)
                if old is not None:
                    old.pop("id", None)
                    old["kind"] = doc.nodes[i].kind.value
                old_nodes.append((nid, old))
                if fields is None:
                    if i is not None:
                        gone.add(nid)
                elif i is None:
                    position[nid] = len(doc.nodes)
                    doc.nodes.append(Node.model_validate({**fields, "id": nid}))
                else:
                    doc.nodes[i] = Node.model_validate({**fields, "id": nid})
            if gone:
                doc.nodes[:] = [n for n in doc.nodes if n.id not in gone]
            doc.invalidate()
        old_meta = []
        for key, value in self.meta:
            old_meta.append((key, _meta_value(doc, key)))
            _set_meta(doc, key, value)
        old_lists = []
        for name, entries in self.lists:
            old_lists.append((name, [e.model_dump(mode="json", by_alias=True, exclude_defaults=True)
                                     for e in getattr(doc, name)]))
            setattr(doc, name, [_MODELS[name].model_validate(e) for e in entries])
        return RemoteEdit(tuple(reversed(old_nodes)), tuple(old_meta), tuple(old_lists))


def _meta_value(doc: Document, key: str) -> Any:
    if key in Document.model_fields:
        value = getattr(doc, key)
        default = Document.model_fields[key].get_default(call_default_factory=True)
        if value == default:
            return None
        return value.model_dump(mode="json", by_alias=True) if hasattr(value, "model_dump") else \
            ([v.model_dump(mode="json", by_alias=True) if hasattr(v, "model_dump") else v for v in value]
             if isinstance(value, list) else value)
    return (doc.__pydantic_extra__ or {}).get(key)


def _set_meta(doc: Document, key: str, value: Any) -> None:
    if key in Document.model_fields:
        if value is None:
            value = Document.model_fields[key].get_default(call_default_factory=True)
        setattr(doc, key, value)
    elif value is None:
        (doc.__pydantic_extra__ or {}).pop(key, None)
    else:
        setattr(doc, key, value)


def announcement(edit: Any, inverse: Any) -> Any:
    """What a RemoteEdit did, told as the edits the views already follow (a Batch of them).

    The views update only what an edit they know touched: a node added, deleted, moved or
    changed. The Batch is only announced with `document_changed`, never applied; the
    RemoteEdit itself closes it when the map's own fields or lists changed, so the views
    that know nothing finer redraw everything.
    """
    before = dict(inverse.nodes)
    told: list[Any] = []
    for nid, fields in edit.nodes:
        old = before.get(nid)
        if fields is None:
            told.append(E.DeleteBranch(nid))
        elif old is None:
            told.append(E.AddNode(Node.model_validate({**fields, "id": nid})))
        else:
            if old.get("parent") != fields.get("parent") or old.get("order", 0) != fields.get("order", 0):
                told.append(E.MoveNode(nid, fields.get("parent") or "", fields.get("order", 0)))
            rest = {k for k in set(old) | set(fields) if k not in ("parent", "order")}
            if any(old.get(k) != fields.get(k) for k in rest):
                told.append(E.SetLikelihood(nid, fields.get("likelihood")))  # a node's values changed
    if edit.meta or edit.lists:
        told.append(edit)
    return E.Batch(tuple(told))
