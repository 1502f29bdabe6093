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

Drawing from a class (`from_class=True`): the samples are the students' weighings of the map
(`Document.weighings`, the author's left out) instead of the distributions.

- By default each sample is one student's whole weighing, drawn at random with replacement (a
  bootstrap of the class): a student's values belong together (someone who thinks a
  consequence likely may rate its impact with that in mind), so the samples keep them
  together, and p_best tends to the share of students each option leads for. Each sample's
  scores are exactly that student's, unweighed inputs and all.
- `mix=True` resamples input by input: every input of a sample takes the value of its own
  randomly drawn student, among those who weighed it (an input no student weighed stays
  unweighed), and the perspective weights come as one set from one drawn student (weights
  only mean something against each other). This asks what the class's spread of opinion on
  each input does when opinions combine freely, which whole students cannot show.

The reference leader (for drivers) is then the leader of the class's mean weighing.

Memory: before drawing, the run's need is estimated (the arrays the evaluation holds at once,
per sample, counted on an empty run, plus the per-option results kept for the percentiles).
Samples are drawn and scored in chunks of at most CHUNK_BYTES of working arrays, so a large
run fits in memory; the chunk size depends on the map and the number of samples only, so a
seed gives the same samples on every machine. When even that does not fit in the memory
available, the chunks shrink (the samples then differ from a roomier machine's) down to
MIN_CHUNK samples; below that the run is refused with `SimulationTooLarge`, before any work.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from argmap.errors import ArgmapError
from argmap.model.document import Distribution, Document, Kind, Weighing
from argmap.scoring.evaluate import Evaluation
from argmap.scoring.graph import (
    CHOICE,
    FORK,
    SUM,
    Graph,
    compile_graph,
    fill_remainders,
    paused_gc,
)
from argmap.scoring.scores import score_graph
from argmap.scoring.semantics import check_semantics

__all__ = [
    "DRIVERS",
    "Driver",
    "MemoryPlan",
    "SimulatedOption",
    "Simulation",
    "SimulationError",
    "SimulationTooLarge",
    "available_memory",
    "class_weighings",
    "memory_plan",
    "simulate",
    "size_text",
]

DRIVERS = 10  # drivers reported
#: Working arrays of one chunk, at most (the chunk size follows from it and the map, not the machine).
CHUNK_BYTES = 1 << 30
#: The fewest samples a chunk may shrink to when memory is short.
MIN_CHUNK = 1000
#: The memory assumed available where /proc/meminfo does not say.
FALLBACK_MEMORY = 2 << 30
#: Temporaries the vectorised formulas make beside the arrays they keep (measured: see memory_plan).
TEMPORARIES = 1.5


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
    input: str  # "likelihood", "strength", "impact.<perspective>", "parameter" or "weight" (node: the perspective)
    node: str  # the node's id, or the parameter's, or the perspective's
    correlation: float


@dataclass
class Simulation:
    samples: int
    seed: int
    options: list[SimulatedOption]
    drivers: list[Driver] = field(default_factory=list)
    leader: str | None = None  # the leader without uncertainty (a class: of the class's mean weighing)
    driver_target: str = "leader changes"  # or "margin" when no sample changes the leader
    ranked_by: str = "impact"
    source: str = "distributions"  # or "students" (whole weighings) or "mixed" (input by input)
    students: int = 0  # the class's weighings drawn from
    chunks: int = 1  # how many pieces the samples were drawn and scored in


class SimulationError(ArgmapError):
    """A distribution that cannot be sampled, or a map the simulation cannot evaluate."""


class SimulationTooLarge(SimulationError):
    """More samples than memory can hold, even drawn in chunks; raised before any drawing."""

    def __init__(self, samples: int, need: int, available: int, inputs: int) -> None:
        self.samples, self.need, self.available, self.inputs = samples, need, available, inputs
        super().__init__(f"{samples:,} samples need about {size_text(need)} for {inputs:,} inputs; "
                         f"{size_text(available)} is available — ask for fewer samples",
                         hint="Fewer samples, or fewer uncertain inputs (a smaller --spread reaches the same ones).")


def size_text(n: float) -> str:
    """Bytes as '37 GB', '9.8 GB' or '420 MB' (decimal units)."""
    if n >= 10e9:
        return f"{n / 1e9:.0f} GB"
    if n >= 1e9:
        return f"{n / 1e9:.1f} GB"
    return f"{max(n / 1e6, 1):.0f} MB"


def available_memory() -> int:
    """Bytes of memory available now: MemAvailable of /proc/meminfo, else FALLBACK_MEMORY."""
    try:
        with open("/proc/meminfo", encoding="ascii") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return FALLBACK_MEMORY


@dataclass
class MemoryPlan:
    """What a run needs: bytes per sample of working arrays, bytes kept for the whole run, the chunk size."""

    samples: int
    inputs: int
    per_sample: float  # working bytes for one sample
    kept: float  # bytes kept for the whole run (the results the percentiles need)
    chunk: int
    available: int

    @property
    def need(self) -> float:
        """The bytes the run holds at once, drawn in chunks of `chunk`."""
        return self.kept + self.chunk * self.per_sample

    @property
    def whole(self) -> float:
        """The bytes it would hold drawn all at once."""
        return self.kept + self.samples * self.per_sample

    @property
    def chunks(self) -> int:
        return -(-self.samples // self.chunk)


def _plan(samples: int, inputs: int, per_sample: float, kept: float) -> MemoryPlan:
    available = available_memory()
    chunk = int(min(samples, max(min(samples, MIN_CHUNK), CHUNK_BYTES // max(per_sample, 1.0))))
    plan = MemoryPlan(samples, inputs, per_sample, kept, chunk, available)
    if plan.need > available:
        smallest = min(samples, MIN_CHUNK)
        fits = int((available - kept) // max(per_sample, 1.0))
        if fits < smallest:
            plan.chunk = smallest
            raise SimulationTooLarge(samples, int(plan.need), available, inputs)
        plan.chunk = fits
    return plan


def class_weighings(doc: Document) -> list[Weighing]:
    """The students' weighings of the map (every weighing but the author's), with their current values."""
    from argmap.scoring.simclass import class_weighings as weighings

    return weighings(doc)


def simulate(doc: Document, samples: int, seed: int | None = None, semantics: str = "df-quad",
             ranking: str | None = None, spread: float | None = None, from_class: bool = False,
             mix: bool = False) -> Simulation:
    """Draw `samples` values of every uncertain input and score them all (see the module docstring).

    `spread` makes every likelihood and strength that has no distribution of its own uncertain
    too: triangular from value - spread to value + spread (cut to 0..1), peaked at its value.
    `from_class` draws from the students' weighings instead (whole students, or input by input
    with `mix`); it takes no spread. Raises SimulationTooLarge before any drawing when the run
    cannot fit in memory even in chunks.
    """
    check_semantics(semantics)
    if samples < 1:
        raise SimulationError(f"{samples} samples asked for; at least 1 is needed")
    if from_class and spread:
        raise SimulationError("a spread cannot be drawn with the class's weighings",
                              hint="Leave the spread out when drawing from the class.")
    if mix and not from_class:
        raise SimulationError("mixing students' values needs the class's weighings to draw from")
    if seed is None:
        seed = int(np.random.SeedSequence().entropy % (2**31))
    rng = np.random.default_rng(seed)
    with paused_gc():
        g = compile_graph(doc)
        by = doc.ranking if ranking is None else ranking
        if from_class:
            from argmap.scoring.simclass import class_run

            return class_run(doc, g, semantics, by, rng, samples, seed, mix)
        ev = Evaluation(g, semantics)
        scores = score_graph(g, ev, by)
        return _Run(g, ev, scores, rng, samples, seed, _DistributionInputs(doc, g, spread)).run()


def memory_plan(doc: Document, samples: int, semantics: str = "df-quad", spread: float | None = None,
                from_class: bool = False, mix: bool = False) -> MemoryPlan:
    """The memory a run would need and how it would be chunked; raises SimulationTooLarge as `simulate` would."""
    check_semantics(semantics)
    with paused_gc():
        g = compile_graph(doc)
        if from_class and not mix:
            return _plan(samples, 0, 8.0, 0.0)
        if from_class:
            from argmap.scoring.simclass import mixed_memory

            return mixed_memory(doc, g, semantics, samples)
        ev = Evaluation(g, semantics)
        return _Run(g, ev, None, None, samples, 0, _DistributionInputs(doc, g, spread)).memory()


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


Drawn = list[tuple[str, str, np.ndarray]]


class _DistributionInputs:
    """Draws n samples of the map's distributions (and its spread): base, impact, weights and what was drawn."""

    def __init__(self, doc: Document, g: Graph, spread: float | None) -> None:
        self.doc, self.g, self.spread = doc, g, spread

    def __call__(self, rng, n: int) -> tuple[list[Any], list[Any], list[Any], Drawn]:
        g, doc = self.g, self.doc
        drawn: Drawn = []
        base: list[Any] = list(g.base)
        impact: list[Any] = [list(r) if r is not None else None for r in g.impact]
        params: dict[str, Any] = dict(g.parameters)
        for p in doc.parameters:
            if p.distribution is not None and p.id in params:
                lo = p.min if p.min is not None else -np.inf
                hi = p.max if p.max is not None else np.inf
                x = _draw(rng, p.distribution, n, p.value, lo, hi, f"parameter '{p.id}'")
                params[p.id] = x
                drawn.append(("parameter", p.id, x))
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
                    x = _draw(rng, dist, n, impact[i][k], g.impact_min, g.impact_max, where)
                    impact[i][k] = x
                elif (name == "likelihood" and g.kinds[i] is Kind.CONSEQUENCE) or \
                        (name == "strength" and g.kinds[i] in (Kind.PRO, Kind.CON, Kind.EVIDENCE)):
                    x = _draw(rng, dist, n, base[i] if not _varies(base[i]) else None, 0.0, 1.0, where)
                    base[i] = x
                else:
                    raise SimulationError(f"{where}: not an input of a {g.kinds[i].value} node")
                drawn.append((key, node.id, x))
        if self.spread:
            own = {(g.index[nid], key.partition(".")[0]) for key, nid, _ in drawn if nid in g.index}
            for i in range(g.size):
                kind = g.kinds[i]
                what = "likelihood" if kind is Kind.CONSEQUENCE else "strength" \
                    if kind in (Kind.PRO, Kind.CON, Kind.EVIDENCE) else None
                x0 = base[i]
                if what is None or x0 is None or _varies(x0) or (i, what) in own or g.nodes[i].remainder:
                    continue
                lo, hi = max(0.0, x0 - self.spread), min(1.0, x0 + self.spread)
                x = rng.triangular(lo, x0, hi, n) if lo < hi else np.full(n, x0)
                base[i] = x
                drawn.append((what, g.ids[i], x))
        fill_remainders(g.remainder, g.vkids, g.parents, base)
        return base, impact, list(g.weights), drawn


class _Moments:
    """Running co-moments of the drawn inputs with a target, merged chunk by chunk (Chan et al.)."""

    def __init__(self) -> None:
        self.n = 0
        self.mt = self.m2t = 0.0
        self.mx: list[float] = []
        self.m2x: list[float] = []
        self.cxt: list[float] = []

    def add(self, xs: list[np.ndarray], t: np.ndarray) -> None:
        nb = t.size
        if nb == 0:
            return
        mt = float(t.mean())
        dt = t - mt
        m2t = float((dt * dt).sum())
        mx, m2x, cxt = [], [], []
        for x in xs:
            m = float(x.mean())
            d = x - m
            mx.append(m)
            m2x.append(float((d * d).sum()))
            cxt.append(float((d * dt).sum()))
        if self.n == 0:
            self.n, self.mt, self.m2t, self.mx, self.m2x, self.cxt = nb, mt, m2t, mx, m2x, cxt
            return
        na, n = self.n, self.n + nb
        f = na * nb / n
        delta_t = mt - self.mt
        for j in range(len(xs)):
            delta_x = mx[j] - self.mx[j]
            self.m2x[j] += m2x[j] + delta_x * delta_x * f
            self.cxt[j] += cxt[j] + delta_x * delta_t * f
            self.mx[j] += delta_x * nb / n
        self.m2t += m2t + delta_t * delta_t * f
        self.mt += delta_t * nb / n
        self.n = n

    def correlations(self) -> list[float | None]:
        ts = float(np.sqrt(self.m2t))
        out: list[float | None] = []
        for m2x, cxt in zip(self.m2x, self.cxt):
            xs = float(np.sqrt(m2x))
            out.append(None if xs == 0 or ts == 0 else cxt / (xs * ts))
        return out


class _Run:
    def __init__(self, g, ev, scores, rng, n, seed, inputs: Callable) -> None:
        """`scores` give the ranking and the reference leader (None for a memory plan alone)."""
        self.g, self.ev, self.scores, self.rng, self.n, self.seed = g, ev, scores, rng, n, seed
        self.inputs = inputs
        self._vals: list[Any] = []

    def memory(self) -> MemoryPlan:
        """Count the arrays an empty run holds at once; plan the chunks (raises SimulationTooLarge)."""
        base, impact, weights, drawn = self.inputs(np.random.default_rng(0), 0)
        sigma = self._sigma(base)
        overall = self._values(sigma, impact, weights, 0)
        held: set[int] = set()

        def hold(x: Any) -> None:
            if _varies(x):
                held.add(id(x))

        for x in (*base, *sigma, *weights, *overall.values(), *(x for _, _, x in drawn)):
            hold(x)
        for row in (*impact, *self._vals):
            for x in row or ():
                hold(x)
        options = len(self.g.options)
        per_sample = 8.0 * (TEMPORARIES * len(held) + 2 * options + 4)
        kept = 8.0 * (options + 2) * self.n  # every option's standings, and a sorted copy for a percentile
        return _plan(self.n, len(drawn), per_sample, kept)

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

    def _values(self, sigma, impact, weights, n) -> dict[int, Any]:
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
                stack = np.vstack([np.broadcast_to(np.asarray(overall[o], dtype=float), (n,)) for o in opts])
                best = np.argmax(stack, axis=0)
                cols = np.arange(n)
                new = []
                for k in range(K):
                    col = [vals[o][k] for o in opts]
                    if all(c is None for c in col):
                        new.append(None)
                        continue
                    rows = np.vstack([np.broadcast_to(np.asarray(np.nan if c is None else c, dtype=float), (n,))
                                      for c in col])
                    new.append(rows[best, cols])
                vals[v] = new
            if g.kinds[v] is Kind.OPTION:
                overall[v] = _overall(vals[v], weights)
        self._vals = [r for r in vals if isinstance(r, list)]
        return overall

    def _rows(self, sigma, overall, n) -> list[np.ndarray | None]:
        """Each option's standing in the n samples (None when it has none)."""
        from argmap.scoring.standing import NEUTRAL_SUPPORT

        by = self.scores.ranked_by
        rows: list[np.ndarray | None] = []
        for o in self.g.options:
            ov = overall.get(o)
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
        return rows

    def run(self) -> Simulation:
        g, N = self.g, self.n
        plan = self.memory()
        leader = self.scores.leader
        li = g.options.index(g.index[leader.node_id]) if leader is not None else None
        kept: list[np.ndarray | None] | None = None
        wins = np.zeros(len(g.options), dtype=np.int64)
        change, margin = _Moments(), _Moments()
        names: list[tuple[str, str]] = []
        ranked: list[int] = []
        for start in range(0, N, plan.chunk):
            n = min(plan.chunk, N - start)
            base, impact, weights, drawn = self.inputs(self.rng, n)
            sigma = self._sigma(base)
            rows = self._rows(sigma, self._values(sigma, impact, weights, n), n)
            self._vals = []
            if kept is None:
                kept = [None if r is None else np.empty(N) for r in rows]
                names = [(what, node) for what, node, _ in drawn]
                ranked = [i for i, r in enumerate(rows) if r is not None]
            for r, into in zip(rows, kept):
                if r is not None and into is not None:
                    into[start:start + n] = r
            if ranked:
                stack = np.vstack([rows[i] for i in ranked])
                stack = np.where(np.isnan(stack), -np.inf, stack)
                best = np.asarray(ranked)[np.argmax(stack, axis=0)]
                del stack
            else:
                best = np.full(n, -1)
            wins += np.bincount(best[best >= 0], minlength=len(g.options))
            if li is not None and drawn:
                xs = [x for _, _, x in drawn]
                change.add(xs, (best != li).astype(float))
                # The margin is the target only when the leader never changes: skip it once it has.
                if change.m2t == 0 and li in ranked and len(ranked) > 1:
                    others = np.max(np.vstack([rows[i] for i in ranked if i != li]), axis=0)
                    margin.add(xs, -(rows[li] - others))
            del base, impact, weights, drawn, sigma, rows, best
        out_opts = []
        for i, o in enumerate(g.options):
            r = kept[i] if kept is not None else None
            out_opts.append(SimulatedOption(
                id=g.ids[o], label=g.label(o), p_best=float(wins[i] / N),
                mean=None if r is None else float(np.nanmean(r)),
                p5=None if r is None else float(np.nanpercentile(r, 5)),
                p95=None if r is None else float(np.nanpercentile(r, 95))))
        out_opts.sort(key=lambda x: -x.p_best)
        sim = Simulation(samples=N, seed=self.seed, options=out_opts,
                         leader=leader.node_id if leader is not None else None, ranked_by=self.scores.ranked_by,
                         chunks=plan.chunks)
        if li is not None and names:
            moments = change
            if change.m2t == 0 and margin.n:
                moments = margin
                sim.driver_target = "margin"
            sim.drivers = _drivers(names, moments.correlations())
        return sim


def _overall(vals, weights):
    num = den = 0.0
    for v, w in zip(vals, weights):
        if v is not None:
            num = num + w * v
            den = den + w
    if _varies(den):  # weights drawn from the class: a student's may all be 0
        return num / np.where(den > 0, den, np.nan)
    return num / den if den > 0 else None


def _drivers(names: list[tuple[str, str]], correlations: list[float | None]) -> list[Driver]:
    out = [Driver(what, node, float(c)) for (what, node), c in zip(names, correlations) if c is not None]
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
