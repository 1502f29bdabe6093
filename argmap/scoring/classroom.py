"""A class's weighings of one map, side by side: each student's ranking, the class's, and where it splits.

- Each student's scores are what `argmap score` gives for that student's weighing alone
  (`weighing_document` + `score`); here they are computed on the map compiled once, with
  each weighing's values put in its inputs, which gives the same numbers much faster.
- Per option: the mean, median, lowest and highest overall score across the students who
  weighed it, how many students it leads for, and that count's share of the students who
  have a leader.
- Disagreement hot-spots: each input the class weighed (a likelihood, a strength, an impact
  for one perspective, a perspective's weight as a share of the total) with its spread (the
  population standard deviation of the students' values, as a share of the input's range)
  and its swing (how far the leader's margin moves when the input is swung over its range,
  the tornado's width, on the class's mean weighing). Hot-spots are ranked by spread × swing:
  inputs the class disagrees on *and* that move the decision.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field, replace
from typing import Sequence

from argmap.errors import ArgmapError
from argmap.model.document import Document, Kind, NodeValues, Weighing
from argmap.model.weighings import AUTHOR, all_weighings, load
from argmap.scoring.evaluate import Evaluation
from argmap.scoring.graph import FORK, SUM, Graph, compile_graph, paused_gc
from argmap.scoring.scores import Scores, score_graph
from argmap.scoring.semantics import check_semantics

__all__ = ["StudentResult", "OptionStats", "Hotspot", "ClassView", "class_view", "weighing_scores",
           "mean_weighing", "input_values"]

_BASE_KINDS = (Kind.CONSEQUENCE, Kind.PRO, Kind.CON, Kind.EVIDENCE)


@dataclass
class StudentResult:
    """One weighing's ranking: every option's overall score and the leader."""

    weighing_id: str
    name: str
    file: str
    leader: str | None
    scores: dict[str, float | None]  # option id -> overall
    unweighed: int = 0
    error: str = ""  # why the weighing could not be scored


@dataclass
class OptionStats:
    """One option across the class."""

    id: str
    label: str
    scores: list[float]  # the students' overall scores, in student order (unweighed left out)
    mean: float | None
    median: float | None
    min: float | None
    max: float | None
    leads: int  # students it leads for
    lead_share: float  # leads / students with a leader


@dataclass
class Hotspot:
    """An input the class weighed: how much the students disagree on it and how much it matters."""

    node: str | None  # None for a perspective weight
    input: str  # likelihood | strength | impact | weight
    perspective: str | None
    label: str
    values: list[float]  # the students' values (weights as shares of the total)
    mean: float
    spread: float  # population standard deviation, as a share of the input's range
    swing: float  # the tornado's width for this input on the class's mean weighing
    score: float  # spread × swing
    rank: int = 0


@dataclass
class ClassView:
    """Everything the class view, the report and `argmap class report --json` show."""

    students: list[StudentResult]
    options: list[OptionStats]  # in the map's order
    hotspots: list[Hotspot]  # most contested first
    by_median: list[str]  # option ids, best class median first
    by_mean: list[str]
    semantics: str = "df-quad"
    mean: Weighing | None = None
    #: Node id -> 0..1: its most contested input's score over the most contested node's (for the canvas tint).
    contested: dict[str, float] = field(default_factory=dict)

    def student(self, weighing_id: str) -> StudentResult:
        for s in self.students:
            if s.weighing_id == weighing_id:
                return s
        raise ArgmapError(f"There is no student weighing '{weighing_id}'.")


def _students(doc: Document, include_author: bool) -> list[Weighing]:
    return [w for w in all_weighings(doc, with_author=include_author) if include_author or w.id != AUTHOR]


def _graph_for(g: Graph, w: Weighing) -> Graph:
    """The compiled map with one weighing's values in its inputs (same structure, new numbers)."""
    pindex = {p: k for k, p in enumerate(g.perspectives)}
    K = len(g.perspectives)
    base = list(g.base)
    impact: list[list[float | None] | None] = list(g.impact)
    for i, node in enumerate(g.nodes):
        kind = g.kinds[i]
        v = w.values.get(g.ids[i])
        if kind in _BASE_KINDS:
            base[i] = None if v is None else (v.likelihood if kind is Kind.CONSEQUENCE else v.strength)
        if g.mode[i] == SUM and kind is not Kind.QUESTION:
            row: list[float | None] | None = None
            if v is not None and v.impact:
                row = [None] * K
                for pid, x in v.impact.items():
                    k = pindex.get(pid)
                    if k is not None:
                        row[k] = float(x)
            impact[i] = row
    for fork, rest in g.remainder.items():
        stated = [base[o] for o in g.vkids[fork] if o != rest and g.mode[fork] == FORK and g.parents[o] == fork]
        base[rest] = None if any(x is None for x in stated) else max(0.0, 1.0 - sum(stated))  # type: ignore[arg-type]
    weights = [float(w.weights.get(pid, g.weights[k])) for k, pid in enumerate(g.perspectives)]
    return replace(g, base=base, impact=impact, weights=weights)


def weighing_scores(doc: Document, weighings: Sequence[Weighing], semantics: str = "df-quad",
                    graph: Graph | None = None) -> list[tuple[Weighing, Scores | None, str]]:
    """Each weighing's scores (or why it could not be scored), the map compiled once."""
    check_semantics(semantics)
    out: list[tuple[Weighing, Scores | None, str]] = []
    with paused_gc():
        g = graph or compile_graph(doc)
        for w in weighings:
            try:
                gw = _graph_for(g, w)
                out.append((w, score_graph(gw, Evaluation(gw, semantics)), ""))
            except ArgmapError as exc:
                out.append((w, None, exc.message))
    return out


def input_values(doc: Document, weighings: Sequence[Weighing]) -> dict[tuple[str | None, str, str | None], list[float]]:
    """Every input's values across the weighings: (node or None, input, perspective) -> values.

    Perspective weights are taken as shares of each weighing's total, so that they compare.
    """
    kinds = {n.id: n.kind for n in doc.nodes}
    pids = [p.id for p in doc.perspectives]
    base_weights = {p.id: p.weight for p in doc.perspectives}
    out: dict[tuple[str | None, str, str | None], list[float]] = {}
    for w in weighings:
        for nid, v in w.values.items():
            kind = kinds.get(nid)
            if kind is None:
                continue
            if kind is Kind.CONSEQUENCE and v.likelihood is not None:
                out.setdefault((nid, "likelihood", None), []).append(v.likelihood)
            if kind in (Kind.PRO, Kind.CON, Kind.EVIDENCE) and v.strength is not None:
                out.setdefault((nid, "strength", None), []).append(v.strength)
            if kind in (Kind.CONSEQUENCE, Kind.OPTION):
                for pid, x in v.impact.items():
                    if pid in base_weights:
                        out.setdefault((nid, "impact", pid), []).append(float(x))
        raw = [float(w.weights.get(pid, base_weights[pid])) for pid in pids]
        total = sum(raw)
        if total > 0 and len(pids) > 1:
            for pid, x in zip(pids, raw):
                out.setdefault((None, "weight", pid), []).append(x / total)
    return out


def mean_weighing(doc: Document, weighings: Sequence[Weighing], weighing_id: str = "class-mean") -> Weighing:
    """The class's mean value of every input (what no one weighed stays unweighed)."""
    values: dict[str, NodeValues] = {}
    sums: dict[tuple[str, str, str | None], list[float]] = {}
    for w in weighings:
        for nid, v in w.values.items():
            if v.likelihood is not None:
                sums.setdefault((nid, "likelihood", None), []).append(v.likelihood)
            if v.strength is not None:
                sums.setdefault((nid, "strength", None), []).append(v.strength)
            for pid, x in v.impact.items():
                sums.setdefault((nid, "impact", pid), []).append(float(x))
    for (nid, what, pid), xs in sums.items():
        nv = values.setdefault(nid, NodeValues())
        m = statistics.fmean(xs)
        if what == "impact":
            nv.impact[pid] = m  # type: ignore[index]
        elif what == "likelihood":
            nv.likelihood = min(1.0, max(0.0, m))
        else:
            nv.strength = min(1.0, max(0.0, m))
    weights: dict[str, float] = {}
    for p in doc.perspectives:
        xs = [float(w.weights.get(p.id, p.weight)) for w in weighings]
        weights[p.id] = statistics.fmean(xs) if xs else p.weight
    return Weighing(id=weighing_id, name="Class mean", values=values, weights=weights)


def _leader(scores: Scores) -> str | None:
    lead = scores.leader
    return lead.node_id if lead is not None else None


def class_view(doc: Document, semantics: str = "df-quad", include_author: bool = False,
               weighings: Sequence[Weighing] | None = None, hotspots: bool = True) -> ClassView:
    """The class's rankings and hot-spots for every student weighing of the map (the author's too if asked)."""
    students_w = list(weighings) if weighings is not None else _students(doc, include_author)
    graph = compile_graph(doc)
    options = [(doc.node(graph.ids[o]).id, graph.nodes[o].label) for o in graph.options]
    results: list[StudentResult] = []
    for w, sc, err in weighing_scores(doc, students_w, semantics, graph):
        if sc is None:
            results.append(StudentResult(w.id, w.name, w.file, None, {o: None for o, _ in options}, error=err))
            continue
        results.append(StudentResult(w.id, w.name, w.file, _leader(sc), {o.node_id: o.overall for o in sc.options},
                                     sum(o.unweighed for o in sc.options)))
    led = [r for r in results if r.leader is not None]
    stats: list[OptionStats] = []
    for oid, label in options:
        xs = [r.scores[oid] for r in results if r.scores.get(oid) is not None]
        leads = sum(1 for r in led if r.leader == oid)
        stats.append(OptionStats(oid, label, xs,  # type: ignore[arg-type]
                                 statistics.fmean(xs) if xs else None,  # type: ignore[arg-type]
                                 statistics.median(xs) if xs else None,  # type: ignore[type-var]
                                 min(xs) if xs else None, max(xs) if xs else None,  # type: ignore[type-var]
                                 leads, leads / len(led) if led else 0.0))

    def ranked(key) -> list[str]:
        have = [s for s in stats if key(s) is not None]
        return [s.id for s in sorted(have, key=lambda s: -key(s))] + [s.id for s in stats if key(s) is None]

    view = ClassView(results, stats, [], ranked(lambda s: s.median), ranked(lambda s: s.mean), semantics)
    if students_w:
        view.mean = mean_weighing(doc, students_w)
    if hotspots and len(students_w) >= 2:
        view.hotspots = _hotspots(doc, students_w, view.mean, semantics)
        top = max((h.score for h in view.hotspots if h.node is not None), default=0.0)
        for h in view.hotspots:
            if h.node is not None and top > 0:
                view.contested[h.node] = max(view.contested.get(h.node, 0.0), h.score / top)
    return view


def _hotspots(doc: Document, weighings: Sequence[Weighing], mean: Weighing | None, semantics: str) -> list[Hotspot]:
    from argmap.scoring.sensitivity import sensitivity

    if mean is None:
        return []
    mean_doc = doc.model_copy(deep=True)
    mean_doc.invalidate()
    load(mean_doc, mean)
    try:
        sens = sensitivity(mean_doc, semantics)
    except ArgmapError:
        return []
    swing = {(r.node_id, r.input, r.perspective): r.width for r in sens.rows}
    labels = {n.id: n.label for n in doc.nodes}
    names = {p.id: p.name for p in doc.perspectives}
    span = (doc.impact_scale.max - doc.impact_scale.min) or 1.0
    out: list[Hotspot] = []
    for (nid, what, pid), xs in input_values(doc, weighings).items():
        if len(xs) < 2:
            continue
        spread = statistics.pstdev(xs) / (span if what == "impact" else 1.0)
        width = swing.get((nid, what, pid), 0.0)
        label = labels.get(nid, nid or "") if nid is not None else f"weight of {names.get(pid, pid)}"
        if what == "impact" and pid is not None:
            label = f"{label} (impact for {names.get(pid, pid)})"
        out.append(Hotspot(nid, what, pid, label, xs, statistics.fmean(xs), spread, width, spread * width))
    out.sort(key=lambda h: (-h.score, -h.spread, h.label))
    for i, h in enumerate(out, 1):
        h.rank = i
    return out
