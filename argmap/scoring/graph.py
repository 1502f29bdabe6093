"""A map compiled to integer-indexed arrays: the argument graph and the value graph.

The argument graph says who attacks or supports whom (tree pros/cons/evidence
and supports/attacks/undercuts links). The value graph says whose value adds
into whose (an option's or consequence's consequence, scenario and question
children, outcomes of a fork, options of a question, plus leads_to links).
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator, Sequence

from argmap.errors import ArgmapError
from argmap.model.document import Document, Kind, LinkKind
from argmap.scoring.formulas import Formula, check_value, node_formulas, parameter_values

__all__ = ["Graph", "CycleError", "compile_graph", "paused_gc", "rest_share", "fill_remainders", "SUM", "FORK",
           "CHOICE"]

#: Value-node modes: add up impact and children, normalise a fork, take the best option.
SUM, FORK, CHOICE = 1, 2, 3

_ARGUMENT_KINDS = (Kind.PRO, Kind.CON, Kind.EVIDENCE)


class CycleError(ArgmapError):
    """Cross-links that make a consequence lead back to itself."""


@dataclass
class Graph:
    """Static structure and inputs of one map, by node index."""

    ids: list[str]
    index: dict[str, int]
    kinds: list[Kind]
    nodes: list  # the document's nodes, by index
    parents: list[int]  # tree parent, -1 for the root
    perspectives: list[str]
    perspective_names: list[str]
    weights: list[float]
    base: list[float | None]  # base score: likelihood, strength, 0.5 for options/questions
    attackers: list[list[int]]
    supporters: list[list[int]]
    arg_targets: list[list[int]]  # whom a node attacks or supports
    mode: list[int]  # 0 (not a value node), SUM, FORK or CHOICE
    vkids: list[list[int]]
    vparents: list[list[int]]
    impact: list[list[float | None] | None]  # per perspective, for options and consequences
    vorder: list[int]  # value nodes, children before parents
    vrank: list[int]
    root: int
    options: list[int]  # the root question's options
    #: Later decisions whose option is fixed by the map's policy: question -> option.
    policy: dict[int, int] = field(default_factory=dict)
    remainder: dict[int, list[int]] = field(default_factory=dict)  # fork -> its "the rest" outcomes
    extra_kids: list[tuple[int, int]] = field(default_factory=list)  # leads_to links counted as children
    contradicts: list[tuple[int, int]] = field(default_factory=list)  # contradicts links: attacks both ways
    #: Parameter id -> value, and the inputs given by formulas: (node, perspective or -1 for the base, formula).
    parameters: dict[str, float] = field(default_factory=dict)
    #: Parameter id -> the range it is swung over (its min..max, else its distribution's low..high).
    parameter_ranges: dict[str, tuple[float, float]] = field(default_factory=dict)
    formulas: list[tuple[int, int, Formula]] = field(default_factory=list)
    #: Node indices in tree pre-order; None while that is the index order itself (as compiled).
    #: Nodes added to a compiled map in place take the next free index (see live.py).
    preorder: list[int] | None = None
    impact_min: float = -10.0
    impact_max: float = 10.0
    unit: str = "points"

    @property
    def size(self) -> int:
        return len(self.ids)

    def label(self, i: int) -> str:
        return self.nodes[i].label

    def subtree_sizes(self) -> list[int]:
        """Nodes are numbered in pre-order, so node i's subtree is i .. i + size[i] - 1.

        (Only for a map as compiled: see `preorder`.)
        """
        size = [1] * self.size
        parents = self.parents
        for i in range(self.size - 1, 0, -1):
            p = parents[i]
            if p >= 0:
                size[p] += size[i]
        return size

    def describe(self, i: int) -> str:
        """A node as the user knows it: its short label and its id."""
        label = " ".join(self.nodes[i].label.split())
        if len(label) > 40:
            label = label[:39] + "…"
        return f"'{label}' ({self.ids[i]})" if label else self.ids[i]


@contextmanager
def paused_gc() -> Iterator[None]:
    """Hold the cycle collector: building many small lists over a large map
    otherwise sets it off again and again, scanning every node each time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def compile_graph(doc: Document) -> Graph:
    """Compile a document; raise CycleError when leads_to links close a loop."""
    with paused_gc():
        return _compile(doc)


def _compile(doc: Document) -> Graph:
    nodes = list(doc.walk())
    ids = [node.id for node in nodes]
    index = {nid: i for i, nid in enumerate(ids)}
    n = len(nodes)
    persp = [p.id for p in doc.perspectives]
    pindex = {p: k for k, p in enumerate(persp)}
    K = len(persp)

    kinds: list[Kind] = [None] * n  # type: ignore[list-item]
    parents = [-1] * n
    base: list[float | None] = [None] * n
    impact: list[list[float | None] | None] = [None] * n
    mode = [0] * n
    attackers: list[list[int]] = [[] for _ in range(n)]
    supporters: list[list[int]] = [[] for _ in range(n)]
    vkids: list[list[int]] = [[] for _ in range(n)]
    remainder: dict[int, list[int]] = {}
    has_formulas = False
    CONSEQUENCE, PRO, CON, EVIDENCE = Kind.CONSEQUENCE, Kind.PRO, Kind.CON, Kind.EVIDENCE
    OPTION, QUESTION, SCENARIO = Kind.OPTION, Kind.QUESTION, Kind.SCENARIO
    # walk() is pre-order, so a parent's mode is known before its children are seen.
    for i, node in enumerate(nodes):
        kind = node.kind
        kinds[i] = kind
        p = index.get(node.parent, -1) if node.parent is not None else -1
        parents[i] = p
        m = 0
        if kind is CONSEQUENCE:
            base[i] = node.likelihood
            m = SUM
        elif kind is PRO or kind is EVIDENCE:
            base[i] = node.strength
            if p >= 0:
                supporters[p].append(i)
        elif kind is CON:
            base[i] = node.strength
            if p >= 0:
                attackers[p].append(i)
        elif kind is OPTION:
            base[i] = 0.5
            m = SUM
        elif kind is QUESTION:
            base[i] = 0.5
            # A question that holds a chance fork is decided after it: its value is the fork's.
            m = SUM if any(c.kind is SCENARIO for c in doc.children(node.id)) else CHOICE
        elif kind is SCENARIO:
            m = FORK
        mode[i] = m
        if node.formulas:
            has_formulas = True
        if m == SUM and node.impact and kind is not QUESTION:
            row: list[float | None] = [None] * K
            for pid, value in node.impact.items():
                k = pindex.get(pid)
                if k is not None:
                    row[k] = float(value)
            impact[i] = row
        if p >= 0 and m and _is_value_child(mode[p], kind):
            vkids[p].append(i)
            if mode[p] == FORK and node.remainder:
                remainder.setdefault(p, []).append(i)
    params: dict[str, float] = {}
    formulas: list[tuple[int, int, Formula]] = []
    if has_formulas or doc.parameters:
        params = parameter_values(doc)
        formulas = _apply_formulas(doc, params, index, pindex, base, impact, mode, K)
    fill_remainders(remainder, vkids, parents, base)

    extra_kids: list[tuple[int, int]] = []
    contradicts: list[tuple[int, int]] = []
    for link in doc.links:
        s, t = index.get(link.source), index.get(link.target)
        if s is None or t is None or s == t:
            continue
        if link.kind is LinkKind.UNDERCUTS and parents[s] == t and s in attackers[t]:
            continue  # an undercutter hanging under the argument it undercuts already attacks it by the tree
        if link.kind is LinkKind.SUPPORTS:
            supporters[t].append(s)
        elif link.kind in (LinkKind.ATTACKS, LinkKind.UNDERCUTS):
            attackers[t].append(s)
        elif link.kind is LinkKind.LEADS_TO and _is_value_child(mode[s], kinds[t]) and t not in vkids[s]:
            vkids[s].append(t)
            extra_kids.append((s, t))
        elif link.kind is LinkKind.CONTRADICTS:
            contradicts.append((s, t))

    arg_targets: list[list[int]] = [[] for _ in range(n)]
    for t in range(n):
        for a in attackers[t]:
            arg_targets[a].append(t)
        for s in supporters[t]:
            arg_targets[s].append(t)
    vparents: list[list[int]] = [[] for _ in range(n)]
    for v in range(n):
        for d in vkids[v]:
            vparents[d].append(v)

    vorder = _value_order(n, mode, vkids, vparents, ids, nodes)
    vrank = [0] * n
    for r, v in enumerate(vorder):
        vrank[v] = r
    root_index = index[doc.root().id] if doc.root() is not None else -1  # type: ignore[union-attr]
    options = [c for c in vkids[root_index]] if root_index >= 0 and mode[root_index] == CHOICE else []
    scale = doc.impact_scale
    policy = {}
    for q, o in doc.policy.items():
        qi, oi = index.get(q, -1), index.get(o, -1)
        if qi >= 0 and qi != root_index and oi >= 0 and mode[qi] == CHOICE and oi in vkids[qi]:
            policy[qi] = oi
    return Graph(
        ids=ids, index=index, kinds=kinds, nodes=nodes, parents=parents,
        perspectives=persp, perspective_names=[p.name for p in doc.perspectives],
        weights=[float(p.weight) for p in doc.perspectives],
        base=base, attackers=attackers, supporters=supporters, arg_targets=arg_targets,
        mode=mode, vkids=vkids, vparents=vparents, impact=impact, vorder=vorder, vrank=vrank,
        root=root_index, options=options, policy=policy, remainder=remainder, extra_kids=extra_kids, contradicts=contradicts,
        parameters=params, formulas=formulas, parameter_ranges=_parameter_ranges(doc),
        impact_min=scale.min, impact_max=scale.max, unit=scale.unit,
    )


def rest_share(stated: Sequence[Any], rests: int) -> Any:
    """The likelihood each of a fork's `rests` "the rest" outcomes takes: what the stated outcomes
    leave (at least 0), shared equally; None while a stated one is unweighed.

    Works on numbers and on numpy arrays of samples alike (max(0, x) is written (x + |x|) / 2,
    which is exact for floats).
    """
    if any(v is None for v in stated):
        return None
    left = 1.0 - sum(stated)
    return (left + abs(left)) * 0.5 / rests


def fill_remainders(remainder: dict[int, list[int]], vkids: Sequence[Sequence[int]], parents: Sequence[int],
                    base: list[Any], forks: Iterable[int] | None = None) -> list[int]:
    """Write the base of every "the rest" outcome of `forks` (default: every fork) into `base`; the outcomes written.

    The stated outcomes are the fork's tree children that are not "the rest" (what leads_to
    links add to a fork does not count).
    """
    out: list[int] = []
    for fork in (remainder if forks is None else forks):
        rests = remainder.get(fork)
        if not rests:
            continue
        share = rest_share([base[o] for o in vkids[fork] if o not in rests and parents[o] == fork], len(rests))
        for r in rests:
            base[r] = share
        out.extend(rests)
    return out


def _parameter_ranges(doc: Document) -> dict[str, tuple[float, float]]:
    out = {}
    for p in doc.parameters:
        d = p.distribution
        lo = p.min if p.min is not None else (d.low if d is not None else None)
        hi = p.max if p.max is not None else (d.high if d is not None else None)
        if lo is not None and hi is not None and lo < hi:
            out[p.id] = (lo, hi)
    return out


def _apply_formulas(doc, params, index, pindex, base, impact, mode, K) -> list[tuple[int, int, Formula]]:
    """Write each formula's value into the compiled inputs; FormulaError names the node and field."""
    out = []
    for f in node_formulas(doc, params):
        i = index.get(f.node_id)
        if i is None:
            continue  # not in the tree (reported by validation)
        value = check_value(f, float(f.evaluate(params)), doc)
        if f.field.startswith("impact."):
            k = pindex[f.field[len("impact."):]]
            if mode[i] != SUM:
                continue
            if impact[i] is None:
                impact[i] = [None] * K
            impact[i][k] = value
            out.append((i, k, f))
        else:
            base[i] = value
            out.append((i, -1, f))
    return out


def _is_value_child(parent_mode: int, kind: Kind) -> bool:
    if parent_mode == SUM:
        return kind in (Kind.CONSEQUENCE, Kind.SCENARIO, Kind.QUESTION)
    if parent_mode == FORK:
        return kind is Kind.CONSEQUENCE
    if parent_mode == CHOICE:
        return kind is Kind.OPTION
    return False


def _value_order(n, mode, vkids, vparents, ids, nodes) -> list[int]:
    """Value nodes with every child before its parents (Kahn); CycleError on a loop."""
    pending = [len(vkids[v]) for v in range(n)]
    ready = [v for v in range(n) if mode[v] and pending[v] == 0]
    order: list[int] = []
    while ready:
        v = ready.pop()
        order.append(v)
        for p in vparents[v]:
            pending[p] -= 1
            if pending[p] == 0:
                ready.append(p)
    total = sum(1 for v in range(n) if mode[v])
    if len(order) == total:
        return order
    left = {v for v in range(n) if mode[v] and pending[v] > 0}
    cycle = _find_cycle(left, vkids)
    g = Graph.__new__(Graph)
    g.nodes, g.ids = nodes, ids
    names = " → ".join(Graph.describe(g, v) for v in cycle)
    raise CycleError(
        f"the cross-links make a loop in which a consequence leads back to itself: {names}",
        hint="Remove one of the leads_to links on that loop.",
    )


def _find_cycle(left: set[int], vkids: list[list[int]]) -> list[int]:
    """One loop among nodes that all still wait on a child in `left`."""
    v = min(left)
    seen: dict[int, int] = {}
    path: list[int] = []
    while v not in seen:
        seen[v] = len(path)
        path.append(v)
        v = next(d for d in vkids[v] if d in left)
    return path[seen[v]:] + [v]
