"""The edit that brings changes made elsewhere into the local document."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from argmap.collab.state import node_fields
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

    def apply(self, doc: Document) -> RemoteEdit:
        old_nodes: list[tuple[str, dict[str, Any] | None]] = []
        if self.nodes:
            # Nodes that stay are changed in place, so the document's index needs no rebuild:
            # only the sibling groups a node left or joined are put together again.
            gone: set[str] = set()
            regroup: set[str | None] = set()
            moved: list[Node] = []
            added: list[Node] = []
            for nid, fields in self.nodes:
                node = doc.node(nid) if doc.has_node(nid) else None
                old_nodes.append((nid, None if node is None else node_fields(node)))
                if fields is None:
                    if node is not None:
                        gone.add(nid)
                    continue
                new = Node.model_validate({**fields, "id": nid})
                if node is None:
                    doc.nodes.append(new)
                    added.append(new)
                    regroup.add(new.parent)
                    continue
                if node.parent != new.parent or node.order != new.order:
                    regroup.update((node.parent, new.parent))
                    moved.append(node)
                _assign(node, new)
            if gone:
                doc.nodes[:] = [n for n in doc.nodes if n.id not in gone]
                doc.invalidate()
            elif regroup:
                _regroup(doc, regroup, moved, added)
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


def _assign(node: Node, new: Node) -> None:
    """Give `node` the values of `new` (same id), field by field."""
    for name in Node.model_fields:
        value = getattr(new, name)
        if getattr(node, name) != value:
            setattr(node, name, value)
    extra, new_extra = node.__pydantic_extra__, new.__pydantic_extra__ or {}
    if extra is not None and extra != new_extra:
        for key in [k for k in extra if k not in new_extra]:
            del extra[key]
        for key, value in new_extra.items():
            setattr(node, key, value)


def _regroup(doc: Document, parents: set[str | None], moved: list[Node], added: list[Node]) -> None:
    """Put the sibling groups under `parents` together again after nodes joined or left them."""
    members: dict[int, Node] = {id(n): n for n in (*moved, *added)}
    for parent in parents:
        members.update((id(n), n) for n in doc.children(parent))  # the index as it was
    groups: dict[str | None, list[Node]] = {p: [] for p in parents}
    for node in members.values():
        if node.parent in groups:
            groups[node.parent].append(node)
    for parent, group in groups.items():
        group.sort(key=lambda n: n.order)
        doc._reindex_group(parent, group)
    for node in added:
        doc._reindex_group(node.parent, groups[node.parent], added=node)


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
