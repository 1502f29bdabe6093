"""What each unweighed input lacks, in words a decision-tree user cannot miss.

An unweighed input is left out, never taken as 0 (WEIGHING.md). Most of the time that is what
the user wants; the trap is an outcome of a scenario fork whose payoff was left blank because
it is zero: the fork then averages over the other outcomes only, rescaled to fill its chance,
and the option's expected value jumps. Such outcomes are named with that consequence.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from argmap.model.document import Document, Kind

__all__ = ["Unweighed", "unweighed_inputs"]

_ARGUMENTS = (Kind.PRO, Kind.CON, Kind.EVIDENCE)


@dataclass
class Unweighed:
    """One node with a missing input: what it lacks, and whether it is an outcome of a fork with no payoff."""

    node_id: str
    label: str
    missing: list[str]  # "likelihood", "strength", or "impact.<perspective id>"
    blank_outcome: bool = False  # a fork's outcome with no payoff for some perspective

    def sentence(self, names: dict[str, str]) -> str:
        """The problem and what to do, in one line (without the node's name)."""
        parts = []
        for m in self.missing:
            if m.startswith("impact."):
                pid = m[len("impact."):]
                parts.append(f"no impact for {names.get(pid, pid)}")
            else:
                parts.append(f"no {m}")
        said = ", ".join(parts)
        if self.blank_outcome:
            said += (": an outcome of a scenario fork, so it is left out and the other outcomes are rescaled to "
                     "fill its chance; if it pays nothing, enter 0")
        return said


def unweighed_inputs(doc: Document, node_ids: Iterable[str]) -> list[Unweighed]:
    """What each of these (unweighed) nodes lacks, in the order given, each node once."""
    pids = [p.id for p in doc.perspectives]
    out: list[Unweighed] = []
    seen: set[str] = set()
    for nid in node_ids:
        if nid in seen or not doc.has_node(nid):
            continue
        seen.add(nid)
        node = doc.node(nid)
        missing: list[str] = []
        if node.kind is Kind.CONSEQUENCE and node.likelihood is None and not node.remainder:
            missing.append("likelihood")
        elif node.kind in _ARGUMENTS and node.strength is None:
            missing.append("strength")
        blank = False
        if node.kind in (Kind.CONSEQUENCE, Kind.OPTION) and not (node.kind in _ARGUMENTS):
            has_value_children = any(c.kind in (Kind.CONSEQUENCE, Kind.SCENARIO, Kind.QUESTION)
                                     for c in doc.children(nid))
            if node.impact or not has_value_children:
                lacking = [p for p in pids if p not in node.impact]
                missing += [f"impact.{p}" for p in lacking]
                parent = doc.parent(nid)
                blank = bool(lacking) and node.kind is Kind.CONSEQUENCE and parent is not None \
                    and parent.kind is Kind.SCENARIO
        if missing:
            out.append(Unweighed(nid, node.label, missing, blank))
    return out
