"""The presentation tour: which nodes are revealed, in which order (no Qt).

A tour is a list of node ids. Step k reveals its node and the part of that node's
branch that no other step reveals (a later step's branch stays hidden until then);
the ancestors of every revealed node are shown too, so the map on screen is always
one connected tree. Presentation mode, slides and the debate brief read the same
list; a map without one gets the generated tour: the question, then each option,
then each option's branches by the size of their contribution to its score.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

from argmap.model.document import Document, Kind

__all__ = ["Tour", "generate_tour", "effective_tour", "clean_tour"]


def generate_tour(doc: Document, scores: Any = None) -> list[str]:
    """The question, each option (best first when scored), then each option's branches by contribution.

    Branches whose contribution is unknown (or that carry none) keep their map order after the others.
    """
    root = doc.root()
    if root is None:
        return []
    options = [n for n in doc.children(root.id) if n.kind == Kind.OPTION]
    others = [n for n in doc.children(root.id) if n.kind != Kind.OPTION]
    by_option: dict[str, Any] = {}
    if scores is not None:
        for opt in getattr(scores, "options", ()) or ():
            by_option[opt.node_id] = opt
        ranking = [o.node_id for o in scores.ranking()] if hasattr(scores, "ranking") else []
        rank = {nid: i for i, nid in enumerate(ranking)}
        options.sort(key=lambda n: rank.get(n.id, len(rank)))
    steps = [root.id] + [n.id for n in options]
    for opt in options:
        share: dict[str, float] = {}
        scored = by_option.get(opt.id)
        for c in getattr(scored, "contributions", ()) or ():
            if c.overall is not None:
                share[c.node_id] = abs(c.overall)
        kids = doc.children(opt.id)
        order = {n.id: i for i, n in enumerate(kids)}
        kids = sorted(kids, key=lambda n: (-share.get(n.id, -1.0), order[n.id]))
        steps.extend(n.id for n in kids)
    steps.extend(n.id for n in others)
    return steps


def clean_tour(doc: Document, steps: Sequence[str]) -> tuple[list[str], list[str]]:
    """The steps that name existing nodes (first occurrence kept), and the ids that were dropped."""
    kept: list[str] = []
    dropped: list[str] = []
    seen: set[str] = set()
    for nid in steps:
        if not doc.has_node(nid):
            dropped.append(nid)
        elif nid not in seen:
            seen.add(nid)
            kept.append(nid)
    return kept, dropped


def effective_tour(doc: Document, scores: Any = None) -> tuple[list[str], list[str]]:
    """The map's own tour (cleaned), or the generated one when it has none; and the dropped ids."""
    if doc.tour:
        kept, dropped = clean_tour(doc, doc.tour)
        if kept:
            return kept, dropped
        return generate_tour(doc, scores), dropped
    return generate_tour(doc, scores), []


@dataclass
class Tour:
    """A tour over one document: what each step shows."""

    doc: Document
    steps: list[str]

    def __len__(self) -> int:
        return len(self.steps)

    def visible(self, k: int) -> set[str]:
        """The ids shown at step k (0-based; clamped to the tour): revealed nodes and their ancestors."""
        if not self.steps:
            return set()
        k = max(0, min(k, len(self.steps) - 1))
        doc = self.doc
        later = set(self.steps[k + 1:])
        shown: set[str] = set()
        for nid in self.steps[: k + 1]:
            stack = [nid]
            while stack:
                x = stack.pop()
                if x in shown:
                    continue
                shown.add(x)
                stack.extend(c.id for c in doc.children(x) if c.id not in later and c.id not in self.steps[: k + 1])
        for nid in list(shown):
            shown.update(a.id for a in doc.ancestors(nid))
        return shown

    def focus(self, k: int) -> str | None:
        """The node step k brings into view."""
        if not self.steps:
            return None
        return self.steps[max(0, min(k, len(self.steps) - 1))]
