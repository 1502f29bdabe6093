"""The Dung view of a map: its grounded extension (who is accepted, rejected or undecided).

The abstract argumentation framework (Dung, AIJ 1995) of a map has every claim as an
argument (notes are not claims) and an attack from a to b where a is a con under b, a links
to b by attacks or undercuts, or a and b contradict each other (both ways). Supports and
weights play no part: this is the yes/no reading beside the graded semantics.

The grounded extension is the least fixed point of the defence function; as a labelling:
an argument is accepted when every attacker is rejected (so unattacked ones are), rejected
when some attacker is accepted, and undecided otherwise (on an undefended cycle). One pass
in the manner of Kahn's algorithm finds it in time linear in nodes and attacks.
"""

from __future__ import annotations

from typing import Sequence

from argmap.model.document import Kind
from argmap.scoring.graph import Graph

__all__ = ["ACCEPTED", "REJECTED", "UNDECIDED", "grounded_labels", "grounded"]

ACCEPTED, REJECTED, UNDECIDED = "accepted", "rejected", "undecided"


def grounded_labels(attackers: Sequence[Sequence[int]]) -> list[str]:
    """The grounded labelling of arguments 0..n-1, given each one's attackers."""
    n = len(attackers)
    targets: list[list[int]] = [[] for _ in range(n)]
    waiting = [0] * n  # attackers not yet rejected
    for t in range(n):
        distinct = set(attackers[t])
        waiting[t] = len(distinct)
        for a in distinct:
            targets[a].append(t)
    label = [UNDECIDED] * n
    ready = [v for v in range(n) if waiting[v] == 0]
    for v in ready:
        label[v] = ACCEPTED
    while ready:
        v = ready.pop()
        for t in targets[v]:
            if label[t] != UNDECIDED:
                continue
            label[t] = REJECTED
            for u in targets[t]:
                waiting[u] -= 1
                if waiting[u] == 0 and label[u] == UNDECIDED:
                    label[u] = ACCEPTED
                    ready.append(u)
    return label


def grounded(g: Graph) -> dict[str, str]:
    """Node id -> accepted, rejected or undecided in the grounded extension of the map's attacks."""
    att = [list(a) for a in g.attackers]
    for s, t in g.contradicts:
        att[t].append(s)
        att[s].append(t)
    claims = [i for i in range(g.size) if g.kinds[i] is not Kind.NOTE]
    labels = grounded_labels(att)
    return {g.ids[i]: labels[i] for i in claims}
