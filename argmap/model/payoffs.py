"""Outcomes of a scenario fork whose payoff is left blank: a warning a decision-tree user cannot miss.

A blank impact is unweighed, not 0: the fork averages over its other outcomes, rescaled to fill
the blank one's chance, which is rarely what someone who left a zero payoff blank meant.
"""

from __future__ import annotations

from argmap.errors import Diagnostic
from argmap.model.document import Document, Kind

__all__ = ["blank_payoffs"]


def blank_payoffs(doc: Document) -> list[Diagnostic]:
    """A warning for each fork outcome with no impact (and nothing below it) for a perspective its siblings weigh."""
    out: list[Diagnostic] = []
    if not doc.perspectives:
        return out
    names = {p.id: p.name for p in doc.perspectives}
    position = None
    for fork in doc.nodes:
        if fork.kind is not Kind.SCENARIO:
            continue
        outcomes = [c for c in doc.children(fork.id) if c.kind is Kind.CONSEQUENCE]
        weighed = {pid for o in outcomes for pid in o.impact}
        for o in outcomes:
            if any(c.kind in (Kind.CONSEQUENCE, Kind.SCENARIO, Kind.QUESTION) for c in doc.children(o.id)):
                continue  # its value comes from below
            lacking = [pid for pid in names if pid in weighed and pid not in o.impact]
            if not lacking:
                continue
            if position is None:
                position = {n.id: i for i, n in enumerate(doc.nodes)}
            who = ", ".join(names[p] for p in lacking)
            out.append(Diagnostic(
                "warning", f"nodes[{position[o.id]}].impact",
                f"outcome '{o.id}' of scenario '{fork.id}' has no payoff for {who}: it is left out as unweighed "
                "and the other outcomes are rescaled to fill its chance; enter 0 if it pays nothing"))
    return out
