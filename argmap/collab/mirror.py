"""The local document's side of a shared map: local edits out as writes, shared changes in as edits.

A `Mirror` remembers two states: `raw`, what the shared document held when last heard from,
and `view`, that state repaired (see `argmap.collab.repair`), which the local document always
equals between edits. A local edit becomes the writes that turn `view` into the edited
document (`local_ops`); a change heard from the shared document becomes a `RemoteEdit` that
turns the local document into the new repaired view (`take`).

Writes are numbered. A change read from the shared document before it took the latest local
writes (the network side runs on its own thread) leaves alone what those writes touched:
their own echo brings the merged values a moment later.
"""

from __future__ import annotations

import copy
from typing import Any

from argmap.collab.remote import RemoteEdit
from argmap.collab.repair import FROM, clean_lists, clean_meta, clean_node, repair_tree
from argmap.collab.state import LISTS, State, doc_state, node_fields, public, state_doc
from argmap.collab.tree import Tree
from argmap.model import edits as E
from argmap.model.document import Document

__all__ = ["Mirror", "merge_changes", "resolve"]

_FIELD_EDITS = (E.SetText, E.SetTitle, E.SetNote, E.SetTags, E.SetLikelihood, E.SetStrength, E.SetRemainder,
                E.SetImpact, E.SetKind, E.AddCitation, E.RemoveCitation)


def resolve(raw: State) -> tuple[State, list[str]]:
    """A raw shared state made valid, and what was changed to make it so."""
    messages: list[str] = []
    state = copy.deepcopy(raw)
    state["meta"] = clean_meta(state["meta"], messages)
    nodes = {}
    for nid, fields in state["nodes"].items():
        cleaned = clean_node(nid, fields, messages)
        if cleaned is not None:
            nodes[nid] = cleaned
    nodes, root = repair_tree(nodes, state["meta"].get("question"), messages)
    state["nodes"] = nodes
    _set_question(state["meta"], root)
    clean_lists(state, messages)
    return state, messages


def merge_changes(first: tuple[dict, int], second: tuple[dict, int]) -> tuple[dict, int]:
    """Two (change, acked) pairs read one after the other, as one: the later values win.

    Taking the merged change is the same as taking both in turn; a backlog costs one repair.
    """
    (a, _), (b, acked) = first, second
    return {"nodes": {**a["nodes"], **b["nodes"]}, "parts": {**a["parts"], **b["parts"]}}, acked


def _set_question(meta: dict[str, Any], root: str | None) -> None:
    if root is None:
        meta.pop("question", None)
    else:
        meta["question"] = root


class Mirror:
    """Keeps a local Document and a shared state in step (no Qt, no network)."""

    def __init__(self, doc: Document, raw: State | None = None) -> None:
        """Mirror `doc` as it is (sharing it), or, with `raw`, the shared state (joining it).

        When joining, `doc` is replaced by `self.doc`, the repaired shared map.
        """
        self.messages: list[str] = []
        if raw is None:
            self.doc = doc
            self.raw = doc_state(doc)
            self.view = copy.deepcopy(self.raw)
            self._clean = dict(self.view["nodes"])
        else:
            self.raw = copy.deepcopy(raw)
            self.view, self.messages = resolve(self.raw)
            self._clean = {nid: c for nid, fields in self.raw["nodes"].items()
                           if (c := clean_node(nid, fields, [])) is not None}
            self.doc = state_doc(self.view)
        self._reported = set(self.messages)
        self._parts_seen: tuple | None = None
        self._tree = Tree(self._clean)  # repairs a change by looking at the nodes it touched
        self.sent = 0
        self._pending: dict[tuple[str, str], int] = {}

    # -- local edits out ---------------------------------------------------------------

    def local_ops(self, edit: Any) -> dict[str, Any]:
        """The writes that carry an edit just applied to `self.doc` into the shared document.

        Returns {} when the edit changed nothing that is shared; otherwise the ops are numbered
        (`self.sent`) and `view` and `raw` take them.
        """
        doc, view = self.doc, self.view
        touched, whole = self._touched(edit)
        if touched is None:
            touched = set(view["nodes"]) | {n.id for n in doc.nodes}
        node_ops: dict[str, Any] = {}
        parents = {view["nodes"][nid].get("parent") for nid in touched if nid in view["nodes"]}
        old_clean: dict[str, Any] = {}
        for nid in touched:
            new = node_fields(doc.node(nid)) if doc.has_node(nid) else None
            old = view["nodes"].get(nid)
            if new is None and old is None:
                continue
            if new is None:
                node_ops[nid] = None
                del view["nodes"][nid]
                self.raw["nodes"].pop(nid, None)
                old_clean[nid] = self._tree.set(nid, None)
                continue
            if old is None:
                node_ops[nid] = {"new": new}
                self.raw["nodes"][nid] = dict(new)
            else:
                sets = {k: v for k, v in new.items() if old.get(k) != v}
                dels = [k for k in old if k not in new and not k.startswith("_")]
                if not sets and not dels:
                    continue
                if "parent" in sets and old.get("parent") is not None:
                    sets[FROM] = old["parent"]
                node_ops[nid] = {"set": sets, "del": dels}
                raw = self.raw["nodes"].setdefault(nid, {})
                raw.update(sets)
                for k in dels:
                    raw.pop(k, None)
                new = {**new, **({FROM: sets[FROM]} if FROM in sets else {})}
            view["nodes"][nid] = new
            # What a repair starts from is what the shared document holds, which keeps the
            # fields this edit did not write as they were there (an order a repair renumbered).
            old_clean[nid] = self._tree.set(nid, clean_node(nid, self.raw["nodes"][nid], []) or new)
        if old_clean:
            self._tree.check_local(view["nodes"], old_clean, parents, view["meta"].get("question"))
        ops: dict[str, Any] = {}
        if node_ops:
            ops["nodes"] = node_ops
        state = doc_state_parts(doc, whole)
        meta = state["meta"]
        sets = {k: v for k, v in meta.items() if view["meta"].get(k) != v}
        dels = [k for k in view["meta"] if k not in meta] if whole else []
        if sets or dels:
            ops["meta"] = {"set": sets, "del": dels}
            view["meta"] = {**{k: v for k, v in view["meta"].items() if k not in dels}, **sets}
            self.raw["meta"] = {**{k: v for k, v in self.raw["meta"].items() if k not in dels}, **sets}
        for name in LISTS:
            if name in state and state[name] != view[name]:
                ops.setdefault("lists", {})[name] = (view[name], state[name])
                view[name] = state[name]
                self.raw[name] = copy.deepcopy(state[name])
        if ops:
            self.sent += 1
            for nid in node_ops:
                self._pending[("node", nid)] = self.sent
            if "meta" in ops:
                self._pending[("part", "meta")] = self.sent
            for name in ops.get("lists", {}):
                self._pending[("part", name)] = self.sent
        return ops

    def _touched(self, edit: Any) -> tuple[set[str] | None, bool]:
        """The nodes an edit may have changed (None: any), and whether the map's fields may have."""
        doc = self.doc
        if isinstance(edit, E.Batch):
            out: set[str] = set()
            whole = False
            for part in edit.edits:
                found, part_whole = self._touched(part)
                if found is None:
                    return None, True
                out |= found
                whole = whole or part_whole
            return out, whole
        if isinstance(edit, _FIELD_EDITS):
            return {edit.node_id}, False
        if isinstance(edit, E.AddNode):
            return {edit.node.id, *self._siblings(edit.node.parent)}, False
        if isinstance(edit, E.DeleteBranch):
            old = self.view["nodes"].get(edit.node_id, {}).get("parent")
            return self._view_subtree(edit.node_id) | self._siblings(old), False
        if isinstance(edit, E.RestoreBranch):
            ids = {n.id for _, n in edit.nodes}
            parent = doc.node(edit.node_id).parent if doc.has_node(edit.node_id) else None
            return ids | self._siblings(parent), False
        if isinstance(edit, E.MoveNode):
            old = self.view["nodes"].get(edit.node_id, {}).get("parent")
            return {edit.node_id} | self._siblings(old) | self._siblings(edit.parent), False
        if isinstance(edit, (E.SetCollapsed, E.SetMapField, E.SetTour, E.SetPerspective, E.SetPerspectiveWeight)):
            return set(), True
        if isinstance(edit, RemoteEdit):
            return set(edit.node_ids), True
        return None, True

    def _siblings(self, parent: str | None) -> set[str]:
        return {n.id for n in self.doc.children(parent)} if parent is not None else set()

    def _view_subtree(self, root: str) -> set[str]:
        kids: Any
        if self._tree.sound:  # the view's parents are the shared ones: their index serves
            kids = self._tree.kids
        else:
            kids = {}
            for nid, fields in self.view["nodes"].items():
                kids.setdefault(fields.get("parent"), []).append(nid)
        out, stack = set(), [root]
        while stack:
            nid = stack.pop()
            if nid not in out:
                out.add(nid)
                stack.extend(kids.get(nid, []))
        return out

    # -- shared changes in ----------------------------------------------------------------

    def take(self, change: dict[str, Any], acked: int | None = None) -> RemoteEdit | None:
        """The edit that brings a change read from the shared document into `self.doc`.

        `change` is `Watcher.take()`'s; `acked` is how many local writes the shared document
        held when it was read (all when None). Returns None when the view stays as it is;
        otherwise the caller applies the edit to `self.doc` (through its session). New repair
        messages are added to `self.messages`.
        """
        acked = self.sent if acked is None else acked
        if self._pending:
            self._pending = {k: v for k, v in self._pending.items() if v > acked}
        touched: dict[str, Any] = {}  # id -> its cleaned fields before
        for nid, fields in change.get("nodes", {}).items():
            if ("node", nid) in self._pending or self.raw["nodes"].get(nid) == fields:
                continue
            if fields is None:
                self.raw["nodes"].pop(nid, None)
                old = self._tree.set(nid, None)
            else:
                self.raw["nodes"][nid] = fields
                old = self._tree.set(nid, clean_node(nid, fields, self.messages))
            touched.setdefault(nid, old)
        parts_changed = False
        for name, value in change.get("parts", {}).items():
            if ("part", name) in self._pending or self.raw[name] == value:
                continue
            parts_changed = True
            self.raw[name] = value
        if not touched and not parts_changed:
            return None
        if not parts_changed and self._parts_current():
            changes = self._tree.repair_touched(self.view["nodes"], touched, self.view["meta"].get("question"),
                                                self._parts_seen[3])  # type: ignore[index]
            if changes is not None:
                return RemoteEdit(tuple(changes)) if changes else None
        return self._refresh()

    def _parts_current(self) -> bool:
        """Whether the map's fields and lists are those the last repair cleaned."""
        parts = (self.raw["meta"], *(self.raw[name] for name in LISTS))
        return self._parts_seen is not None and all(a is b for a, b in zip(parts, self._parts_seen[0]))

    def _refresh(self) -> RemoteEdit | None:
        messages: list[str] = []
        # The map's fields and lists change rarely: they are checked again only when they do.
        if not self._parts_current():
            parts = (self.raw["meta"], *(self.raw[name] for name in LISTS))
            part_messages: list[str] = []
            cleaned = {"meta": clean_meta(self.raw["meta"], part_messages), "nodes": {}}
            for name in LISTS:
                cleaned[name] = copy.deepcopy(self.raw[name])
            clean_lists(cleaned, part_messages, check_ends=False)
            ends = {ln[k] for ln in cleaned["links"] for k in ("from", "to")}
            self._parts_seen = (parts, cleaned, part_messages, ends)
        _, cleaned, part_messages, _ = self._parts_seen  # type: ignore[misc]
        messages.extend(part_messages)
        meta = dict(cleaned["meta"])
        nodes, root = repair_tree(self._clean, meta.get("question"), messages)
        _set_question(meta, root)
        self._tree.settle(nodes)
        new: State = {"meta": meta, "nodes": nodes}
        for name in LISTS:
            new[name] = cleaned[name]
        if new["links"]:
            kept = [ln for ln in new["links"] if ln["from"] in nodes and ln["to"] in nodes]
            if len(kept) != len(new["links"]):
                messages.append("Links to nodes deleted at the same time were removed.")
                new["links"] = kept
        fresh = [m for m in messages if m not in self._reported]
        self.messages.extend(fresh)
        self._reported = set(messages)
        old = self.view
        node_changes = tuple((nid, None if nid not in nodes else public(nodes[nid]))
                             for nid in sorted(set(old["nodes"]) | set(nodes))
                             if old["nodes"].get(nid) != nodes.get(nid)
                             and (nid not in nodes or nid not in old["nodes"]
                                  or public(old["nodes"][nid]) != public(nodes[nid])))
        meta_changes = tuple((k, meta.get(k)) for k in sorted(set(old["meta"]) | set(meta))
                             if old["meta"].get(k) != meta.get(k))
        list_changes = tuple((name, new[name]) for name in LISTS if new[name] != old[name])
        self.view = new
        edit = RemoteEdit(node_changes, meta_changes, list_changes)
        return None if edit.is_empty() else edit


def doc_state_parts(doc: Document, whole: bool) -> State:
    """The parts of the document's state an edit may have changed: the map's fields and links,
    or (`whole`) everything but the nodes."""
    if whole:
        state = doc_state(doc.model_copy(update={"nodes": []}))
        del state["nodes"]
        return state
    meta = {"question": doc.question} if doc.question is not None else {}
    links = [ln.model_dump(mode="json", by_alias=True, exclude_defaults=True) for ln in doc.links]
    return {"meta": meta, "links": links}
