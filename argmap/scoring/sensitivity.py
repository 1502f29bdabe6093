"""One-way sensitivity: the tornado chart, flip points and break-even weights.

The analysis follows the map's ranking setting (standing.py): under "impact" it swings
the inputs of the expected impact; under "support" the strengths of the arguments that
reach an option's own argued support (and the parameters feeding them); under
"impact-scaled" both, each row's scores being the options' standings. One perspective's
view is always of expected impact.

Each input is swung over its range with all others held. Only the options
above an input can change, and only the nodes on the way up are recomputed
(`Evaluation.what_if`). Flip points are exact where the scores are linear in
the input (impacts, weights, a likelihood under plain consequences), found by
bisection where the score moves one way only, and by a grid scan and then
bisection where an input reaches an option by several paths.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from argmap.errors import NotFoundError
from argmap.model.document import Document, Kind
from argmap.scoring.evaluate import Evaluation
from argmap.scoring.flips import GRID, FlipSearch, Scores_
from argmap.scoring.formulas import FormulaError
from argmap.scoring.graph import CHOICE, SUM, Graph, compile_graph, paused_gc
from argmap.scoring.semantics import check_semantics, solve
from argmap.scoring.standing import effective_ranking, standing

__all__ = ["TornadoRow", "Sensitivity", "sensitivity", "INPUTS", "GRID", "NARROW"]

INPUTS = ("likelihood", "strength", "impact", "weight", "parameter")
NARROW = 0.2  # the narrower view swings likelihoods and strengths by ±0.2

_ARGUMENTS = (Kind.PRO, Kind.CON, Kind.EVIDENCE)


@dataclass
class TornadoRow:
    """One input swung over its range: the leader's score, its margin, and where the lead changes."""

    label: str
    input: str  # "likelihood", "strength", "impact", "weight" or "parameter" (its id in `label`)
    node_id: str | None
    perspective: str | None
    value: float
    low: float
    high: float
    leader_low: float | None
    leader_high: float | None
    margin_low: float | None
    margin_high: float | None
    flip_at: float | None
    new_leader: str | None
    width: float = 0.0
    exact: bool = False  # flip point found in closed form


@dataclass
class Sensitivity:
    """Tornado rows sorted by width, and the weight share of each perspective at which the lead changes."""

    rows: list[TornadoRow]
    break_even: dict[str, float | None]
    leader: str | None = None
    runner_up: str | None = None
    leader_score: float | None = None
    margin: float | None = None
    perspective: str | None = None
    semantics: str = "df-quad"
    span: float | None = None
    flips: list[TornadoRow] = field(default_factory=list)  # rows whose input can change the leader
    #: What the rows' scores are: "impact" (expected impact), "support" or "impact-scaled" standings.
    ranked_by: str = "impact"
    #: Parameter id -> the value at which the leader changes (None: it does not over its range).
    parameter_break_even: dict[str, float | None] = field(default_factory=dict)


def sensitivity(
    doc: Document,
    semantics: str = "df-quad",
    perspective: str | None = None,
    span: float | None = None,
    ranking: str | None = None,
) -> Sensitivity:
    """One-way sensitivity of the leading option (overall, or for one perspective id).

    `span` narrows likelihoods and strengths to value ± span (NARROW = 0.2
    is the usual narrower view); impacts swing over the map's impact scale and each weight
    over a share of 0..1 with the others rescaled in proportion. `ranking` overrides the
    map's ranking setting (ignored for one perspective's view, which is of impact).
    """
    check_semantics(semantics)
    with paused_gc():
        g = compile_graph(doc)
        if perspective is not None and perspective not in g.perspectives:
            raise NotFoundError(f"There is no perspective with id '{perspective}'.")
        ev = Evaluation(g, semantics)
        by = "impact"
        if perspective is None:
            by = effective_ranking(doc.ranking if ranking is None else ranking,
                                   any(ev.overall[o] is not None for o in g.options))
        return _Analysis(g, ev, perspective, span, by).run()


class _Analysis(FlipSearch):
    def __init__(self, g: Graph, ev: Evaluation, perspective: str | None, span: float | None,
                 by: str = "impact") -> None:
        self.g, self.ev, self.span, self.by = g, ev, span, by
        self.perspective = perspective
        self.kp = g.perspectives.index(perspective) if perspective is not None else None
        self.options = list(g.options)
        self.order = {o: i for i, o in enumerate(self.options)}
        #: Expected impact (overall or the perspective's) of each option: what the fast paths move.
        self.raw = {o: self._score(ev.vals[o], ev.overall[o]) for o in self.options}
        #: What the options are ranked by: the standing under the ranking (the impact itself by default).
        self.base = self._stand(self.raw)
        self.leader = self._leader(self.base)

    def _score(self, vals, overall) -> float | None:
        return overall if self.kp is None else vals[self.kp]

    def _stand(self, raw: Scores_, sigma: dict[int, float | None] | None = None) -> Scores_:
        """Standings from expected impacts and (changed) argued supports of the options."""
        if self.by == "impact":
            return raw
        old = self.ev.sigma
        return {o: standing(self.by, raw[o], sigma[o] if sigma and o in sigma else old[o]) for o in self.options}

    def _option_sigma(self, base: dict[int, float]) -> dict[int, float | None]:
        """The options' argued supports with some bases changed (solved afresh where arguments make a cycle)."""
        if self.by == "impact" or not base:
            return {}
        s2 = self.ev.sigma_changes(base)
        if s2 is None:
            g = self.g
            new_base = list(g.base)
            for i, x in {**base, **self.ev._fix_remainders(base)}.items():
                new_base[i] = x
            full = solve(new_base, g.attackers, g.supporters, self.ev.semantics, g.ids, g.arg_targets)
            return {o: full[o] for o in self.options}
        return {o: s2[o] for o in self.options if o in s2}

    def _leader(self, scores: Scores_) -> int | None:
        best, best_score = None, 0.0
        for o in self.options:
            s = scores[o]
            if s is not None and (best is None or s > best_score):
                best, best_score = o, s
        return best

    def _margin(self, scores: Scores_) -> tuple[float | None, float | None]:
        L = self.leader
        mine = scores[L]  # type: ignore[index]
        others = [s for o, s in scores.items() if o != L and s is not None]
        if mine is None:
            return None, None
        return mine, (mine - max(others)) if others else None

    # -- structure ---------------------------------------------------------------

    def _reach(self) -> None:
        """Which root options each node's value and each argument's strength can move."""
        g = self.g
        n = g.size
        empty: frozenset[int] = frozenset()
        reach: list[frozenset[int]] = [empty] * n
        below_choice = [False] * n
        multi = [False] * n
        for o in self.options:
            reach[o] = frozenset([o])
        for v in reversed(g.vorder):  # parents first
            if v == g.root or v in self.order:
                continue
            ps = [p for p in g.vparents[v] if p != g.root]
            if len(ps) == 1:
                reach[v] = reach[ps[0]]
            elif ps:
                reach[v] = frozenset().union(*(reach[p] for p in ps))
            below_choice[v] = any(below_choice[p] or (g.mode[p] == CHOICE) for p in ps)
            multi[v] = len(ps) > 1 or any(multi[p] for p in ps)
        # Strength reach: targets before their arguments.
        _, cyclic = self.ev.arg_structure()
        sreach: list[frozenset[int]] = [empty] * n
        for comp in reversed(self.ev.arg_components):
            acc = set()
            for i in comp:
                if g.kinds[i] is Kind.CONSEQUENCE:
                    acc |= reach[i]
                for t in g.arg_targets[i]:
                    acc |= sreach[t]
            found = frozenset(acc) if acc else empty
            for i in comp:
                sreach[i] = found
        oreach: list[frozenset[int]] = [empty] * n  # the options whose own argued support a base moves
        for comp in reversed(self.ev.arg_components):
            acc = set()
            for i in comp:
                if i in self.order:
                    acc.add(i)
                for t in g.arg_targets[i]:
                    acc |= oreach[t]
            found = frozenset(acc) if acc else empty
            for i in comp:
                oreach[i] = found
        for fork, rests in g.remainder.items():
            shared = frozenset().union(*(sreach[r] for r in rests))
            for x in g.vkids[fork]:
                if x not in rests and g.parents[x] == fork:
                    sreach[x] = sreach[x] | shared
            shared = frozenset().union(*(oreach[r] for r in rests))
            for x in g.vkids[fork]:
                if x not in rests and g.parents[x] == fork:
                    oreach[x] = oreach[x] | shared
        if self.by == "support":
            sreach = oreach
        elif self.by == "impact-scaled":
            sreach = [a | b if b else a for a, b in zip(sreach, oreach)]
        self.reach, self.sreach, self.oreach = reach, sreach, oreach
        self.below_choice, self.multi, self.cyclic = below_choice, multi, cyclic

    def _simple_chain(self, i: int) -> bool:
        """Does a change of i's base reach one option by one path with no later decision on it?"""
        g = self.g
        u = i
        for _ in range(g.size):
            if u in self.cyclic:
                return False
            targets = g.arg_targets[u]
            if g.kinds[u] is Kind.CONSEQUENCE:
                if targets or self.multi[u] or self.below_choice[u]:
                    return False
                rests = g.remainder.get(g.parents[u], ())
                return not any(g.attackers[r] or g.supporters[r] for r in rests)
            if len(targets) != 1:
                return len(targets) == 0
            u = targets[0]
        return False

    # -- rows -----------------------------------------------------------------------

    def run(self) -> Sensitivity:
        g = self.g
        L = self.leader
        out = Sensitivity(rows=[], break_even={}, perspective=self.perspective,
                          semantics=self.ev.semantics, span=self.span, ranked_by=self.by)
        if L is None:
            return out
        self._reach()
        self._coefficients()
        lead, margin = self._margin(self.base)
        others = [o for o in self.options if o != L and self.base[o] is not None]
        runner = max(others, key=lambda o: (self.base[o], -self.order[o])) if others else None
        out.leader, out.leader_score, out.margin = g.ids[L], lead, margin
        out.runner_up = g.ids[runner] if runner is not None else None
        rows: list[TornadoRow] = []
        for i in range(g.size):
            kind = g.kinds[i]
            if kind is Kind.CONSEQUENCE or kind in _ARGUMENTS:
                x0 = g.base[i]
                if x0 is None or (g.nodes[i].remainder and kind is Kind.CONSEQUENCE) or not self.sreach[i]:
                    continue
                lo, hi = (0.0, 1.0) if self.span is None else (max(0.0, x0 - self.span), min(1.0, x0 + self.span))
                what = "likelihood" if kind is Kind.CONSEQUENCE else "strength"
                linear = what == "likelihood" and self.by == "impact" and self._linear_likelihood(i)
                monotone = len(self.sreach[i]) == 1 and self._simple_chain(i)
                targets = sorted(self.sreach[i])
                rows.append(self._row(
                    g.label(i), what, i, None, x0, lo, hi, linear, monotone,
                    lambda x, i=i, t=targets: self._base_scores(i, x, t)))
            row = g.impact[i]
            if row is not None and self.reach[i] and self.by != "support":
                targets = sorted(self.reach[i])
                for k, x0 in enumerate(row):
                    if x0 is None or (self.kp is not None and k != self.kp):
                        continue
                    label = f"{g.label(i)} — impact for {g.perspective_names[k]}"
                    rows.append(self._row(
                        label, "impact", i, k, x0, g.impact_min, g.impact_max,
                        not self.below_choice[i] and self.by == "impact", len(targets) == 1 and not self.below_choice[i],
                        lambda x, i=i, k=k, t=targets: self._impact_scores(i, k, x, t)))
        if self.kp is None and len(g.perspectives) > 1 and self.by != "support":
            for k in range(len(g.perspectives)):
                row_ = self._weight_row(k)
                if row_ is not None:
                    rows.append(row_)
                    out.break_even[g.perspectives[k]] = row_.flip_at
        for name, (lo, hi) in g.parameter_ranges.items():
            if any(name in f.names for _, _, f in g.formulas):
                row_ = self._row(f"parameter {name}", "parameter", None, None, g.parameters[name], lo, hi,
                                 False, False, lambda x, name=name: self._parameter_scores(name, x))
                row_.label = name
                rows.append(row_)
                out.parameter_break_even[name] = row_.flip_at
        rows.sort(key=lambda r: -r.width)
        out.rows = rows
        out.flips = [r for r in rows if r.flip_at is not None]
        return out

    # -- scores with one input changed ------------------------------------------------

    def _merge(self, changed: dict, sigma: dict[int, float | None] | None = None) -> Scores_:
        """Standings with some options' values (and argued supports) changed."""
        scores = dict(self.raw)
        for o, (vals, overall) in changed.items():
            scores[o] = self._score(vals, overall)
        return self._stand(scores, sigma)

    def _coefficients(self) -> None:
        """d score(option) / d V_k(node) for every value node with no later decision above it.

        Above such a node the score is linear in its value, so a change there
        moves each option by coefficient × change, with no recomputation.
        """
        g, ev, K = self.g, self.ev, len(self.g.perspectives)
        coef: list[dict[int, list[float]] | None] = [None] * g.size
        for o in self.options:
            vals = ev.vals[o]
            if self.kp is None:
                total = sum(ev.weights[k] for k in range(K) if vals[k] is not None)
                coef[o] = {o: [ev.weights[k] / total if total > 0 and vals[k] is not None else 0.0 for k in range(K)]}
            else:
                coef[o] = {o: [1.0 if k == self.kp else 0.0 for k in range(K)]}
        for v in reversed(g.vorder):
            if v == g.root or v in self.order or self.below_choice[v]:
                continue
            acc: dict[int, list[float]] = {}
            for p in g.vparents[v]:
                cp = coef[p]
                if cp is None:
                    continue
                s = ev.sigma[v] if g.kinds[v] is Kind.CONSEQUENCE else 1.0
                if s is None:
                    continue
                if g.mode[p] == SUM:
                    factor = [s] * K
                else:  # a fork: V = num / den
                    den = ev.den[p]
                    factor = [s / den[k] if den[k] > 0 else 0.0 for k in range(K)]  # type: ignore[index]
                for o, c in cp.items():
                    a = acc.setdefault(o, [0.0] * K)
                    for k in range(K):
                        a[k] += c[k] * factor[k]
            coef[v] = acc
        self.coef = coef

    def _parameter_scores(self, name: str, x: float) -> Scores_:
        """Scores with one parameter at x: every formula reading it evaluated again, clamped to its field's range."""
        g = self.g
        values = dict(g.parameters)
        values[name] = x
        base: dict[int, float] = {}
        impact: dict[tuple[int, int], float] = {}
        for i, k, f in g.formulas:
            if name not in f.names:
                continue
            try:
                v = float(f.evaluate(values))
            except FormulaError:
                return {o: None for o in self.options}  # no score where a formula has none
            if k < 0:
                base[i] = min(1.0, max(0.0, v))
            else:
                impact[(i, k)] = min(g.impact_max, max(g.impact_min, v))
        return self._merge(self.ev.what_if(base=base, impact=impact), self._option_sigma(base))

    def _impact_scores(self, i: int, k: int, x: float, targets: list[int]) -> Scores_:
        c = self.coef[i]
        if c is None:
            return self._merge(self.ev.what_if(impact={(i, k): x}, targets=targets))
        d = x - self.g.impact[i][k]  # type: ignore[index,operator]
        scores = dict(self.raw)
        for o, ck in c.items():
            if scores[o] is not None:
                scores[o] += ck[k] * d  # type: ignore[operator]
        return self._stand(scores)

    def _base_scores(self, i: int, x: float, targets: list[int]) -> Scores_:
        """Scores with node i's likelihood or strength at x."""
        sigma = self._option_sigma({i: x})
        fast = self._base_scores_fast(i, x)
        if fast is not None:
            return self._stand(fast, sigma)
        return self._merge(self.ev.what_if(base={i: x}, targets=targets), sigma)

    def _base_scores_fast(self, i: int, x: float) -> Scores_ | None:
        """The argument chain recomputed, then the one parent it changes, then coefficients."""
        g, ev = self.g, self.ev
        s2 = ev.sigma_changes({i: x})
        if s2 is None:
            return None
        changed = [u for u in s2 if g.kinds[u] is Kind.CONSEQUENCE]
        if not changed:
            return dict(self.raw)
        parents = g.vparents[changed[0]]
        if len(parents) != 1 or any(g.vparents[u] != parents for u in changed[1:]):
            return None
        p = parents[0]
        cp = self.coef[p]
        if cp is None:
            return None
        K = len(g.perspectives)
        fork = g.mode[p] != SUM
        num, cnt = ev.num[p][:], ev.cnt[p][:]  # type: ignore[index]
        den = ev.den[p][:] if fork else None  # type: ignore[index]
        for u in changed:
            so, sn, vu = ev.sigma[u], s2[u], ev.vals[u]
            for k in range(K):
                xk = vu[k]  # type: ignore[index]
                if xk is None:
                    continue
                if so is not None:
                    num[k] -= so * xk
                    cnt[k] -= 1
                    if fork:
                        den[k] -= so  # type: ignore[index]
                if sn is not None:
                    num[k] += sn * xk
                    cnt[k] += 1
                    if fork:
                        den[k] += sn  # type: ignore[index]
        old = ev.vals[p]
        delta = [0.0] * K
        for k in range(K):
            if fork:
                new = num[k] / den[k] if cnt[k] and den[k] > 1e-15 else None  # type: ignore[index]
            else:
                new = num[k] if cnt[k] else None
            if (new is None) != (old[k] is None):  # type: ignore[index]
                return None  # a value appears or vanishes: not a small change
            if new is not None:
                delta[k] = new - old[k]  # type: ignore[index,operator]
        scores = dict(self.raw)
        for o, c in cp.items():
            if scores[o] is not None:
                scores[o] += sum(c[k] * delta[k] for k in range(K))  # type: ignore[operator]
        return scores

    def _linear_likelihood(self, i: int) -> bool:
        g = self.g
        return (not g.arg_targets[i] and i not in self.cyclic and not self.below_choice[i]
                and all(g.mode[p] == SUM for p in g.vparents[i]))

    def _weights(self, k: int, share: float) -> list[float]:
        w = self.ev.weights
        total = sum(w)
        rest = total - w[k]
        others = len(w) - 1
        out = [(1 - share) * total * (x / rest if rest > 0 else 1 / others) for x in w]
        out[k] = share * total
        return out

    def _weight_row(self, k: int) -> TornadoRow | None:
        g, ev = self.g, self.ev
        total = sum(ev.weights)
        if total <= 0:
            return None
        nested = any(g.mode[v] == CHOICE and v != g.root for v in g.vorder)
        complete = all(all(x is not None for x in ev.vals[o]) for o in self.options if self.raw[o] is not None)
        name = g.perspective_names[k]
        return self._row(
            f"weight of {name}", "weight", None, k, ev.weights[k] / total, 0.0, 1.0,
            not nested and complete and self.by == "impact", False,
            lambda s: self._merge(ev.what_if(weights=self._weights(k, s))))

    def _row(self, label: str, what: str, node: int | None, k: int | None, x0: float, lo: float, hi: float,
             linear: bool, monotone: bool, scores_at: Callable[[float], Scores_]) -> TornadoRow:
        g = self.g
        at_lo, at_hi = scores_at(lo), scores_at(hi)
        lead_lo, margin_lo = self._margin(at_lo)
        lead_hi, margin_hi = self._margin(at_hi)
        flip, new, exact = None, None, False
        if hi > lo:
            if linear:
                flip, new = self._flip_linear(x0, lo, hi, at_lo, at_hi)
                exact = flip is not None
                if flip is None and (self._leader(at_lo) != self.leader or self._leader(at_hi) != self.leader):
                    linear = False  # a score left the ranking at an end: search instead
            if not linear:
                flip, new = self._flip_search(x0, lo, hi, at_lo, at_hi, scores_at, monotone)
        if margin_lo is not None and margin_hi is not None:
            width = abs(margin_hi - margin_lo)
        elif lead_lo is not None and lead_hi is not None:
            width = abs(lead_hi - lead_lo)
        else:
            width = 0.0
        return TornadoRow(
            label=" ".join(label.split()), input=what,
            node_id=g.ids[node] if node is not None else None,
            perspective=g.perspectives[k] if k is not None else None,
            value=x0, low=lo, high=hi,
            leader_low=lead_lo, leader_high=lead_hi, margin_low=margin_lo, margin_high=margin_hi,
            flip_at=flip, new_leader=g.ids[new] if new is not None else None, width=width, exact=exact,
        )
