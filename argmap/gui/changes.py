"""Which cards an edit or a new set of scores can change, so the canvas redoes only those."""

from __future__ import annotations

from typing import Any

from argmap.model import edits as E

__all__ = ["changed_nodes", "score_changes"]

# Edits that change only the fields of one node (never the tree, the view or the perspectives).
_NODE_EDITS = (E.SetText, E.SetTitle, E.SetNote, E.SetTags, E.SetLikelihood, E.SetStrength, E.SetRemainder,
               E.SetImpact, E.SetKind, E.AddCitation, E.RemoveCitation)


def changed_nodes(edit: Any) -> set[str] | None:
    """The ids of the nodes an edit changed, or None when it may have changed more than nodes' own fields."""
    if isinstance(edit, E.Batch):
        out: set[str] = set()
        for part in edit.edits:
            ids = changed_nodes(part)
            if ids is None:
                return None
            out |= ids
        return out
    if isinstance(edit, _NODE_EDITS):
        return {edit.node_id}
    if isinstance(edit, E.SetPerspectiveWeight):  # moves scores only
        return set()
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
