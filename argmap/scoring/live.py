"""Scores kept in step with a document edit by edit, without compiling it again for each number.

An edit that only changes numbers (a likelihood, a strength, an impact or a perspective
weight) leaves the compiled map's structure as it was: the new inputs are written into the
graph and only the nodes above them are evaluated again, each by the same formula and in the
same order as a full evaluation, so the scores equal those of `score(doc)` exactly. A new
node with nothing below it (adding a child or a sibling) takes the next free index and is
wired to its parent where a fresh compile would put it among its siblings. Renaming and
view changes keep everything (names are read from the nodes when the scores are made).
Any other edit, a cycle among the arguments, or a change of semantics compiles the map afresh.
"""

from __future__ import annotations

import heapq
from typing import Any, Iterable

from argmap.model import edits as E
from argmap.model.document import Document, Kind
from argmap.scoring.evaluate import Evaluation
from argmap.scoring.graph import CHOICE, FORK, SUM, Graph, _is_value_child, compile_graph, fill_remainders, paused_gc
from argmap.scoring.scores import Scores, score_graph
from argmap.scoring.semantics import check_semantics

__all__ = ["LiveScores", "is_value_edit"]

_NODE_VALUES = (E.SetLikelihood, E.SetStrength, E.SetImpact)
# Edits that change no input and no structure: names (read from the nodes when scores are
# made) and what only the view shows. SetDirection (a view setting) is told by its name.
_NO_INPUT = (E.SetText, E.SetTitle, E.SetMapField, E.SetPerspective, E.SetNote, E.SetTags, E.AddCitation,
             E.RemoveCitation, E.SetCollapsed, E.SetRanking)


def is_value_edit(edit: Any) -> bool:
    """Whether an edit changes only scoring inputs (numbers), never the map's structure or names."""
    if isinstance(edit, E.Batch):
        return all(is_value_edit(e) for e in edit.edits)
    return isinstance(edit, _NODE_VALUES) or isinstance(edit, E.SetPerspectiveWeight)


def _keeps_graph(edit: Any) -> bool:
    """Whether the compiled map stays valid after an edit: a value edit, a new leaf, or no input changed."""
    if isinstance(edit, E.Batch):
        return all(_keeps_graph(e) for e in edit.edits)
    return (is_value_edit(edit) or isinstance(edit, (E.AddNode, E.DeleteBranch, *_NO_INPUT))
            or type(edit).__name__ == "SetDirection")


def _flat(edits: Iterable[Any]) -> Iterable[Any]:
    for edit in edits:
        if isinstance(edit, E.Batch):
            yield from _flat(edit.edits)
        else:
            yield edit


class LiveScores:
    """The scores of one document, brought up to date after each edit with as little work as it allows.

    Call `changed(edit)` after every edit applied to the document (or `reset()` when it was
    changed some other way), then `scores()` for the current scores. Errors of scoring
    (a cycle of leads_to links, arguments that do not settle) propagate as ArgmapError.
    """

    def __init__(self, doc: Document, semantics: str = "df-quad") -> None:
        check_semantics(semantics)
        self.doc = doc
        self.semantics = semantics
        self.graph: Graph | None = None
        self.evaluation: Evaluation | None = None
        self.recompiled = 0  # how many times the map was compiled (for tests and benchmarks)
        self._pending: list[Any] | None = None  # value edits not yet scored; None: compile again
        self._links = -1
        self._low = self._arg_low = -1  # ranks below all others, for nodes added in place

    def reset(self, doc: Document | None = None, semantics: str | None = None) -> None:
        """Forget what is known: the next `scores()` compiles the (given) document afresh."""
        if doc is not None:
            self.doc = doc
        if semantics is not None:
            check_semantics(semantics)
            self.semantics = semantics
        self._pending = None

    def changed(self, edit: Any) -> None:
        """Take note of an edit that was applied to the document."""
        if self._pending is not None and _keeps_graph(edit) and not (isinstance(edit, E.Batch) and any(
                isinstance(e, _TREE_EDITS) for e in _flat(edit.edits))):
            self._pending.append(edit)
        else:
            self._pending = None

    def scores(self) -> Scores:
        """The document's scores, equal to `score(doc, semantics)`."""
        # Until this succeeds there is nothing to build on: a failure part way (a cycle that
        # does not settle, say) leaves the next call to compile afresh.
        pending, self._pending = self._pending, None
        with paused_gc():
            if pending is None or not self._bring_up_to_date(pending):
                self.graph = compile_graph(self.doc)
                self.recompiled += 1
                self.evaluation = Evaluation(self.graph, self.semantics)
                self._links = len(self.doc.links)
                self._low = self._arg_low = -1
            self._pending = []
            return score_graph(self.graph, self.evaluation, self.doc.ranking)  # type: ignore[arg-type]

    # -- the incremental path ------------------------------------------------------------

    def _bring_up_to_date(self, pending: list[Any]) -> bool:
        """Apply the pending edits to the graph and evaluation; False when that cannot be done."""
        g, ev, doc = self.graph, self.evaluation, self.doc
        if g is None or ev is None:
            return False
        tree = [e for e in pending if isinstance(e, _TREE_EDITS)]
        grown = sum(1 if isinstance(e, E.AddNode) else -1 for e in tree)
        if len(doc.nodes) != g.size + grown or len(doc.links) != self._links:
            return False  # changed behind our back, or a deletion took more than one node or a link
        if [p.id for p in doc.perspectives] != g.perspectives:
            return False
        if pending and (g.formulas or g.parameters or doc.parameters):
            return False  # an input may come from a formula: evaluate them all again
        g.perspective_names = [p.name for p in doc.perspectives]  # a name may have changed
        if not pending:
            return True
        for edit in tree:  # each leaves the evaluation whole for the graph as it then is
            if isinstance(edit, E.AddNode):
                if not self._add_leaf(edit.node.id):
                    return False
            elif not self._remove_leaf(edit.node_id):
                return False
        ev = self.evaluation
        bases: set[int] = set()
        impacts: set[int] = set()
        weights = False
        for edit in _flat(pending):
            if not isinstance(edit, (*_NODE_VALUES, E.SetPerspectiveWeight)):
                continue  # added above, or no input changed
            if isinstance(edit, E.SetPerspectiveWeight):
                weights = True
                continue
            i = g.index.get(edit.node_id)
            if i is None or not doc.has_node(edit.node_id) or g.nodes[i] is not doc.node(edit.node_id):
                return False
            if isinstance(edit, E.SetImpact):
                impacts.add(i)
            else:
                bases.add(i)
        for i in impacts:
            g.impact[i] = _impact_row(g, i)
        changed = [i for i in bases if _set_base(g, i)]
        for i in list(changed):
            changed.extend(_refresh_remainder(g, i))
        if weights:
            g.weights = [float(p.weight) for p in doc.perspectives]
            self.evaluation = Evaluation(g, self.semantics)
            return True
        if not _propagate(ev, set(changed), impacts):
            self.evaluation = Evaluation(g, self.semantics)
        return True

    def _add_leaf(self, node_id: str) -> bool:
        """Give a node added with nothing below it an index, wire it in and evaluate what it changes."""
        g, ev, doc = self.graph, self.evaluation, self.doc
        assert g is not None and ev is not None
        if node_id in g.index or not doc.has_node(node_id):
            return False
        node = doc.node(node_id)
        p = g.index.get(node.parent) if node.parent is not None else None
        if p is None or node.remainder or doc.children(node_id) or g.nodes[p] is not doc.node(node.parent):
            return False
        if g.kinds[p] is Kind.QUESTION and node.kind is Kind.SCENARIO:
            return False  # a chance fork first changes what the question's value is
        siblings = doc.children(node.parent)
        k = next(j for j, x in enumerate(siblings) if x is node)
        i, kind = g.size, node.kind
        mode = _MODES.get(kind, 0)
        for seq, value in ((g.ids, node_id), (g.kinds, kind), (g.nodes, node), (g.parents, p), (g.mode, mode),
                           (g.base, None), (g.impact, None), (g.attackers, []), (g.supporters, []),
                           (g.arg_targets, []), (g.vkids, []), (g.vparents, [])):
            seq.append(value)  # type: ignore[attr-defined]
        g.index[node_id] = i
        # Tree children come first in these lists, in sibling order, then what links add.
        if kind in _SUPPORTS or kind is Kind.CON:
            into = g.supporters if kind in _SUPPORTS else g.attackers
            same = _SUPPORTS if kind in _SUPPORTS else (Kind.CON,)
            into[p].insert(sum(1 for x in siblings[:k] if x.kind in same), i)
            g.arg_targets[i].append(p)
        pmode = g.mode[p]
        if mode and _is_value_child(pmode, kind):
            g.vkids[p].insert(sum(1 for x in siblings[:k] if _MODES.get(x.kind, 0) and _is_value_child(pmode, x.kind)), i)
            g.vparents[i].append(p)
            if p == g.root and pmode == CHOICE:
                g.options = list(g.vkids[p])
        if mode:
            g.vorder.insert(0, i)  # nothing below it: it may come first
            g.vrank.append(self._low)
            self._low -= 1
        else:
            g.vrank.append(0)
        order = g.preorder if g.preorder is not None else list(range(i))
        nxt = _next_in_preorder(doc, node)
        order.insert(order.index(g.index[nxt]) if nxt is not None else len(order), i)
        g.preorder = order
        for seq, value in ((ev.sigma, None), (ev.num, None), (ev.den, None), (ev.cnt, None), (ev.vals, None),
                           (ev.choice, -1), (ev.overall, None)):
            seq.append(value)  # type: ignore[attr-defined]
        if ev._arg_rank is not None:
            ev._arg_rank.append(self._arg_low)
            self._arg_low -= 1
            ev.arg_components.insert(0, [i])
        g.base[i] = _base_of(g, i)
        g.impact[i] = _impact_row(g, i)
        bases = {i, *_refresh_remainder(g, i)}
        if not _propagate(ev, bases, {i}):
            self.evaluation = Evaluation(g, self.semantics)
        return True


    def _remove_leaf(self, node_id: str) -> bool:
        """Take out the last node added, when it has nothing below it, and evaluate what that changes."""
        g, ev = self.graph, self.evaluation
        assert g is not None and ev is not None
        i = g.index.get(node_id, -1)
        if i != g.size - 1 or i <= 0:  # only the newest index can go without renumbering
            return False
        p = g.parents[i]
        if (p < 0 or g.vkids[i] or g.attackers[i] or g.supporters[i] or i in g.remainder.get(p, ())
                or any(t != p for t in g.arg_targets[i]) or any(q != p for q in g.vparents[i])
                or any(i in link for link in g.extra_kids) or (g.kinds[p] is Kind.QUESTION and g.mode[i] == FORK)):
            return False
        for row in (g.attackers[p], g.supporters[p], g.vkids[p]):
            if i in row:
                row.remove(i)
        if p == g.root and g.mode[p] == CHOICE:
            g.options = list(g.vkids[p])
        if g.mode[i]:
            g.vorder.remove(i)
        if g.preorder is not None:
            g.preorder.remove(i)
        for seq in (g.ids, g.kinds, g.nodes, g.parents, g.mode, g.base, g.impact, g.attackers, g.supporters,
                    g.arg_targets, g.vkids, g.vparents, g.vrank, ev.sigma, ev.num, ev.den, ev.cnt, ev.vals,
                    ev.choice, ev.overall):
            seq.pop()  # type: ignore[attr-defined]
        del g.index[node_id]
        if ev._arg_rank is not None:
            ev._arg_rank.pop()
            ev.arg_components.remove([i])
        bases = {p, *_refresh_fork(g, p)}
        if not _propagate(ev, bases, {p}):
            self.evaluation = Evaluation(g, self.semantics)
        return True


_TREE_EDITS = (E.AddNode, E.DeleteBranch)
_SUPPORTS = (Kind.PRO, Kind.EVIDENCE)
_MODES = {Kind.CONSEQUENCE: SUM, Kind.OPTION: SUM, Kind.QUESTION: CHOICE, Kind.SCENARIO: FORK}


def _next_in_preorder(doc: Document, node: Any) -> str | None:
    """The id of the node a pre-order walk visits after `node`'s subtree, if any."""
    while True:
        siblings = doc.children(node.parent)
        k = next(j for j, x in enumerate(siblings) if x is node)
        if k + 1 < len(siblings):
            return siblings[k + 1].id
        if node.parent is None:
            return None
        node = doc.node(node.parent)


def _base_of(g: Graph, i: int) -> float | None:
    """A node's base score as `compile_graph` sets it (before "the rest" outcomes are filled in)."""
    node, kind = g.nodes[i], g.kinds[i]
    if kind is Kind.CONSEQUENCE:
        return node.likelihood
    if kind in (Kind.PRO, Kind.CON, Kind.EVIDENCE):
        return node.strength
    if kind in (Kind.OPTION, Kind.QUESTION):
        return 0.5
    return None


def _set_base(g: Graph, i: int) -> bool:
    """Write node i's base from its node; whether it changed (a remainder outcome's is redone apart)."""
    fork = g.parents[i]
    if fork >= 0 and i in g.remainder.get(fork, ()):
        return True  # its base follows its siblings: `_refresh_remainder` redoes it
    new = _base_of(g, i)
    if new == g.base[i] and (new is None) == (g.base[i] is None):
        return False
    g.base[i] = new
    return True


def _refresh_remainder(g: Graph, i: int) -> list[int]:
    """Redo the bases of the "the rest" outcomes beside node i; their indices."""
    return _refresh_fork(g, g.parents[i])


def _refresh_fork(g: Graph, fork: int) -> list[int]:
    """Redo the bases of a fork's "the rest" outcomes; their indices (none when it has none)."""
    if fork < 0:
        return []
    return fill_remainders(g.remainder, g.vkids, g.parents, g.base, (fork,))


def _impact_row(g: Graph, i: int) -> list[float | None] | None:
    """Node i's impacts by perspective index, as `compile_graph` builds them."""
    node = g.nodes[i]
    if g.mode[i] != SUM or not node.impact:
        return None
    pindex = {p: k for k, p in enumerate(g.perspectives)}
    row: list[float | None] = [None] * len(g.perspectives)
    for pid, value in node.impact.items():
        k = pindex.get(pid)
        if k is not None:
            row[k] = float(value)
    return row


def _propagate(ev: Evaluation, bases: set[int], impacts: set[int]) -> bool:
    """Re-evaluate what lies above changed bases and impacts, in place; False when a cycle is involved.

    Each node is recomputed whole (not by deltas) once everything below it is final, so the
    result is the one a full evaluation gives; the climb stops where nothing changed.
    """
    g = ev.graph
    sigma, f = ev.sigma, ev.update
    rank, cyclic = ev.arg_structure()
    attackers, supporters, targets_of, base = g.attackers, g.supporters, g.arg_targets, g.base
    new_sigma: dict[int, float | None] = {}
    heap = [(rank[i], i) for i in bases]
    heapq.heapify(heap)
    queued = set(bases)
    while heap:
        _, u = heapq.heappop(heap)
        queued.discard(u)
        if u in cyclic:
            return False
        w = base[u]
        if w is None:
            new = None
        else:
            att = [sigma[a] for a in attackers[u] if base[a] is not None]
            sup = [sigma[s] for s in supporters[u] if base[s] is not None]
            new = f(w, att, sup) if (att or sup) else w
        old = sigma[u]
        if new == old and (new is None) == (old is None):
            continue
        sigma[u] = new
        new_sigma[u] = new
        for t in targets_of[u]:
            if t not in queued:
                queued.add(t)
                heapq.heappush(heap, (rank[t], t))
    vrank, vparents, mode = g.vrank, g.vparents, g.mode
    vheap: list[tuple[int, int]] = []
    seen: set[int] = set()

    def push(v: int) -> None:
        if mode[v] and v not in seen:
            seen.add(v)
            heapq.heappush(vheap, (vrank[v], v))

    for u in new_sigma:
        for p in vparents[u]:
            push(p)
    for i in impacts:
        push(i)
    vals, overall = ev.vals, ev.overall
    while vheap:
        _, v = heapq.heappop(vheap)
        seen.discard(v)
        before, score_before = vals[v], overall[v]
        ev._full(v)
        if vals[v] == before and overall[v] == score_before and (overall[v] is None) == (score_before is None):
            continue
        for p in vparents[v]:
            push(p)
    return True
