"""Monte Carlo simulation: inputs drawn from their distributions, every sample scored at once.

Uncertain inputs are a node's `uncertainty` (likelihood, strength or impact.<perspective>) and
parameters with a `distribution` (every formula reading them is evaluated on the samples; a
node's own distribution wins over its formula). Distributions: uniform low..high; triangular
low, mode, high; beta alpha, beta over low..high; normal mean, sd cut to low..high. Missing ends
default to the field's range (0..1, or the impact scale), a missing mode or mean to the input's
value. Sampled likelihoods and strengths are kept in 0..1 and impacts on the scale.

The map is evaluated once with numpy arrays of samples in place of the numbers that vary (the
formulas of semantics.py and scores.py, vectorised); what does not vary keeps its value from
the ordinary evaluation. Per option the report gives p_best (the share of samples in which it
ranks first by the map's ranking, ties to the earlier option as in the ranking), and the mean,
5th and 95th percentile of its standing. Drivers are the sampled inputs whose values correlate
most (Pearson) with the leader changing; when no sample changes it, with the leader's margin
shrinking.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from argmap.errors import ArgmapError
from argmap.model.document import Distribution, Document, Kind
from argmap.scoring.evaluate import Evaluation
from argmap.scoring.graph import CHOICE, FORK, SUM, compile_graph, fill_remainders, paused_gc
from argmap.scoring.scores import score_graph
from argmap.scoring.semantics import check_semantics

__all__ = ["Simulation", "SimulatedOption", "Driver", "simulate", "DRIVERS"]

DRIVERS = 10  # drivers reported


@dataclass
class SimulatedOption:
    id: str
    label: str
    p_best: float
    mean: float | None
    p5: float | None
    p95: float | None


@dataclass
class Driver:
    input: str  # "likelihood", "strength", "impact.<perspective>" or "parameter"
    node: str  # the node's id, or the parameter's
    correlation: float


@dataclass
class Simulation:
    samples: int
    seed: int
    options: list[SimulatedOption]
    drivers: list[Driver] = field(default_factory=list)
    leader: str | None = None  # the leader without uncertainty
    driver_target: str = "leader changes"  # or "margin" when no sample changes the leader
    ranked_by: str = "impact"


class SimulationError(ArgmapError):
    """A distribution that cannot be sampled, or a map the simulation cannot evaluate."""


def simulate(doc: Document, samples: int, seed: int | None = None, semantics: str = "df-quad",
             ranking: str | None = None, spread: float | None = None) -> Simulation:
    """Draw `samples` values of every uncertain input and score them all (see the module docstring).

    `spread` makes every likelihood and strength that has no distribution of its own uncertain
    too: triangular from value - spread to value + spread (cut to 0..1), peaked at its value.
    """
    check_semantics(semantics)
    if samples < 1:
        raise SimulationError(f"{samples} samples asked for; at least 1 is needed")
    if seed is None:
        seed = int(np.random.SeedSequence().entropy % (2**31))
    rng = np.random.default_rng(seed)
    with paused_gc():
        g = compile_graph(doc)
        ev = Evaluation(g, semantics)
        scores = score_graph(g, ev, doc.ranking if ranking is None else ranking)
        return _Run(doc, g, ev, scores, rng, samples, seed, spread).run()


def _draw(rng, dist: Distribution, n: int, value: float | None, lo: float, hi: float, where: str) -> np.ndarray:
    low = dist.low if dist.low is not None else lo
    high = dist.high if dist.high is not None else hi
    if dist.kind != "normal" and not low < high:
        raise SimulationError(f"{where}: a {dist.kind} distribution needs low below high, got {low:g}..{high:g}")
    if dist.kind == "uniform":
        x = rng.uniform(low, high, n)
    elif dist.kind == "triangular":
        mode = dist.mode if dist.mode is not None else value
        if mode is None or not low <= mode <= high:
            raise SimulationError(f"{where}: a triangular distribution needs a mode in {low:g}..{high:g}")
        x = rng.triangular(low, mode, high, n) if low < high else np.full(n, low)
    elif dist.kind == "beta":
        if dist.alpha is None or dist.beta is None:
            raise SimulationError(f"{where}: a beta distribution needs alpha and beta")
        x = low + (high - low) * rng.beta(dist.alpha, dist.beta, n)
    else:
        mean = dist.mean if dist.mean is not None else value
        if mean is None or dist.sd is None:
            raise SimulationError(f"{where}: a normal distribution needs a mean and an sd")
        x = rng.normal(mean, dist.sd, n)
        for _ in range(50):  # cut to low..high by drawing the outside ones again
            out = (x < low) | (x > high)
            if not out.any():
                break
            x[out] = rng.normal(mean, dist.sd, int(out.sum()))
        x = np.clip(x, low, high)
    return np.clip(x, lo, hi)


def _varies(x: Any) -> bool:
    return isinstance(x, np.ndarray)


class _Run:
    def __init__(self, doc, g, ev, scores, rng, n, seed, spread) -> None:
        self.doc, self.g, self.ev, self.scores, self.rng, self.n, self.seed = doc, g, ev, scores, rng, n, seed
        self.spread = spread
        self.drawn: list[tuple[str, str, np.ndarray]] = []

    def _inputs(self):
        g, doc, n = self.g, self.doc, self.n
        base: list[Any] = list(g.base)
        impact: list[Any] = [list(r) if r is not None else None for r in g.impact]
        params: dict[str, Any] = dict(g.parameters)
        for p in doc.parameters:
            if p.distribution is not None and p.id in params:
                lo = p.min if p.min is not None else -np.inf
                hi = p.max if p.max is not None else np.inf
                x = _draw(self.rng, p.distribution, n, p.value, lo, hi, f"parameter '{p.id}'")
                params[p.id] = x
                self.drawn.append(("parameter", p.id, x))
        for i, k, f in g.formulas:
            if any(_varies(params[name]) for name in f.names):
                x = np.asarray(f.evaluate(params), dtype=float) * np.ones(n)
                if k < 0:
                    base[i] = np.clip(x, 0.0, 1.0)
                else:
                    impact[i][k] = np.clip(x, g.impact_min, g.impact_max)
        pindex = {p: k for k, p in enumerate(g.perspectives)}
        for i in range(g.size):
            node = g.nodes[i]
            if not node.uncertainty:
                continue
            for key, dist in node.uncertainty.items():
                where = f"node '{node.id}' field {key}"
                name, _, pid = key.partition(".")
                if name == "impact" and pid in pindex and g.mode[i] == SUM:
                    k = pindex[pid]
                    if impact[i] is None:
                        impact[i] = [None] * len(g.perspectives)
                    x = _draw(self.rng, dist, n, impact[i][k], g.impact_min, g.impact_max, where)
                    impact[i][k] = x
                elif (name == "likelihood" and g.kinds[i] is Kind.CONSEQUENCE) or \
                        (name == "strength" and g.kinds[i] in (Kind.PRO, Kind.CON, Kind.EVIDENCE)):
                    x = _draw(self.rng, dist, n, base[i] if not _varies(base[i]) else None, 0.0, 1.0, where)
                    base[i] = x
                else:
                    raise SimulationError(f"{where}: not an input of a {g.kinds[i].value} node")
                self.drawn.append((key, node.id, x))
        if self.spread:
            own = {(g.index[nid], key.partition(".")[0]) for key, nid, _ in self.drawn if nid in g.index}
            for i in range(g.size):
                kind = g.kinds[i]
                what = "likelihood" if kind is Kind.CONSEQUENCE else "strength" \
                    if kind in (Kind.PRO, Kind.CON, Kind.EVIDENCE) else None
                x0 = base[i]
                if what is None or x0 is None or _varies(x0) or (i, what) in own or g.nodes[i].remainder:
                    continue
                lo, hi = max(0.0, x0 - self.spread), min(1.0, x0 + self.spread)
                x = self.rng.triangular(lo, x0, hi, n) if lo < hi else np.full(n, x0)
                base[i] = x
                self.drawn.append((what, g.ids[i], x))
        fill_remainders(g.remainder, g.vkids, g.parents, base)
        return base, impact

    def _sigma(self, base) -> list[Any]:
        g, ev = self.g, self.ev
        f = _VECTOR[ev.semantics]
        sigma: list[Any] = list(ev.sigma)
        _, cyclic = ev.arg_structure()
        for comp in ev.arg_components:
            for v in comp:
                w = base[v]
                if w is None:
                    sigma[v] = None
                    continue
                att = [sigma[a] for a in g.attackers[v] if base[a] is not None and sigma[a] is not None]
                sup = [sigma[s] for s in g.supporters[v] if base[s] is not None and sigma[s] is not None]
                if not (_varies(w) or any(_varies(x) for x in att) or any(_varies(x) for x in sup)):
                    continue
                if v in cyclic:
                    raise SimulationError("uncertain inputs reach a cycle of argument links; the simulation "
                                          "evaluates acyclic arguments only",
                                          hint="Remove the distribution or one link of the cycle.")
                sigma[v] = f(w, att, sup) if (att or sup) else w
        return sigma

    def _values(self, sigma, impact) -> list[Any]:
        g, ev, K = self.g, self.ev, len(self.g.perspectives)
        vals: list[Any] = list(ev.vals)
        overall: dict[int, Any] = {}
        for v in g.vorder:
            m = g.mode[v]
            if m == SUM:
                row = impact[v]
                parts: list[list[Any]] = [[] for _ in range(K)]
                if row is not None:
                    for k in range(K):
                        if row[k] is not None:
                            parts[k].append(row[k])
                for d in g.vkids[v]:
                    vd = vals[d]
                    s = sigma[d] if g.kinds[d] is Kind.CONSEQUENCE else 1.0
                    if s is None:
                        continue
                    for k in range(K):
                        if vd[k] is not None:
                            parts[k].append(s * vd[k])
                vals[v] = [sum(p) if p else None for p in parts]
            elif m == FORK:
                new = []
                for k in range(K):
                    num = den = 0.0
                    for o in g.vkids[v]:
                        s = sigma[o]
                        if s is None or vals[o][k] is None:
                            continue
                        num = num + s * vals[o][k]
                        den = den + s
                    new.append(None if not _varies(den) and den <= 0 else num / np.where(np.asarray(den) > 0, den, np.nan))
                vals[v] = new
            elif m == CHOICE and v in g.policy:
                vals[v] = list(vals[g.policy[v]])
            elif m == CHOICE:
                opts = [o for o in g.vkids[v] if overall.get(o) is not None]
                if not opts:
                    vals[v] = [None] * K
                    continue
                stack = np.vstack([np.broadcast_to(np.asarray(overall[o], dtype=float), (self.n,)) for o in opts])
                best = np.argmax(stack, axis=0)
                cols = np.arange(self.n)
                new = []
                for k in range(K):
                    col = [vals[o][k] for o in opts]
                    if all(c is None for c in col):
                        new.append(None)
                        continue
                    rows = np.vstack([np.broadcast_to(np.asarray(np.nan if c is None else c, dtype=float), (self.n,))
                                      for c in col])
                    new.append(rows[best, cols])
                vals[v] = new
            if g.kinds[v] is Kind.OPTION:
                overall[v] = _overall(vals[v], self.ev.weights)
        self.overall = overall
        return vals

    def run(self) -> Simulation:
        g, n = self.g, self.n
        base, impact = self._inputs()
        sigma = self._sigma(base)
        self._values(sigma, impact)
        from argmap.scoring.standing import NEUTRAL_SUPPORT

        by = self.scores.ranked_by
        rows = []
        for o in g.options:
            ov = self.overall.get(o)
            sup = sigma[o] if sigma[o] is not None else NEUTRAL_SUPPORT
            if by == "support":
                st = sup
            elif ov is None:
                st = None
            elif by == "impact":
                st = ov
            else:
                st = ov * 2.0 * np.where(np.asarray(ov) >= 0, sup, 1.0 - np.asarray(sup))
            rows.append(None if st is None else np.broadcast_to(np.asarray(st, dtype=float), (n,)))
        ranked = [i for i, r in enumerate(rows) if r is not None]
        out_opts = []
        if ranked:
            stack = np.vstack([rows[i] for i in ranked])
            stack = np.where(np.isnan(stack), -np.inf, stack)
            best = np.asarray(ranked)[np.argmax(stack, axis=0)]
        else:
            best = np.full(n, -1)
        for i, o in enumerate(g.options):
            r = rows[i]
            out_opts.append(SimulatedOption(
                id=g.ids[o], label=g.label(o), p_best=float(np.mean(best == i)),
                mean=None if r is None else float(np.nanmean(r)),
                p5=None if r is None else float(np.nanpercentile(r, 5)),
                p95=None if r is None else float(np.nanpercentile(r, 95))))
        out_opts.sort(key=lambda x: -x.p_best)
        leader = self.scores.leader
        sim = Simulation(samples=n, seed=self.seed, options=out_opts,
                         leader=leader.node_id if leader is not None else None, ranked_by=by)
        if leader is not None and self.drawn:
            li = g.options.index(g.index[leader.node_id])
            target = (best != li).astype(float)
            if target.std() == 0 and len(ranked) > 1:
                others = np.vstack([rows[i] for i in ranked if i != li]) if li in ranked else None
                if others is not None:
                    target = -(rows[li] - np.max(others, axis=0))
                    sim.driver_target = "margin"
            sim.drivers = _drivers(self.drawn, target)
        return sim


def _overall(vals, weights):
    num = den = 0.0
    for v, w in zip(vals, weights):
        if v is not None:
            num = num + w * v
            den += w
    return num / den if den > 0 else None


def _drivers(drawn, target) -> list[Driver]:
    out = []
    t = target - target.mean()
    ts = float(np.sqrt((t * t).sum()))
    for what, node, x in drawn:
        d = x - x.mean()
        xs = float(np.sqrt((d * d).sum()))
        if xs == 0 or ts == 0:
            continue
        out.append(Driver(what, node, float((d * t).sum() / (xs * ts))))
    out.sort(key=lambda r: -abs(r.correlation))
    return out[:DRIVERS]


# -- the semantics over arrays --------------------------------------------------------------


def _prod1m(xs):
    p = 1.0
    for x in xs:
        p = p * (1.0 - x)
    return p


def _v_dfquad(w, att, sup):
    va, vs = 1.0 - _prod1m(att), 1.0 - _prod1m(sup)
    return np.where(np.asarray(va >= vs), w - w * (va - vs), w + (1.0 - w) * (vs - va))


def _v_energy(w, att, sup):
    e = sum(sup) - sum(att)
    h = e * e / (1.0 + e * e)
    return np.where(np.asarray(e) > 0, w + (1.0 - w) * h, np.where(np.asarray(e) < 0, w - w * h, w))


def _v_euler(w, att, sup):
    e = np.minimum(np.asarray(sum(sup) - sum(att), dtype=float), 700.0)
    return 1.0 - (1.0 - w * w) / (1.0 + w * np.exp(e))


def _v_quad(w, att, sup):
    va = w * _prod1m(att)
    vs = 1.0 - (1.0 - w) * _prod1m(sup)
    if att and sup:
        return 0.5 * (va + vs)
    return va if att else (vs if sup else w)


def _v_hcat(w, att, sup):
    return w / (1.0 + sum(att))


_VECTOR = {"df-quad": _v_dfquad, "quadratic-energy": _v_energy, "euler-based": _v_euler, "quad": _v_quad,
           "h-categorizer": _v_hcat}
