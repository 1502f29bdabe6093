"""Structural changes in someone's copy of a map, and adopting an added branch into the map.

A student's copy is compared with the class map by node id:

- added: a node the map lacks. Only the topmost node of each added branch is a change; the
  whole branch (its added nodes, root first, as they were in the copy) is in `Change.branch`.
- deleted: a node of the map the copy lacks; again only the topmost node of a deleted branch.
- reworded: the title or the text differs.
- moved: the node hangs under another parent (a new order among the same siblings is not a change).

Changes are kept as suggestions in the student's weighing (`Weighing.changes`); the map itself
is not changed until one is adopted with `AdoptChange`.
"""

from __future__ import annotations

from dataclasses import dataclass

from argmap.errors import NotFoundError, RuleError
from argmap.model.document import Change, Document, Node, NodeValues
from argmap.model.edits import AddNode, DeleteBranch
from argmap.model.rules import WEIGHTS, check_child
from argmap.model.weighings import find

__all__ = ["structural_changes", "AdoptChange", "WithdrawChange"]


def _short(text: str, width: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _label(node: Node | None, fallback: str = "") -> str:
    if node is None:
        return fallback
    return _short(node.label or node.id)


def _nodes_under(doc: Document, node_id: str, inside: set[str]) -> list[Node]:
    """The branch at `node_id` in pre-order, going down only through nodes in `inside`."""
    out: list[Node] = []
    stack = [doc.node(node_id)]
    while stack:
        node = stack.pop()
        out.append(node)
        stack.extend(reversed([c for c in doc.children(node.id) if c.id in inside]))
    return out


def _count_note(n: int) -> str:
    return f" with {n} node{'s' if n != 1 else ''} under it" if n else ""


def structural_changes(base: Document, copy: Document) -> list[Change]:
    """What `copy` changed in the structure of `base`: added, deleted, reworded and moved nodes.

    Added branches come first, then deleted ones, then rewordings and moves, each in tree order.
    """
    base_index = {n.id: n for n in base.nodes}
    copy_index = {n.id: n for n in copy.nodes}
    added_ids = {nid for nid in copy_index if nid not in base_index}
    deleted_ids = {nid for nid in base_index if nid not in copy_index}
    added: list[Change] = []
    deleted: list[Change] = []
    reworded: list[Change] = []
    moved: list[Change] = []
    for node in copy.walk():
        nid = node.id
        if nid in added_ids:
            if node.parent in added_ids:
                continue  # inside a branch reported at its root
            branch = [n.model_copy(deep=True) for n in _nodes_under(copy, nid, added_ids)]
            parent = copy_index.get(node.parent) if node.parent is not None else None
            detail = f"'{_label(node)}' under '{_label(parent, str(node.parent))}'" + _count_note(len(branch) - 1)
            added.append(Change(kind="added", node=nid, parent=node.parent, detail=detail, branch=branch))
            continue
        old = base_index[nid]
        words = []
        if (old.title or "") != (node.title or ""):
            words.append(f"title '{_short(old.title or '')}' → '{_short(node.title or '')}'")
        if old.text != node.text:
            words.append(f"'{_short(old.text)}' → '{_short(node.text)}'")
        if words:
            reworded.append(Change(kind="reworded", node=nid, detail="; ".join(words)))
        if old.parent != node.parent:
            was = base_index.get(old.parent) if old.parent is not None else None
            now = copy_index.get(node.parent) if node.parent is not None else None
            detail = (f"'{_label(node)}' from under '{_label(was, str(old.parent))}' "
                      f"to under '{_label(now, str(node.parent))}'")
            moved.append(Change(kind="moved", node=nid, parent=node.parent, detail=detail))
    if deleted_ids:
        for node in base.walk():
            if node.id in deleted_ids and node.parent not in deleted_ids:
                under = len(_nodes_under(base, node.id, deleted_ids)) - 1
                deleted.append(Change(kind="deleted", node=node.id, detail=f"'{_label(node)}'" + _count_note(under)))
    return added + deleted + reworded + moved


def _values_of(node: Node) -> NodeValues | None:
    """A node's own values as a weighing holds them, or None when it carries none that its kind takes."""
    likelihood = node.likelihood if node.kind in WEIGHTS["likelihood"] else None
    impact = dict(node.impact) if node.kind in WEIGHTS["impact"] else {}
    strength = node.strength if node.kind in WEIGHTS["strength"] else None
    if likelihood is None and not impact and strength is None:
        return None
    return NodeValues(likelihood=likelihood, impact=impact, strength=strength)


@dataclass(frozen=True)
class AdoptChange:
    """Put a student's added branch into the map under its parent, and take it off their suggestions.

    The branch keeps the student's wording and values: the values go onto the new nodes (the
    active weighing's layer) and into that student's weighing. Ids the map uses already get new
    ones. Only an "added" change can be adopted; the parent must still be in the map and the
    kinds must follow the rules, or the edit is refused (RuleError) and nothing changes.
    """

    weighing_id: str
    index: int

    def apply(self, doc: Document) -> "WithdrawChange":
        weighing = find(doc, self.weighing_id)
        if not 0 <= self.index < len(weighing.changes):
            raise NotFoundError(f"Weighing '{self.weighing_id}' has no change number {self.index}; "
                                f"it has {len(weighing.changes)}.")
        change = weighing.changes[self.index]
        if change.kind != "added":
            raise RuleError(f"Only an added branch can be adopted; '{change.node}' was {change.kind} "
                            f"in that copy.", hint="Make that change by hand in the map if you agree with it.")
        if not change.branch:
            raise RuleError(f"The added branch at '{change.node}' holds no nodes.")
        if change.parent is None or not doc.has_node(change.parent):
            raise RuleError(f"The branch '{_label(change.branch[0])}' hangs under '{change.parent}', "
                            "which is not in the map.", hint="Add the branch by hand under another node.")
        root = change.branch[0]
        kinds = {n.id: n.kind for n in change.branch}
        check_child(doc.node(change.parent).kind, root.kind)
        for node in change.branch[1:]:
            if node.parent not in kinds:
                raise RuleError(f"The added branch at '{change.node}' is broken: '{node.id}' hangs outside it.")
            check_child(kinds[node.parent], node.kind)
        renamed: dict[str, str] = {}
        for i, node in enumerate(change.branch):
            new_id = node.id if not doc.has_node(node.id) else doc.new_id()
            renamed[node.id] = new_id
            parent = change.parent if i == 0 else renamed[node.parent]  # type: ignore[index]
            AddNode(node.model_copy(update={"id": new_id, "parent": parent}),
                    index=node.order if i == 0 else None).apply(doc)
        replaced: list[tuple[str, NodeValues | None]] = []
        for node in change.branch:
            values = _values_of(node)
            if values is not None:
                nid = renamed[node.id]
                replaced.append((nid, weighing.values.get(nid)))
                weighing.values[nid] = values
        del weighing.changes[self.index]
        return WithdrawChange(self.weighing_id, self.index, change, renamed[root.id], tuple(replaced))


@dataclass(frozen=True)
class WithdrawChange:
    """Take an adopted branch out of the map and put the change back among the student's suggestions."""

    weighing_id: str
    index: int
    change: Change
    root: str
    #: The weighing's values the adoption replaced: (node id, the old values or None).
    values: tuple[tuple[str, NodeValues | None], ...] = ()

    def apply(self, doc: Document) -> AdoptChange:
        weighing = find(doc, self.weighing_id)
        DeleteBranch(self.root).apply(doc)
        for nid, old in reversed(self.values):
            if old is None:
                weighing.values.pop(nid, None)
            else:
                weighing.values[nid] = old
        weighing.changes.insert(self.index, self.change)
        return AdoptChange(self.weighing_id, self.index)
