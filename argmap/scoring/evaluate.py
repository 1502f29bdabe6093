"""Evaluating a compiled map: argued strengths, values per perspective, and what-ifs.

Every value node keeps, per perspective, the running sums its value is made of
(for a sum: the total and how many weighed parts; for a fork: the weighted
numerator, the denominator and the count), so a what-if that changes one input
updates only the nodes on the way up to the options, one delta at a time.
"""

from __future__ import annotations

import heapq
from dataclasses import replace
from typing import Sequence

from argmap.model.document import Kind
from argmap.scoring.graph import CHOICE, FORK, SUM, Graph, rest_share
from argmap.scoring.semantics import aggregate, components, solve

__all__ = ["Evaluation", "overall_of"]

Vals = list  # list[float | None], one per perspective


def overall_of(vals: Sequence[float | None], weights: Sequence[float]) -> float | None:
    """The perspective-weighted mean over the perspectives that are weighed."""
    num = den = 0.0
    for v, w in zip(vals, weights):
        if v is not None:
            num += w * v
            den += w
    return num / den if den > 0 else None


class Evaluation:
    """The argued strengths and values of every node of a compiled map."""

    def __init__(self, graph: Graph, semantics: str = "df-quad", weights: Sequence[float] | None = None) -> None:
        self.graph = graph
        self.semantics = semantics
        self.update = aggregate(semantics)
        self.weights = list(graph.weights if weights is None else weights)
        g = graph
        self.sigma = solve(g.base, g.attackers, g.supporters, semantics, g.ids, g.arg_targets)
        n, K = g.size, len(g.perspectives)
        self.K = K
        self.num: list[list[float] | None] = [None] * n
        self.den: list[list[float] | None] = [None] * n
        self.cnt: list[list[int] | None] = [None] * n
        self.vals: list[Vals | None] = [None] * n
        self.choice: list[int] = [-1] * n
        self.overall: list[float | None] = [None] * n
        for v in g.vorder:
            self._full(v)
        self._arg_rank: list[int] | None = None
        self._cyclic: set[int] | None = None
        self.arg_components: list[list[int]] = []  # filled by arg_structure()

    # -- the full pass ---------------------------------------------------------

    def _full(self, v: int) -> None:
        g, K, sigma, vals = self.graph, self.K, self.sigma, self.vals
        mode = g.mode[v]
        if mode == SUM:
            row = g.impact[v]
            tot = [0.0] * K
            cnt = [0] * K
            if row is not None:
                for k in range(K):
                    if row[k] is not None:
                        tot[k] = row[k]  # type: ignore[assignment]
                        cnt[k] = 1
            kinds = g.kinds
            for d in g.vkids[v]:
                vd = vals[d]
                if kinds[d] is Kind.CONSEQUENCE:
                    s = sigma[d]
                    if s is None:
                        continue
                    for k in range(K):
                        x = vd[k]  # type: ignore[index]
                        if x is not None:
                            tot[k] += s * x
                            cnt[k] += 1
                else:
                    for k in range(K):
                        x = vd[k]  # type: ignore[index]
                        if x is not None:
                            tot[k] += x
                            cnt[k] += 1
            self.num[v], self.cnt[v] = tot, cnt
            vals[v] = [tot[k] if cnt[k] else None for k in range(K)]
            if g.kinds[v] is Kind.OPTION:
                self.overall[v] = overall_of(vals[v], self.weights)  # type: ignore[arg-type]
        elif mode == FORK:
            num = [0.0] * K
            den = [0.0] * K
            cnt = [0] * K
            for o in g.vkids[v]:
                s = sigma[o]
                if s is None:
                    continue
                vo = vals[o]
                for k in range(K):
                    x = vo[k]  # type: ignore[index]
                    if x is not None:
                        num[k] += s * x
                        den[k] += s
                        cnt[k] += 1
            self.num[v], self.den[v], self.cnt[v] = num, den, cnt
            vals[v] = [num[k] / den[k] if den[k] > 0 else None for k in range(K)]
        elif mode == CHOICE:
            best = self._best(v, self.overall, {})
            self.choice[v] = best
            vals[v] = list(vals[best]) if best >= 0 else [None] * K  # type: ignore[arg-type]

    def _best(self, q: int, overall: Sequence[float | None], overlay: dict[int, float | None]) -> int:
        """The option a decision takes: the policy's when it fixes one, else the best by overall score."""
        fixed = self.graph.policy.get(q, -1)
        if fixed >= 0:
            return fixed
        best, best_score = -1, 0.0
        for o in self.graph.vkids[q]:
            s = overlay[o] if o in overlay else overall[o]
            if s is not None and (best < 0 or s > best_score):
                best, best_score = o, s
        return best

    # -- what-ifs --------------------------------------------------------------

    def arg_structure(self) -> tuple[list[int], set[int]]:
        """Each node's rank in an order where arguments come before their targets, and the nodes on cycles."""
        if self._arg_rank is None:
            g = self.graph
            preds = [g.attackers[i] + g.supporters[i] for i in range(g.size)]
            rank = [0] * g.size
            cyclic: set[int] = set()
            self.arg_components = components(g.size, preds)
            for r, comp in enumerate(self.arg_components):
                for v in comp:
                    rank[v] = r
                if len(comp) > 1 or comp[0] in preds[comp[0]]:
                    cyclic.update(comp)
            self._arg_rank, self._cyclic = rank, cyclic
        return self._arg_rank, self._cyclic  # type: ignore[return-value]

    def what_if(
        self,
        base: dict[int, float] | None = None,
        impact: dict[tuple[int, int], float] | None = None,
        weights: Sequence[float] | None = None,
        targets: Sequence[int] | None = None,
    ) -> dict[int, tuple[Vals, float | None]]:
        """Values and overall score of `targets` (the root options) with some inputs changed.

        Only the nodes above the changed inputs are recomputed; the evaluation
        itself is left as it was.
        """
        g = self.graph
        targets = g.options if targets is None else targets
        w = self.weights if weights is None else list(weights)
        s2 = self.sigma_changes(base or {})
        if s2 is None:  # an input inside an argument cycle: solve again from scratch
            return self._rescore(base or {}, impact or {}, w, targets)
        v2, ov2 = self._value_changes(s2, impact or {}, w, weights is not None)
        out = {}
        vals, overall = self.vals, self.overall
        for o in targets:
            vo = v2[o] if o in v2 else vals[o]
            if weights is None:
                out[o] = (vo, ov2[o] if o in ov2 else overall[o])
            else:
                out[o] = (vo, overall_of(vo, w))  # type: ignore[arg-type]
        return out  # type: ignore[return-value]

    def _rescore(self, base, impact, w, targets):
        g = self.graph
        new_base = list(g.base)
        for i, b in {**base, **self._fix_remainders(base)}.items():
            new_base[i] = b
        new_impact = [list(r) if r is not None else None for r in g.impact]
        for (i, k), x in impact.items():
            new_impact[i][k] = x  # type: ignore[index]
        other = Evaluation(replace(g, base=new_base, impact=new_impact), self.semantics, w)
        return {o: (other.vals[o], other.overall[o]) for o in targets}

    def _fix_remainders(self, changed: dict[int, float]) -> dict[int, float]:
        """New bases of "the rest" outcomes whose siblings' likelihoods changed."""
        g = self.graph
        out: dict[int, float] = {}
        for i in changed:
            fork = g.parents[i]
            rests = g.remainder.get(fork) if fork >= 0 else None
            if rests and i not in rests:
                stated = [changed.get(o, g.base[o]) for o in g.vkids[fork] if o not in rests and g.parents[o] == fork]
                share = rest_share(stated, len(rests))
                if share is not None:
                    for r in rests:
                        out[r] = share
        return out

    def sigma_changes(self, base: dict[int, float]) -> dict[int, float | None] | None:
        """New argued values of the nodes that change when some bases do; None when a cycle is involved."""
        if not base:
            return {}
        g, sigma, f = self.graph, self.sigma, self.update
        rank, cyclic = self.arg_structure()
        if len(base) == 1:
            chain = self._sigma_chain(base, cyclic)
            if chain is not None:
                return chain
        base2 = dict(base)
        base2.update(self._fix_remainders(base))
        s2: dict[int, float | None] = {}
        heap = [(rank[i], i) for i in base2]
        heapq.heapify(heap)
        queued = set(base2)
        while heap:
            _, u = heapq.heappop(heap)
            queued.discard(u)
            if u in cyclic:
                return None
            w = base2[u] if u in base2 else g.base[u]
            if w is None:
                new = None
            else:
                att = [s2[a] if a in s2 else sigma[a] for a in g.attackers[u]]
                sup = [s2[s] if s in s2 else sigma[s] for s in g.supporters[u]]
                att = [x for x in att if x is not None]
                sup = [x for x in sup if x is not None]
                new = f(w, att, sup) if (att or sup) else w
            if new == sigma[u]:
                continue
            s2[u] = new
            for t in g.arg_targets[u]:
                if t not in queued:
                    queued.add(t)
                    heapq.heappush(heap, (rank[t], t))
        return s2

    def _sigma_chain(self, base: dict[int, float], cyclic: set[int]) -> dict[int, float | None] | None:
        """The common case: one changed base whose effect climbs a single line of targets."""
        g, sigma, f = self.graph, self.sigma, self.update
        ((u, w),) = base.items()
        fork = g.parents[u]
        if fork >= 0 and fork in g.remainder:
            return None
        attackers, supporters, targets_of = g.attackers, g.supporters, g.arg_targets
        s2: dict[int, float | None] = {}
        while True:
            if u in cyclic:
                return None
            att = [s2[a] if a in s2 else sigma[a] for a in attackers[u]]
            sup = [s2[s] if s in s2 else sigma[s] for s in supporters[u]]
            if None in att:
                att = [x for x in att if x is not None]
            if None in sup:
                sup = [x for x in sup if x is not None]
            new = f(w, att, sup) if (att or sup) else w
            if new == sigma[u]:
                return s2
            s2[u] = new
            targets = targets_of[u]
            if not targets:
                return s2
            if len(targets) > 1:
                return None
            u = targets[0]
            w = g.base[u]
            if w is None:
                return s2

    def _value_changes(self, s2, impact, weights, weights_changed):
        g, K = self.graph, self.K
        sigma, vals, overall = self.sigma, self.vals, self.overall
        v2: dict[int, Vals] = {}
        ov2: dict[int, float | None] = {}
        pending: dict[int, list[int]] = {}
        heap: list[tuple[int, int]] = []
        vrank, mode, vparents, kinds = g.vrank, g.mode, g.vparents, g.kinds
        CONSEQUENCE, OPTION = Kind.CONSEQUENCE, Kind.OPTION
        push = heapq.heappush

        for u in s2:
            if kinds[u] is CONSEQUENCE:
                for p in vparents[u]:
                    if p in pending:
                        pending[p].append(u)
                    else:
                        pending[p] = [u]
                        push(heap, (vrank[p], p))
        for (i, _k) in impact:
            if mode[i] == SUM and i not in pending:
                pending[i] = []
                push(heap, (vrank[i], i))
        if weights_changed:
            for q in g.vorder:
                if mode[q] == CHOICE and q != g.root and q not in pending:
                    pending[q] = []
                    push(heap, (vrank[q], q))
        rk = range(K)
        while heap:
            _, v = heapq.heappop(heap)
            kids = pending.pop(v)
            m = mode[v]
            if m == CHOICE:
                if weights_changed:
                    scores = {o: overall_of(v2[o] if o in v2 else vals[o], weights) for o in g.vkids[v]}
                else:
                    scores = {o: ov2[o] for o in g.vkids[v] if o in v2}
                best = self._best(v, overall, scores)
                new = list(v2[best] if best in v2 else vals[best]) if best >= 0 else [None] * K
            elif m == FORK:
                # Summed afresh, as the full pass does: after a tiny likelihood is taken out by a
                # delta, the denominator is left as rounding residue rather than 0.
                num = [0.0] * K
                den = [0.0] * K
                for o in g.vkids[v]:
                    s = s2[o] if o in s2 else sigma[o]
                    if s is None:
                        continue
                    vo = v2[o] if o in v2 else vals[o]
                    for k in rk:
                        x = vo[k]  # type: ignore[index]
                        if x is not None:
                            num[k] += s * x
                            den[k] += s
                new = [num[k] / den[k] if den[k] > 0 else None for k in rk]
            else:
                num = self.num[v][:]  # type: ignore[index]
                cnt = self.cnt[v][:]  # type: ignore[index]
                if impact:
                    row = g.impact[v]
                    if row is not None:
                        for k in rk:
                            key = (v, k)
                            if key in impact and row[k] is not None:
                                num[k] += impact[key] - row[k]
                for d in set(kids) if len(kids) > 1 else kids:
                    vo = vals[d]
                    vn = v2[d] if d in v2 else vo
                    if kinds[d] is CONSEQUENCE:
                        so = sigma[d]
                        sn = s2[d] if d in s2 else so
                        for k in rk:
                            xo = vo[k] if so is not None else None  # type: ignore[index]
                            xn = vn[k] if sn is not None else None  # type: ignore[index]
                            if xo is not None:
                                num[k] -= so * xo  # type: ignore[operator]
                                cnt[k] -= 1
                            if xn is not None:
                                num[k] += sn * xn  # type: ignore[operator]
                                cnt[k] += 1
                    else:
                        for k in rk:
                            xo, xn = vo[k], vn[k]  # type: ignore[index]
                            if xo is not None:
                                num[k] -= xo
                                cnt[k] -= 1
                            if xn is not None:
                                num[k] += xn
                                cnt[k] += 1
                new = [num[k] if cnt[k] else None for k in rk]
            if new == vals[v]:
                continue
            v2[v] = new
            if kinds[v] is OPTION:
                ov2[v] = overall_of(new, weights)
            for p in vparents[v]:
                if p in pending:
                    pending[p].append(v)
                else:
                    pending[p] = [v]
                    push(heap, (vrank[p], p))
        return v2, ov2
