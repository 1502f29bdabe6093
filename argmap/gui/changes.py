"""Which cards an edit or a new set of scores can change, so the canvas redoes only those;
and the one edit the canvas itself defines (the layout direction)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from argmap.errors import RuleError
from argmap.model import edits as E
from argmap.model.document import Document

__all__ = ["SetDirection", "changed_nodes", "score_changes"]


@dataclass(frozen=True)
class SetDirection:
    """Lay the map out top-down or left-right (a view setting, undoable like any edit)."""

    value: str

    def apply(self, doc: Document) -> "SetDirection":
        old = doc.view.direction
        try:
            doc.view.direction = self.value  # type: ignore[assignment]
        except ValidationError:
            raise RuleError(f"Unknown layout direction '{self.value}'.", hint="Use top-down or left-right.") from None
        return SetDirection(old)


# Edits that change only the fields of one node (never the tree, the view or the perspectives).
_NODE_EDITS = (E.SetText, E.SetTitle, E.SetNote, E.SetTags, E.SetLikelihood, E.SetStrength, E.SetRemainder,
               E.SetImpact, E.SetKind, E.AddCitation, E.RemoveCitation)


def changed_nodes(edit: Any) -> tuple[set[str], bool] | None:
    """The ids of the nodes whose own fields an edit changed, and whether it left the tree as it was.

    None when it may have changed more (colours, perspectives, anything unknown).
    """
    if isinstance(edit, E.Batch):
        out: set[str] = set()
        same_tree = True
        for part in edit.edits:
            found = changed_nodes(part)
            if found is None:
                return None
            out |= found[0]
            same_tree = same_tree and found[1]
        return out, same_tree
    if isinstance(edit, _NODE_EDITS):
        return {edit.node_id}, True
    if isinstance(edit, E.SetPerspectiveWeight):  # moves scores only
        return set(), True
    if isinstance(edit, E.AddNode):
        return {edit.node.id}, False
    if isinstance(edit, (E.DeleteBranch, E.RestoreBranch, E.MoveNode, E.SetCollapsed)):
        return set(), False  # the tree changes; no node's own fields do
    if isinstance(edit, SetDirection):
        return set(), False
    return None


def score_changes(old: Any, new: Any) -> set[str] | None:
    """The ids of nodes whose shown scores differ (argued values, option scores), or None if all may."""
    if old is None or new is None:
        return set() if old is new else None
    old_argued, new_argued = old.argued or {}, new.argued or {}
    out = {k for k, _ in set(old_argued.items()) ^ set(new_argued.items())}
    old_opts = {o.node_id: o.overall for o in old.options}
    new_opts = {o.node_id: o.overall for o in new.options}
    if old_opts.keys() != new_opts.keys():
        return None
    if _range(old_opts) != _range(new_opts):  # every bar is scaled over the range
        return out | new_opts.keys()
    return out | {k for k, v in new_opts.items() if old_opts[k] != v}


def _range(overall: dict[str, float | None]) -> tuple[float, float] | None:
    values = [v for v in overall.values() if v is not None]
    return (min(values), max(values)) if values else None
