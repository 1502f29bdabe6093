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
from argmap.model.weighings import AUTHOR, all_weighings, author_weighing, capture, find, load
from argmap.scoring.evaluate import Evaluation
from argmap.scoring.graph import SUM, Graph, compile_graph, fill_remainders, paused_gc
from argmap.scoring.scores import Scores, score_graph
from argmap.scoring.semantics import check_semantics

__all__ = ["StudentResult", "OptionStats", "Hotspot", "ClassView", "class_view", "weighing_scores",
           "mean_weighing", "input_values", "graph_for"]

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
    _cache: "_Cache | None" = field(default=None, repr=False, compare=False)

    def student(self, weighing_id: str) -> StudentResult:
        for s in self.students:
            if s.weighing_id == weighing_id:
                return s
        raise ArgmapError(f"There is no student weighing '{weighing_id}'.")

    def update(self, doc: Document, weighing_id: str | None = None) -> "ClassView":
        """The view after one weighing's values changed (None: the active one's), reusing the others' results.

        That student is scored again, the option statistics and the class mean follow, the
        spread is recomputed for the inputs whose value changed, and every input is swung again
        on the new mean. The numbers equal a fresh `class_view`. When the map's structure or
        wording, or the set of weighings, changed, the view is computed afresh. Returns the
        view (this one, updated, or a new one).
        """
        with paused_gc():
            return _update(self, doc, weighing_id)


def _students(doc: Document, include_author: bool) -> list[Weighing]:
    return [w for w in all_weighings(doc, with_author=include_author) if include_author or w.id != AUTHOR]


def graph_for(g: Graph, w: Weighing) -> Graph:
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
    fill_remainders(g.remainder, g.vkids, g.parents, base)
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
                gw = graph_for(g, w)
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


Input = tuple["str | None", str, "str | None"]  # (node or None for a weight, input, perspective)


def _entries(w: Weighing) -> dict[Input, float]:
    """A weighing's values one input at a time, as `mean_weighing` reads them."""
    out: dict[Input, float] = {}
    for nid, v in w.values.items():
        if v.likelihood is not None:
            out[(nid, "likelihood", None)] = v.likelihood
        if v.strength is not None:
            out[(nid, "strength", None)] = v.strength
        for pid, x in v.impact.items():
            out[(nid, "impact", pid)] = float(x)
    return out


@dataclass
class _Cache:
    """What `ClassView.update` reuses: the compiled map, and every input's value per student."""

    key: tuple
    graph: Graph
    weighings: list[Weighing]
    include_author: bool
    explicit: bool
    hotspots: bool
    options: list[tuple[str, str]]
    lacking: frozenset[str]  # perspectives some weighing leaves to the map's weight
    active: str | None = None  # the active weighing when the view was last brought up to date
    columns: dict[Input, list[float | None]] = field(default_factory=dict)  # one value or None per student
    weights: dict[str, list[float]] = field(default_factory=dict)  # perspective -> each student's weight
    shares: dict[str, list[float | None]] = field(default_factory=dict)  # the same as shares of each total
    spots: dict[Input, tuple[str, list[float], float, float]] = field(default_factory=dict)  # label, xs, mean, spread
    mean_doc: Document | None = None


def _structure(doc: Document, lacking: frozenset[str]) -> tuple:
    """What the compiled map, the labels and the hot-spots' ranges depend on besides the values."""
    return (tuple((n.id, n.kind, n.parent, n.order, n.remainder, n.title, n.text) for n in doc.nodes),
            tuple(ln.key for ln in doc.links), doc.question,
            tuple((p.id, p.name, p.weight if p.id in lacking else None) for p in doc.perspectives),
            doc.impact_scale.min, doc.impact_scale.max)


def _student_ids(doc: Document, include_author: bool) -> list[str]:
    return ([AUTHOR] if include_author else []) + [w.id for w in doc.weighings if w.id != AUTHOR]


def _current(doc: Document, weighing_id: str) -> Weighing:
    """One weighing with its current values (the active one's are on the nodes)."""
    if weighing_id == AUTHOR:
        return author_weighing(doc)
    stored = find(doc, weighing_id)
    if weighing_id == (doc.active_weighing or AUTHOR):
        return capture(doc, stored.id, stored.name, stored.made, stored.file)
    return stored


def _result(w: Weighing, sc: Scores | None, err: str, options: list[tuple[str, str]]) -> StudentResult:
    if sc is None:
        return StudentResult(w.id, w.name, w.file, None, {o: None for o, _ in options}, error=err)
    return StudentResult(w.id, w.name, w.file, _leader(sc), {o.node_id: o.overall for o in sc.options},
                         sum(o.unweighed for o in sc.options))


def _statistics(view: ClassView, options: list[tuple[str, str]]) -> None:
    """Per-option statistics, lead shares and the class rankings, from the students' results."""
    results = view.students
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

    view.options, view.by_median, view.by_mean = stats, ranked(lambda s: s.median), ranked(lambda s: s.mean)


def class_view(doc: Document, semantics: str = "df-quad", include_author: bool = False,
               weighings: Sequence[Weighing] | None = None, hotspots: bool = True) -> ClassView:
    """The class's rankings and hot-spots for every student weighing of the map (the author's too if asked)."""
    with paused_gc():
        return _class_view(doc, semantics, include_author, weighings, hotspots)


def _class_view(doc: Document, semantics: str, include_author: bool, weighings: Sequence[Weighing] | None,
                hotspots: bool) -> ClassView:
    students_w = list(weighings) if weighings is not None else _students(doc, include_author)
    graph = compile_graph(doc)
    options = [(doc.node(graph.ids[o]).id, graph.nodes[o].label) for o in graph.options]
    pids = {p.id for p in doc.perspectives}
    lacking = frozenset(pid for w in students_w for pid in pids if pid not in w.weights)
    cache = _Cache(_structure(doc, lacking), graph, students_w, include_author, weighings is not None, hotspots,
                   options, lacking, doc.active_weighing or AUTHOR)
    results = [_result(w, sc, err, options) for w, sc, err in weighing_scores(doc, students_w, semantics, graph)]
    view = ClassView(results, [], [], [], [], semantics)
    view._cache = cache
    _statistics(view, options)
    if students_w:
        _fill_columns(doc, cache)
        view.mean = _mean_of(doc, cache)
    if hotspots and len(students_w) >= 2:
        for key in cache.columns:
            _spot(doc, cache, key)
        for pid in cache.shares:
            _spot(doc, cache, (None, "weight", pid))
        _rank_hotspots(doc, view, cache)
    return view


def _fill_columns(doc: Document, cache: _Cache) -> None:
    n = len(cache.weighings)
    columns: dict[Input, list[float | None]] = {}
    for j, w in enumerate(cache.weighings):
        for key, x in _entries(w).items():
            col = columns.get(key)
            if col is None:
                col = columns[key] = [None] * n
            col[j] = x
    cache.columns = columns
    cache.weights = {p.id: [float(w.weights.get(p.id, p.weight)) for w in cache.weighings] for p in doc.perspectives}
    cache.shares = {p.id: [None] * n for p in doc.perspectives} if len(doc.perspectives) > 1 else {}
    for j in range(n):
        _share(cache, j)


def _share(cache: _Cache, j: int) -> None:
    """Student j's weights as shares of their total (None when the total is 0), as `input_values` takes them."""
    if not cache.shares:
        return
    total = sum(col[j] for col in cache.weights.values())
    for pid, col in cache.shares.items():
        col[j] = cache.weights[pid][j] / total if total > 0 else None


def _mean_value(nv: NodeValues, what: str, pid: str | None, xs: list[float]) -> None:
    m = statistics.fmean(xs) if xs else None
    if what == "impact":
        if m is None:
            nv.impact.pop(pid, None)  # type: ignore[arg-type]
        else:
            nv.impact[pid] = m  # type: ignore[index]
    elif what == "likelihood":
        nv.likelihood = None if m is None else min(1.0, max(0.0, m))
    else:
        nv.strength = None if m is None else min(1.0, max(0.0, m))


def _mean_of(doc: Document, cache: _Cache) -> Weighing:
    """The class-mean weighing from the columns (the same as `mean_weighing` of the students' weighings)."""
    values: dict[str, NodeValues] = {}
    for (nid, what, pid), col in cache.columns.items():
        _mean_value(values.setdefault(nid, NodeValues()), what, pid, [x for x in col if x is not None])  # type: ignore[arg-type]
    weights = {p.id: statistics.fmean(cache.weights[p.id]) if cache.weighings else p.weight for p in doc.perspectives}
    return Weighing(id="class-mean", name="Class mean", values=values, weights=weights)


def _spot(doc: Document, cache: _Cache, key: Input) -> None:
    """Recompute one input's hot-spot numbers (values, mean, spread) from its column; the swing comes later."""
    nid, what, pid = key
    if what == "weight":
        col = cache.shares.get(pid)  # type: ignore[arg-type]
    else:
        node = doc.node(nid) if nid is not None and doc.has_node(nid) else None
        kind = node.kind if node is not None else None
        ok = ((what == "likelihood" and kind is Kind.CONSEQUENCE)
              or (what == "strength" and kind in (Kind.PRO, Kind.CON, Kind.EVIDENCE))
              or (what == "impact" and kind in (Kind.CONSEQUENCE, Kind.OPTION) and pid in cache.weights))
        col = cache.columns.get(key) if ok else None
    xs = [x for x in col if x is not None] if col is not None else []
    if len(xs) < 2:
        cache.spots.pop(key, None)
        return
    span = (doc.impact_scale.max - doc.impact_scale.min) or 1.0
    if nid is None:
        label = f"weight of {doc.perspective(pid).name}"  # type: ignore[arg-type]
    else:
        label = doc.node(nid).label
        if what == "impact":
            label = f"{label} (impact for {doc.perspective(pid).name})"  # type: ignore[arg-type]
    cache.spots[key] = (label, xs, statistics.fmean(xs), statistics.pstdev(xs) / (span if what == "impact" else 1.0))


def _rank_hotspots(doc: Document, view: ClassView, cache: _Cache) -> None:
    """Swing every input on the class's mean weighing; rank the inputs by spread × swing; tint the nodes."""
    from argmap.scoring.sensitivity import sensitivity

    view.hotspots, view.contested = [], {}
    if view.mean is None:
        return
    if cache.mean_doc is None:
        # A copy of the map without its stored weighings, which a class has many of.
        data = doc.__dict__
        stored, data["weighings"] = data["weighings"], []
        try:
            cache.mean_doc = doc.model_copy(deep=True)
        finally:
            data["weighings"] = stored
        cache.mean_doc.invalidate()
    load(cache.mean_doc, view.mean)
    try:
        sens = sensitivity(cache.mean_doc, view.semantics)
    except ArgmapError:
        return
    swing = {(r.node_id, r.input, r.perspective): r.width for r in sens.rows}
    out = []
    for key, (label, xs, mean, spread) in cache.spots.items():
        width = swing.get(key, 0.0)
        out.append(Hotspot(key[0], key[1], key[2], label, list(xs), mean, spread, width, spread * width))
    out.sort(key=lambda h: (-h.score, -h.spread, h.label))
    for i, h in enumerate(out, 1):
        h.rank = i
    view.hotspots = out
    top = max((h.score for h in out if h.node is not None), default=0.0)
    for h in out:
        if h.node is not None and top > 0:
            view.contested[h.node] = max(view.contested.get(h.node, 0.0), h.score / top)


def _update(view: ClassView, doc: Document, weighing_id: str | None) -> ClassView:
    cache = view._cache
    if cache is None:
        return class_view(doc, view.semantics)
    active = doc.active_weighing or AUTHOR
    ids = [w.id for w in cache.weighings]

    def rebuild() -> ClassView:
        chosen = [_current(doc, i) for i in ids] if cache.explicit else None
        return class_view(doc, view.semantics, cache.include_author, chosen, cache.hotspots)

    # The weighing that was active when the view was last brought up to date may have been
    # edited since, before another became active: it is taken again too.
    targets = [weighing_id or active] + ([cache.active] if cache.active not in (weighing_id or active, None) else [])
    if ids != (ids if cache.explicit else _student_ids(doc, cache.include_author)) or targets[0] not in ids:
        return rebuild()
    current = [_current(doc, t) for t in targets if t in ids]
    if any(p.id not in w.weights and p.id not in cache.lacking for w in current for p in doc.perspectives):
        return rebuild()
    if _structure(doc, cache.lacking) != cache.key:
        return rebuild()
    cache.active = active
    named = {s.id: s for s in doc.weighings}
    for r in view.students:
        if r.weighing_id in named:
            r.name, r.file = named[r.weighing_id].name, named[r.weighing_id].file
    moved = False
    for w in current:
        moved = _refresh(view, doc, cache, ids.index(w.id), w) or moved
    _statistics(view, cache.options)
    if moved and cache.hotspots and len(ids) >= 2:
        _rank_hotspots(doc, view, cache)
    return view


def _refresh(view: ClassView, doc: Document, cache: _Cache, j: int, w: Weighing) -> bool:
    """Take student j's weighing again: their scores, their share of the mean and of each input's spread.

    Returns whether any of their values or weights changed.
    """
    cache.weighings[j] = w
    ((_, sc, err),) = weighing_scores(doc, [w], view.semantics, cache.graph)
    view.students[j] = _result(w, sc, err, cache.options)
    if view.mean is None:
        return False
    new = _entries(w)
    changed = [k for k, col in cache.columns.items() if col[j] is not None and k not in new]
    changed += [k for k, x in new.items() if k not in cache.columns or cache.columns[k][j] != x]
    for key in changed:
        col = cache.columns.get(key)
        if col is None:
            col = cache.columns[key] = [None] * len(cache.weighings)
        col[j] = new.get(key)
        nid, what, pid = key
        nv = view.mean.values.setdefault(nid, NodeValues())  # type: ignore[arg-type]
        _mean_value(nv, what, pid, [x for x in col if x is not None])
        if nv.likelihood is None and nv.strength is None and not nv.impact:
            del view.mean.values[nid]  # type: ignore[arg-type]
    moved = [p for p in doc.perspectives if cache.weights[p.id][j] != float(w.weights.get(p.id, p.weight))]
    for p in moved:
        cache.weights[p.id][j] = float(w.weights.get(p.id, p.weight))
        view.mean.weights[p.id] = statistics.fmean(cache.weights[p.id])
    if cache.hotspots:
        for key in changed:
            _spot(doc, cache, key)
        if moved:
            _share(cache, j)
            for pid in cache.shares:
                _spot(doc, cache, (None, "weight", pid))
    return bool(changed or moved)
