"""Scoring a map: each option's expected impact per perspective, its overall score and why.

Per perspective k, with σ the argued likelihood (semantics.py):
- V_k(option or consequence) = impact_k(itself) + Σ over its consequence
  children d of σ(d)·V_k(d) + Σ over its scenario and question children of their V_k;
- V_k(scenario) = Σ σ(o)·V_k(o) / Σ σ(o) over its outcomes o;
- V_k(question) = V_k of its best option (by overall score), or of the option the map's
  policy fixes for it; a question holding a chance fork (a scenario before the decision,
  whose outcomes hold the later questions) takes the fork's V_k;
- overall(option) = Σ weight_k·V_k / Σ weight_k.
A leads_to link adds its target as one more child of its source.

Unweighed inputs are left out and counted, never taken as 0:
- a consequence with no likelihood adds nothing; a pro or con with no strength
  neither attacks nor supports;
- a node's value for a perspective is the sum of the parts that are weighed for
  it, and None when none is;
- a scenario fork averages the outcomes weighed for that perspective, each by
  its argued likelihood over the sum of theirs;
- the overall score is the weighted mean over the perspectives that have a value;
- a later decision (a question under a consequence) takes its best option by
  overall score.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Sequence

from argmap.errors import NotFoundError
from argmap.model.document import Document, Kind
from argmap.scoring.evaluate import Evaluation, overall_of
from argmap.scoring.graph import CHOICE, SUM, Graph, compile_graph, paused_gc
from argmap.scoring.semantics import ATTACK_ONLY, check_semantics
from argmap.scoring.standing import effective_ranking, standing

__all__ = ["Contribution", "OptionScore", "Scores", "score", "score_graph", "OWN_IMPACT", "DIFFERENCES"]

#: Why scores are read as differences: said under every ranking (command line, weighing pane, brief).
DIFFERENCES = ("Every option shares the same world, so only the differences between options mean anything: "
               "re-weighing a branch they all share moves every score alike and leaves the differences.")

#: `Contribution.kind` of the option's own impact (its cost or gain).
OWN_IMPACT = "impact"

_ARGUMENTS = (Kind.PRO, Kind.CON, Kind.EVIDENCE)


@dataclass
class Contribution:
    """One branch's share of an option's score (or the option's own impact)."""

    node_id: str
    label: str
    overall: float | None
    per_perspective: dict[str, float | None]
    kind: str = ""  # the branch's node kind, or OWN_IMPACT
    unweighed: int = 0


@dataclass
class OptionScore:
    """An option's score: overall, per perspective, its argued support and what is unweighed."""

    node_id: str
    label: str
    overall: float | None
    per_perspective: dict[str, float | None]
    support: float | None
    unweighed: int
    contributions: list[Contribution] = field(default_factory=list)
    unweighed_nodes: list[str] = field(default_factory=list)
    #: What the ranking orders by (standing.py): `overall` under "impact", the argued support
    #: (0.5 when unargued) under "support", their combination under "impact-scaled".
    standing: float | None = None


@dataclass
class Scores:
    """The scores of a map's options, and the argued value and values of every node."""

    options: list[OptionScore]
    argued: dict[str, float]
    values: dict[str, dict[str, float | None]]
    semantics: str
    perspectives: dict[str, str] = field(default_factory=dict)  # id -> name, in map order
    weights: dict[str, float] = field(default_factory=dict)
    #: The ranking asked for, and the one used (support when no option has an expected impact).
    ranking_setting: str = "impact"
    ranked_by: str = "impact"
    #: What the reader should know about how these scores were made (e.g. supports a semantics ignores).
    notes: list[str] = field(default_factory=list)
    #: Each later decision (a question below the map's question) -> the option it takes (None: none is
    #: weighed): its best by overall score, or the one the map's policy fixes (those are in `fixed`).
    decisions: dict[str, str | None] = field(default_factory=dict)
    fixed: list[str] = field(default_factory=list)
    #: The map question's value, overall: its best option's, or a chance fork's when one comes first.
    tree_value: float | None = None
    graph: Graph | None = field(default=None, repr=False, compare=False)
    _grounded: dict[str, str] | None = field(default=None, repr=False, compare=False)

    def grounded(self) -> dict[str, str]:
        """Node id -> accepted, rejected or undecided in the grounded extension of the map's attacks (dung.py)."""
        if self._grounded is None:
            from argmap.scoring.dung import grounded

            self._grounded = grounded(self.graph) if self.graph is not None else {}
        return self._grounded

    def value(self, node_id: str) -> float | None:
        """A value node's (option, consequence, fork or question) value, perspective-weighted; None: unweighed."""
        vals = self.values.get(node_id)
        if vals is None:
            return None
        return overall_of([vals[p] for p in self.perspectives], [self.weights[p] for p in self.perspectives])

    def option(self, node_id: str) -> OptionScore:
        for o in self.options:
            if o.node_id == node_id:
                return o
        raise NotFoundError(f"'{node_id}' is not an option of the map's question.")

    def ranking(self, perspective: str | None = None) -> list[OptionScore]:
        """Options best first, by standing or for one perspective id; unranked ones last."""
        if perspective is None:
            return list(self.options)
        if perspective not in self.perspectives:
            raise NotFoundError(f"There is no perspective with id '{perspective}'.")
        return _ranked(self.options, lambda o: o.per_perspective.get(perspective))

    @property
    def leader(self) -> OptionScore | None:
        """The best-standing option, if any option is ranked."""
        return self.options[0] if self.options and self.options[0].standing is not None else None

    def relative(self, baseline: str | None = None, perspective: str | None = None) -> dict[str, float | None]:
        """Each option's score minus the baseline option's (the leader when `baseline` is None).

        Every option shares the same world, so only these differences mean anything: an
        absolute score moves when a branch every option shares is re-weighed, a difference
        does not. Overall, or for one perspective id; None where either side is unweighed.
        """
        if perspective is not None and perspective not in self.perspectives:
            raise NotFoundError(f"There is no perspective with id '{perspective}'.")

        def value(o: OptionScore) -> float | None:
            return o.overall if perspective is None else o.per_perspective.get(perspective)

        if baseline is None:
            ranked = self.ranking(perspective)
            base = value(ranked[0]) if ranked else None
        else:
            base = value(self.option(baseline))
        return {o.node_id: (None if base is None or value(o) is None else value(o) - base)  # type: ignore[operator]
                for o in self.options}


def _ranked(options: Sequence[OptionScore], key) -> list[OptionScore]:
    scored = [o for o in options if key(o) is not None]
    rest = [o for o in options if key(o) is None]
    return sorted(scored, key=lambda o: -key(o)) + rest


def score(doc: Document, semantics: str = "df-quad", ranking: str | None = None) -> Scores:
    """Score every option of the map's question (the formulas are in this module's docstring).

    `ranking` overrides the map's own ranking setting (`doc.ranking`, see standing.py).
    """
    check_semantics(semantics)
    with paused_gc():
        graph = compile_graph(doc)
        return score_graph(graph, Evaluation(graph, semantics), doc.ranking if ranking is None else ranking)


def score_graph(g: Graph, ev: Evaluation, ranking: str = "impact") -> Scores:
    """Scores from a compiled map and its evaluation, ranked by `ranking` (standing.py)."""
    pids = g.perspectives
    K = len(pids)
    weights = ev.weights
    options = []
    finder = _Missing(g, missing_inputs(g))
    for o in g.options:
        vals = ev.vals[o]
        contributions = _contributions(g, ev, o, finder)
        missing = finder.in_tree_order(finder.under(o))
        options.append(OptionScore(
            node_id=g.ids[o],
            label=g.label(o),
            overall=ev.overall[o],
            per_perspective={pids[k]: vals[k] for k in range(K)},  # type: ignore[index]
            support=ev.sigma[o] if _has_arguments(g, o) else None,
            unweighed=len(missing),
            contributions=contributions,
            unweighed_nodes=[g.ids[i] for i in missing],
        ))
    ranked_by = effective_ranking(ranking, any(o.overall is not None for o in options))
    for o_score, o in zip(options, g.options):
        o_score.standing = standing(ranked_by, o_score.overall, ev.sigma[o])
    argued = {}
    ids, kinds = g.ids, g.kinds
    OPTION, QUESTION = Kind.OPTION, Kind.QUESTION
    for i, s in enumerate(ev.sigma):
        if s is None:
            continue
        kind = kinds[i]
        if (kind is OPTION or kind is QUESTION) and not _has_arguments(g, i):
            continue
        argued[ids[i]] = s
    vals = ev.vals
    values = {ids[v]: dict(zip(pids, vals[v])) for v in g.vorder}  # type: ignore[arg-type]
    decisions: dict[str, str | None] = {}
    fixed: list[str] = []
    for v in g.vorder:
        if g.mode[v] == CHOICE and v != g.root:
            c = ev.choice[v]
            decisions[ids[v]] = ids[c] if c >= 0 else None
            if v in g.policy:
                fixed.append(ids[v])
    pre = g.preorder
    if pre is not None:
        rank = {v: r for r, v in enumerate(pre)}
        keys = sorted(decisions, key=lambda q: rank[g.index[q]])
    else:
        keys = sorted(decisions, key=g.index.__getitem__)
    decisions = {q: decisions[q] for q in keys}
    fixed = [q for q in keys if q in fixed]
    tree_value = overall_of(vals[g.root], weights) if g.root >= 0 and vals[g.root] is not None else None
    return Scores(
        options=_ranked(options, lambda x: x.standing),
        argued=argued,
        values=values,
        semantics=ev.semantics,
        perspectives=dict(zip(pids, g.perspective_names)),
        weights=dict(zip(pids, weights)),
        ranking_setting=ranking,
        ranked_by=ranked_by,
        notes=_notes(g, ev),
        decisions=decisions,
        fixed=fixed,
        tree_value=tree_value,
        graph=g,
    )


def _notes(g: Graph, ev: Evaluation) -> list[str]:
    if ev.semantics not in ATTACK_ONLY:
        return []
    base = g.base
    left_out = sum(1 for t in range(g.size) if base[t] is not None for s in g.supporters[t] if base[s] is not None)
    if not left_out:
        return []
    return [f"{ev.semantics} weighs attacks only: {left_out} supporting argument(s) (pros, evidence, supports "
            "links) are left out of the argued values."]


def _has_arguments(g: Graph, i: int) -> bool:
    return any(g.base[a] is not None for a in g.attackers[i]) or any(g.base[s] is not None for s in g.supporters[i])


def branch_parts(g: Graph, ev: Evaluation, o: int) -> list[tuple[int, str, list[float | None]]]:
    """(node, kind, part per perspective) for the option's own impact and each value child."""
    K = len(g.perspectives)
    parts: list[tuple[int, str, list[float | None]]] = []
    row = g.impact[o]
    if row is not None and any(x is not None for x in row):
        parts.append((o, OWN_IMPACT, list(row)))
    for d in g.vkids[o]:
        vd = ev.vals[d]
        if g.kinds[d] is Kind.CONSEQUENCE:
            s = ev.sigma[d]
            part = [None if (s is None or vd[k] is None) else s * vd[k] for k in range(K)]  # type: ignore[index,operator]
        else:
            part = list(vd)  # type: ignore[arg-type]
        parts.append((d, g.kinds[d].value, part))
    return parts


def _contributions(g: Graph, ev: Evaluation, o: int, finder: "_Missing") -> list[Contribution]:
    vals = ev.vals[o]
    K = len(g.perspectives)
    weighed = [k for k in range(K) if vals[k] is not None]  # type: ignore[index]
    total = sum(ev.weights[k] for k in weighed)
    out = []
    for node, kind, part in branch_parts(g, ev, o):
        shares = [ev.weights[k] / total * part[k] for k in weighed if part[k] is not None] if total > 0 else []
        if kind == OWN_IMPACT:
            row = g.impact[o]
            unweighed = 1 if row is not None and any(x is None for x in row) else 0
        else:
            unweighed = len(finder.under(node))
        out.append(Contribution(
            node_id=g.ids[node],
            label="own cost or gain" if kind == OWN_IMPACT else g.label(node),
            overall=sum(shares) if shares else None,
            per_perspective={g.perspectives[k]: part[k] for k in range(K)},
            kind=kind,
            unweighed=unweighed,
        ))
    return out


def missing_inputs(g: Graph) -> list[bool]:
    """Which nodes lack an input they need: likelihood, strength, or impact.

    An impact counts as missing where a node gives impacts for some
    perspectives but not all, or where a node with nothing below it lacks one.
    """
    K = len(g.perspectives)
    out = [False] * g.size
    for u in range(g.size):
        kind = g.kinds[u]
        if kind is Kind.CONSEQUENCE or kind in _ARGUMENTS:
            if g.base[u] is None:
                out[u] = True
                continue
        if g.mode[u] == SUM and K:
            row = g.impact[u]
            if row is None:
                out[u] = not g.vkids[u]
            elif None in row:
                out[u] = True
    return out


class _Missing:
    """Nodes with a missing input in a branch: its pre-order range, plus what leads_to links add."""

    def __init__(self, g: Graph, flags: list[bool]) -> None:
        self.extra = g.extra_kids
        order = g.preorder
        self.order = order
        if order is None:  # index order is pre-order
            self.pos: list[int] | None = None
            self.size = g.subtree_sizes()
            self.found = [i for i, bad in enumerate(flags) if bad]
            return
        pos = [0] * len(order)
        for r, v in enumerate(order):
            pos[v] = r
        size = [1] * len(order)  # by position in pre-order
        parents = g.parents
        for r in range(len(order) - 1, 0, -1):
            p = parents[order[r]]
            if p >= 0:
                size[pos[p]] += size[r]
        self.pos, self.size = pos, size
        self.found = [r for r, v in enumerate(order) if flags[v]]

    def under(self, start: int) -> set[int]:
        """The nodes with a missing input in the branch of node `start` (and what it leads to)."""
        out: set[int] = set()
        seen = {start}
        stack = [start]
        found, pos, order = self.found, self.pos, self.order
        while stack:
            u = stack.pop()
            lo = u if pos is None else pos[u]
            hi = lo + self.size[lo]
            hits = found[bisect_left(found, lo):bisect_left(found, hi)]
            out.update(hits if order is None else [order[r] for r in hits])
            for s, t in self.extra:
                if lo <= (s if pos is None else pos[s]) < hi and t not in seen:
                    seen.add(t)
                    stack.append(t)
        return out

    def in_tree_order(self, nodes: set[int]) -> list[int]:
        return sorted(nodes) if self.pos is None else sorted(nodes, key=self.pos.__getitem__)
