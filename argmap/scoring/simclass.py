"""Simulation drawn from the class's weighings: whole students (the default), or input by input.

Split from `simulate`, whose module docstring explains the two modes and why whole students are
the default; this module holds what only a class run needs.
"""

from __future__ import annotations

import numpy as np

from typing import Any

from argmap.errors import ArgmapError
from argmap.model.document import Document, Kind, Weighing
from argmap.scoring.evaluate import Evaluation
from argmap.scoring.graph import SUM, Graph, fill_remainders
from argmap.scoring.scores import score_graph
from argmap.scoring.simulate import (Drawn, MemoryPlan, Simulation, SimulatedOption, SimulationError, _drivers, _plan,
                                     _Run)

__all__ = ["class_weighings", "class_run", "mixed_memory"]


def class_weighings(doc: Document) -> list[Weighing]:
    """The students' weighings of the map (every weighing but the author's), with their current values."""
    from argmap.model.weighings import AUTHOR, all_weighings

    return [w for w in all_weighings(doc, with_author=False) if w.id != AUTHOR]


_BASE_KINDS = (Kind.CONSEQUENCE, Kind.PRO, Kind.CON, Kind.EVIDENCE)


def _no_class() -> SimulationError:
    return SimulationError("the map has no students' weighings to draw from",
                           hint="Collect the class's copies first ('argmap class collect'), or draw from the "
                                "distributions.")


def _class_inputs(doc: Document, g: Graph, students: list[Weighing]):
    """Every input some student weighed, as (base index or -1, impact (index, k) or None, key, values).

    Keys are driver names: ("likelihood" | "strength" | "impact.<pid>", node id). Remainder
    outcomes are left to fill_remainders.
    """
    from argmap.scoring.classroom import input_values

    pindex = {p: k for k, p in enumerate(g.perspectives)}
    out = []
    for (nid, what, pid), xs in input_values(doc, students).items():
        if nid is None or nid not in g.index:
            continue
        i = g.index[nid]
        if g.nodes[i].remainder:
            continue
        if what in ("likelihood", "strength") and g.kinds[i] in _BASE_KINDS:
            out.append((i, -1, (what, nid), np.asarray(xs, dtype=float)))
        elif what == "impact" and pid in pindex and g.mode[i] == SUM and g.kinds[i] is not Kind.QUESTION:
            out.append((i, pindex[pid], (f"impact.{pid}", nid), np.asarray(xs, dtype=float)))
    return out


def _weight_matrix(g: Graph, students: list[Weighing]) -> np.ndarray:
    """Each student's perspective weights (a row per student; one left out keeps the map's)."""
    return np.array([[float(w.weights.get(pid, g.weights[k])) for k, pid in enumerate(g.perspectives)]
                     for w in students], dtype=float).reshape(len(students), len(g.perspectives))


def _fixed_graph(doc: Document, g: Graph, students: list[Weighing]) -> Graph:
    """The compiled map holding what the class agrees on: an input every student who weighed it gave
    the same value keeps it, one they differ on holds a first value (the samples replace it), one
    no student weighed is unweighed."""
    from argmap.model.document import NodeValues
    from argmap.scoring.classroom import graph_for

    values: dict[str, NodeValues] = {}
    for i, k, (what, nid), xs in _class_inputs(doc, g, students):
        nv = values.setdefault(nid, NodeValues())
        if k >= 0:
            nv.impact[g.perspectives[k]] = float(xs[0])
        elif what == "likelihood":
            nv.likelihood = float(xs[0])
        else:
            nv.strength = float(xs[0])
    weights = _weight_matrix(g, students)[0] if students else g.weights
    return graph_for(g, Weighing(id="class", values=values,
                                  weights={pid: float(weights[k]) for k, pid in enumerate(g.perspectives)}))


class _MixedInputs:
    """Draws n samples, each input from its own randomly drawn student among those who weighed it."""

    def __init__(self, doc: Document, g: Graph, students: list[Weighing]) -> None:
        self.g = g
        self.inputs = [x for x in _class_inputs(doc, g, students) if np.ptp(x[3]) > 0]
        self.weights = _weight_matrix(g, students)
        self.vary_weights = bool(len(students) > 1 and np.ptp(self.weights, axis=0).max(initial=0.0) > 0)

    def __call__(self, rng, n: int) -> tuple[list[Any], list[Any], list[Any], Drawn]:
        g = self.g
        base: list[Any] = list(g.base)
        impact: list[Any] = [list(r) if r is not None else None for r in g.impact]
        weights: list[Any] = list(g.weights)
        drawn: Drawn = []
        for i, k, (what, nid), xs in self.inputs:
            x = xs[rng.integers(0, len(xs), n)]
            if k < 0:
                base[i] = x
            else:
                if impact[i] is None:
                    impact[i] = [None] * len(g.perspectives)
                impact[i][k] = x
            drawn.append((what, nid, x))
        if self.vary_weights:
            rows = self.weights[rng.integers(0, len(self.weights), n)]
            total = rows.sum(axis=1)
            weights = [rows[:, k] for k in range(len(g.perspectives))]
            if len(weights) > 1:
                share = np.where(total > 0, 1.0 / np.where(total > 0, total, 1.0), np.nan)
                drawn += [("weight", pid, weights[k] * share) for k, pid in enumerate(g.perspectives)]
        fill_remainders(g.remainder, g.vkids, g.parents, base)
        return base, impact, weights, drawn


def class_run(doc: Document, g: Graph, semantics: str, by: str, rng, samples: int, seed: int,
               mix: bool) -> Simulation:
    from argmap.scoring.classroom import graph_for, mean_weighing

    students = class_weighings(doc)
    if not students:
        raise _no_class()
    mean = graph_for(g, mean_weighing(doc, students))
    reference = score_graph(mean, Evaluation(mean, semantics), by)
    if mix:
        gc = _fixed_graph(doc, g, students)
        ev = Evaluation(gc, semantics)
        # The class mean's scores: its ranking setting is the run's and its leader the reference.
        sim = _Run(gc, ev, reference, rng, samples, seed, _MixedInputs(doc, gc, students)).run()
        sim.source = "mixed"
    else:
        sim = _whole_students(doc, g, semantics, by, rng, samples, seed, students, reference)
    sim.students = len(students)
    return sim


def _whole_students(doc: Document, g: Graph, semantics: str, by: str, rng, samples: int, seed: int,
                    students: list[Weighing], reference) -> Simulation:
    """Each sample one student's whole weighing: the students scored once, the draws counted."""
    from argmap.scoring.classroom import graph_for, input_values

    scored = []
    for w in students:
        try:
            gw = graph_for(g, w)
            scored.append((w, score_graph(gw, Evaluation(gw, semantics), by)))
        except ArgmapError:
            continue  # a weighing that cannot be scored is left out of the draws
    if not scored:
        raise SimulationError("no student's weighing of the map can be scored")
    plan = _plan(samples, 0, 8.0, 0.0)
    counts = np.zeros(len(scored), dtype=np.int64)
    for start in range(0, samples, plan.chunk):
        counts += np.bincount(rng.integers(0, len(scored), min(plan.chunk, samples - start)), minlength=len(scored))
    c = counts.astype(float)
    ids = [g.ids[o] for o in g.options]
    leaders = [sc.leader.node_id if sc.leader is not None else None for _, sc in scored]
    standing = np.array([[np.nan if sc.option(o).standing is None else sc.option(o).standing for o in ids]
                         for _, sc in scored], dtype=float).reshape(len(scored), len(ids))
    options = []
    for k, o in enumerate(ids):
        col = standing[:, k]
        have = ~np.isnan(col) & (counts > 0)
        wins = float(sum(c[j] for j, lead in enumerate(leaders) if lead == o))
        options.append(SimulatedOption(
            o, g.label(g.options[k]), wins / samples,
            float(np.dot(c[have], col[have]) / c[have].sum()) if have.any() else None,
            _percentile(col[have], counts[have], 5), _percentile(col[have], counts[have], 95)))
    options.sort(key=lambda x: -x.p_best)
    lead = reference.leader.node_id if reference.leader is not None else None
    sim = Simulation(samples, seed, options, leader=lead, ranked_by=reference.ranked_by, source="students",
                     chunks=plan.chunks)
    if lead is None:
        return sim
    li = ids.index(lead)
    change = np.array([0.0 if x == lead else 1.0 for x in leaders])
    target, sim.driver_target = change, "leader changes"
    if _weighted_var(change, c) == 0:
        others = np.delete(standing, li, axis=1)
        if others.shape[1] == 0:
            return sim
        with np.errstate(all="ignore"):
            target = -(standing[:, li] - np.nanmax(np.where(np.isnan(others), -np.inf, others), axis=1))
        sim.driver_target = "margin"
    columns: dict[tuple[str, str], list[float]] = {}
    where = {w.id: j for j, (w, _) in enumerate(scored)}
    for j, (w, _) in enumerate(scored):
        for (nid, what, pid), (x,) in input_values(doc, [w]).items():
            name = ("weight", pid) if nid is None else (what if pid is None else f"{what}.{pid}", nid)
            columns.setdefault(name, [np.nan] * len(scored))[where[w.id]] = x  # type: ignore[index]
    corr = [_weighted_corr(np.asarray(xs), target, c) for xs in columns.values()]
    sim.drivers = _drivers(list(columns), corr)
    return sim


def _percentile(values: np.ndarray, counts: np.ndarray, q: float) -> float | None:
    """np.percentile (linear) of the values each repeated counts times, without repeating them."""
    if counts.sum() == 0:
        return None
    order = np.argsort(values, kind="stable")
    v, cum = values[order], np.cumsum(counts[order])
    h = (cum[-1] - 1) * q / 100.0
    lo = int(np.floor(h))
    a = v[np.searchsorted(cum, lo, side="right")]
    b = v[np.searchsorted(cum, min(lo + 1, cum[-1] - 1), side="right")]
    return float(a + (h - lo) * (b - a))


def _weighted_var(x: np.ndarray, c: np.ndarray) -> float:
    m = np.dot(c, x) / c.sum()
    return float(np.dot(c, (x - m) ** 2))


def _weighted_corr(x: np.ndarray, t: np.ndarray, c: np.ndarray) -> float | None:
    """Pearson correlation of x and t over samples, each student counted c times (missing values left out)."""
    ok = ~np.isnan(x) & np.isfinite(t) & (c > 0)
    if not ok.any():
        return None
    x, t, c = x[ok], t[ok], c[ok]
    dx, dt = x - np.dot(c, x) / c.sum(), t - np.dot(c, t) / c.sum()
    sx, st = float(np.sqrt(np.dot(c, dx * dx))), float(np.sqrt(np.dot(c, dt * dt)))
    return None if sx == 0 or st == 0 else float(np.dot(c, dx * dt) / (sx * st))


def mixed_memory(doc: Document, g: Graph, semantics: str, samples: int) -> MemoryPlan:
    """The memory a run mixing students' values input by input needs, and its chunks."""
    students = class_weighings(doc)
    if not students:
        raise _no_class()
    gc = _fixed_graph(doc, g, students)
    return _Run(gc, Evaluation(gc, semantics), None, None, samples, 0, _MixedInputs(doc, gc, students)).memory()
