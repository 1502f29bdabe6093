"""The debate brief for one side of a map, as Markdown (no Qt).

What bears on an option S: every node reachable from S by tree children and
`leads_to` links, at any depth, plus the arguments that `supports`, `attacks`
or `undercuts` link into that set, with their subtrees. Common ground is what
bears on every option of the question; the rest distinguishes S.

The brief carries every node that bears on its side, each once, at the level
the map puts it: our case (the distinguishing branches that help S), the
attacks to expect (those that hurt S), each followed at once by its
rebuttals, the other sides' strongest points, the common ground, the numbers,
and, for a side the scores argue against, the strongest case the map allows.
A node's level is its distance from S along those links; nested lists follow
it within a section, and a branch cut out to another section names where it
hangs. `tests/io/test_brief.py` holds every brief to that: 100% of the nodes
bearing on a side, the deepest level of what bears on it, and on the bundled
maps a shortest brief of at least a third of the words of the longest.

Every piece of map text is escaped (`markdown.escape`), so no node can inject
markup.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from argmap.errors import ArgmapError, NotFoundError
from argmap.io.markdown import escape, quoted
from argmap.io.markdown import weights as weight_texts
from argmap.model.document import Document, Kind, LinkKind, Node
from argmap.model.markers import (
    FACT_CHECK,
    READING,
    marker_help,
    marker_label,
    markers,
    split_note,
)

if TYPE_CHECKING:
    from argmap.scoring import Scores

__all__ = ["brief", "find_option", "bearing", "common_ground", "options_of", "correction"]

_KIND = {k: k.value.capitalize() for k in Kind}
_ARGS = (Kind.PRO, Kind.CON, Kind.EVIDENCE)
_VALUE = (Kind.OPTION, Kind.CONSEQUENCE, Kind.SCENARIO, Kind.QUESTION)
_ARG_LINKS = {LinkKind.SUPPORTS: "supports", LinkKind.ATTACKS: "attacks", LinkKind.UNDERCUTS: "undercuts"}
_RIVAL_POINTS = 3


def find_option(doc: Document, side: str) -> Node:
    """The option named by id or by title/text (case-insensitive)."""
    options = [n for n in doc.nodes if n.kind is Kind.OPTION]
    if doc.has_node(side) and doc.node(side).kind is Kind.OPTION:
        return doc.node(side)
    wanted = " ".join(side.split()).casefold()
    for match in (lambda n: (n.title or "").casefold() == wanted, lambda n: n.text.casefold() == wanted,
                  lambda n: n.label.casefold().startswith(wanted) and wanted):
        found = [n for n in options if match(n)]
        if len(found) == 1:
            return found[0]
    names = "; ".join(f"{n.id} ({n.label})" for n in options[:8]) or "the map has no options"
    raise NotFoundError(f"'{side}' is not an option of the map.", hint=f"Choose a side by id or title: {names}.")


def options_of(doc: Document, option: Node) -> list[Node]:
    """The options of the question that `option` answers, itself included, in map order."""
    question = doc.parent(option.id)
    if question is None:
        return [option]
    return [n for n in doc.children(question.id) if n.kind is Kind.OPTION]


# -- what bears on a side -------------------------------------------------------------


@dataclass
class _View:
    """One option's view of the map: what bears on it, how it is reached, and what each node does for it."""

    option: Node
    level: dict[str, int] = field(default_factory=dict)  # node id -> distance from the option
    parent: dict[str, str] = field(default_factory=dict)  # node id -> the node it was first reached from
    via: dict[str, str] = field(default_factory=dict)  # "tree", "leads to", "supports", "attacks", "undercuts"
    kids: dict[str, list[str]] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)  # breadth first, the option first
    contribution: dict[str, float | None] = field(default_factory=dict)  # value nodes: share of the option's score
    polarity: dict[str, int] = field(default_factory=dict)  # +1 helps the option, -1 hurts it


def _links(doc: Document) -> tuple[dict[str, list[str]], dict[str, list[tuple[str, str]]]]:
    leads: dict[str, list[str]] = {}
    into: dict[str, list[tuple[str, str]]] = {}
    for link in doc.links:
        if not (doc.has_node(link.source) and doc.has_node(link.target)) or link.source == link.target:
            continue
        if link.kind is LinkKind.LEADS_TO:
            leads.setdefault(link.source, []).append(link.target)
        elif link.kind in _ARG_LINKS:
            into.setdefault(link.target, []).append((link.source, _ARG_LINKS[link.kind]))
    return leads, into


def _reach(doc: Document, option: Node, links=None) -> _View:
    """Breadth first from the option over tree children, leads_to targets and arguments linked in."""
    leads, into = links or _links(doc)
    question = doc.parent(option.id)
    barred = {n.id for n in options_of(doc, option)} | ({question.id} if question else set())
    view = _View(option)
    view.level[option.id] = 0
    queue = deque([option.id])
    while queue:
        u = queue.popleft()
        view.order.append(u)
        steps = [(c.id, "tree") for c in doc.children(u)]
        steps += [(t, "leads to") for t in leads.get(u, ())] + list(into.get(u, ()))
        for v, how in steps:
            if v in view.level or v in barred:
                continue
            view.level[v] = view.level[u] + 1
            view.parent[v], view.via[v] = u, how
            view.kids.setdefault(u, []).append(v)
            queue.append(v)
    return view


def bearing(doc: Document, option_id: str) -> dict[str, int]:
    """Every node that bears on the option, with its level (1 for the option's own children)."""
    view = _reach(doc, doc.node(option_id))
    return {k: v for k, v in view.level.items() if k != option_id}


def common_ground(doc: Document, option_id: str) -> set[str]:
    """The nodes that bear on every option of the question (empty when it has one option)."""
    options = options_of(doc, doc.node(option_id))
    if len(options) < 2:
        return set()
    links = _links(doc)
    sets = [set(_reach(doc, o, links).level) - {o.id} for o in options]
    return set.intersection(*sets)


def _value_kids(doc: Document, node: Node, leads: dict[str, list[str]]) -> list[Node]:
    """The nodes whose value adds into this one's (as scoring counts them)."""
    allowed = {Kind.OPTION: _VALUE[1:], Kind.CONSEQUENCE: _VALUE[1:], Kind.SCENARIO: (Kind.CONSEQUENCE,),
               Kind.QUESTION: (Kind.OPTION,)}.get(node.kind, ())
    out = [c for c in doc.children(node.id) if c.kind in allowed]
    seen = {c.id for c in out}
    for t in leads.get(node.id, ()):
        target = doc.node(t)
        if target.kind in allowed and t not in seen:
            seen.add(t)
            out.append(target)
    return out


def _weigh(doc: Document, view: _View, scores: "Scores | None", leads: dict[str, list[str]]) -> None:
    """Each value node's share of the option's score (summed over every path), and every node's polarity."""
    values = scores.values if scores is not None else {}
    sigma = scores.argued if scores is not None else {}
    weights = scores.weights if scores is not None else {}
    root = values.get(view.option.id)
    coef: dict[str, dict[str, float]] = {}
    if root is not None:
        total = sum(weights.get(k, 1.0) for k, v in root.items() if v is not None)
        if total > 0:
            coef[view.option.id] = {k: weights.get(k, 1.0) / total for k, v in root.items() if v is not None}
    # Parents before children over the value links (a DAG when the map could be scored).
    reach = [n for n in view.order if doc.node(n).kind in _VALUE]
    kids = {n: [k.id for k in _value_kids(doc, doc.node(n), leads) if k.id in view.level] for n in reach}
    waiting = {n: 0 for n in reach}
    for n in reach:
        for k in kids[n]:
            waiting[k] = waiting.get(k, 0) + 1
    ready = deque([view.option.id])
    while ready:
        v = ready.popleft()
        node = doc.node(v)
        mine = coef.get(v)
        chosen = None
        if node.kind is Kind.QUESTION:
            scored = [(_overall(values.get(k), weights), k) for k in kids[v]]
            scored = [(s, k) for s, k in scored if s is not None]
            chosen = max(scored, key=lambda x: x[0])[1] if scored else None
        for d in kids[v]:
            if mine is not None:
                factor = _factor(doc, node, d, kids[v], values, sigma, chosen)
                if factor:
                    acc = coef.setdefault(d, {})
                    for k, c in mine.items():
                        if factor.get(k):
                            acc[k] = acc.get(k, 0.0) + c * factor[k]
            waiting[d] -= 1
            if waiting[d] == 0:
                ready.append(d)
    for n in reach[1:]:
        vals, c = values.get(n), coef.get(n)
        parts = [c[k] * x for k, x in (vals or {}).items() if x is not None and c and k in c]
        view.contribution[n] = sum(parts) if parts else None
    view.polarity[view.option.id] = 1
    for n in view.order[1:]:
        node, up = doc.node(n), view.polarity[view.parent[n]]
        how = view.via[n]
        if how in ("attacks", "undercuts") or (how != "supports" and node.kind is Kind.CON):
            view.polarity[n] = -up
        elif node.kind in _VALUE:
            c = view.contribution.get(n)
            if not c:
                c = _overall(dict(node.impact), weights) if node.impact else None
            view.polarity[n] = (1 if c > 0 else -1) if c else up
        else:
            view.polarity[n] = up


def _overall(vals: dict[str, float | None] | None, weights: dict[str, float]) -> float | None:
    if not vals:
        return None
    num = den = 0.0
    for k, v in vals.items():
        if v is not None:
            num += weights.get(k, 1.0) * v
            den += weights.get(k, 1.0)
    return num / den if den > 0 else None


def _factor(doc, node, d, siblings, values, sigma, chosen) -> dict[str, float] | None:
    """How much of a child's value reaches its parent's, per perspective."""
    child = doc.node(d)
    vals = values.get(d) or {}
    if node.kind is Kind.QUESTION:
        return {k: 1.0 for k in vals} if d == chosen else None
    if node.kind is Kind.SCENARIO:
        s = sigma.get(d)
        if s is None:
            return None
        out = {}
        for k in vals:
            den = sum(sigma[o] for o in siblings if sigma.get(o) is not None and (values.get(o) or {}).get(k) is not None)
            out[k] = s / den if den > 0 else 0.0
        return out
    if child.kind is Kind.CONSEQUENCE:
        s = sigma.get(d)
        return None if s is None else {k: s for k in vals}
    return {k: 1.0 for k in vals}


# -- writing ----------------------------------------------------------------------------


def _label(node: Node) -> str:
    if node.title and node.text and node.title != node.text:
        return f"**{escape(node.title)}.** {escape(node.text)}"
    return escape(node.label) or "*(no text)*"


def correction(note: str) -> str:
    """The correction a fact-check note gives (after its 'Fact check:'; the whole note when it has none)."""
    before, after = split_note(note)
    return after or before


def _name(node: Node) -> str:
    return f"“{escape(node.label)}”"


def _quotes(doc: Document, node: Node, indent: str) -> list[str]:
    out = []
    for quote, name in quoted(doc, node):
        out += ["", f"{indent}> {quote} — {name}"]
    return out


class _Writer:
    """Builds one brief: the views of every option, the sections, and the Markdown lines."""

    def __init__(self, doc: Document, option: Node, scores: "Scores | None", problem: str) -> None:
        self.doc, self.option, self.scores, self.problem = doc, option, scores, problem
        links = _links(doc)
        self.options = options_of(doc, option)
        self.views = {}
        for o in self.options:
            view = _reach(doc, o, links)
            _weigh(doc, view, scores, links[0])
            self.views[o.id] = view
        self.view = self.views[option.id]
        sets = [set(v.level) - {k} for k, v in self.views.items()]
        self.common = set.intersection(*sets) if len(sets) > 1 else set()
        self.mine = set(self.view.level) - {option.id} - self.common
        self.rivals = [o for o in self.options if o.id != option.id]
        self.cut_case: list[str] = []
        self.cut_attacks: list[str] = []
        self.case_roots: list[str] = []
        self.attack_roots: list[str] = []
        self.answered: list[tuple[str, list[str]]] = []
        self._swings: list[_Swing] | None = None

    # -- items

    def item(self, view: _View, node: Node, indent: str, role: str = "", where: str = "") -> list[str]:
        weights = "; ".join(weight_texts(self.doc, node))
        head = f"{indent}- {role}**{_KIND[node.kind]}**" + (f" ({weights})" if weights else "")
        if node.kind in _VALUE and node.id != view.option.id and self.scores is not None:
            c = view.contribution.get(node.id)
            head += f", contributes {c:+.2f}" if c is not None else ", unweighed"
        head += where + f": {_label(node)}"
        if READING in markers(node):
            head += f" *({marker_label(READING).lower()}: the map's inference, not the source's)*"
        lines = [head]
        inner = indent + "  "
        before, after = split_note(node.note)
        if FACT_CHECK in markers(node):
            if before and after:  # e.g. a reading's reason, then the correction
                lines += ["", f"{inner}*Note:* {escape(before)}"]
            lines += ["", f"{inner}**{marker_label(FACT_CHECK).capitalize()}:** "
                      + (escape(after or before) if node.note else marker_help(FACT_CHECK))]
        elif node.note:
            lines += ["", f"{inner}*Note:* {escape(node.note)}"]
        return lines + _quotes(self.doc, node, inner)

    def where(self, view: _View, n: str) -> str:
        """Where a node cut out of its branch hangs."""
        p = view.parent.get(n)
        if p is None or p == view.option.id:
            how = view.via.get(n, "tree")
            return {"tree": "", "leads to": " (this side leads to it)"}.get(how, f" ({how} this side, by a cross-link)")
        how = view.via[n]
        word = {"tree": "under", "leads to": "reached from"}.get(how, f"{how} (by a cross-link)")
        if self.doc.node(n).kind is Kind.CON and how == "tree":
            word = "against"
        return f" {word} {_name(self.doc.node(p))}"

    def strongest(self, view: _View, ids: list[str]) -> list[str]:
        def key(n: str) -> tuple[int, float]:
            node = self.doc.node(n)
            if node.kind in _VALUE:
                c = view.contribution.get(n)
                return (0, -abs(c)) if c is not None else (1, 0.0)
            if node.kind in _ARGS:
                s = self.scores.argued.get(n) if self.scores is not None else None
                s = s if s is not None else node.strength
                return (2, -(s if s is not None else -1.0))
            return (3, 0.0)

        return sorted(ids, key=key)


    # -- our case and the attacks

    def case(self, n: str, indent: str, top: bool = False) -> list[str]:
        v = self.view
        lines = self.item(v, self.doc.node(n), indent, where=self.where(v, n) if top else "")
        for k in self.strongest(v, [k for k in v.kids.get(n, []) if k in self.mine]):
            if v.polarity[k] > 0:
                lines += self.case(k, indent + "  ")
            else:
                self.cut_attacks.append(k)
                lines.append(f"{indent}  - *Attacked by {_name(self.doc.node(k))}: see Attacks to expect.*")
        return lines

    def attack(self, n: str, indent: str, top: bool = False) -> list[str]:
        v = self.view
        lines = self.item(v, self.doc.node(n), indent, where=self.where(v, n) if top else "")
        kids = self.strongest(v, [k for k in v.kids.get(n, []) if k in self.mine])
        answers = [k for k in kids if v.polarity[k] > 0 and self.doc.node(k).kind not in _VALUE]
        for k in answers:
            lines += self.tree(v, self.mine, k, indent + "  ", "Rebuttal: ")
        if answers:
            self.answered.append((n, answers))
        elif top:
            lines.append(f"{indent}  - *No rebuttal in the map.*")
        for k in kids:
            if k in answers:
                continue
            if v.polarity[k] > 0:
                self.cut_case.append(k)
                lines.append(f"{indent}  - *Leads on to {_name(self.doc.node(k))}, which helps us: see Our case.*")
            else:
                lines += self.attack(k, indent + "  ")
        return lines

    def tree(self, view: _View, scope: set[str], n: str, indent: str, role: str = "", roles: bool = True) -> list[str]:
        """A node with everything under it in `scope`; with `roles`, each answer is marked as a rebuttal."""
        lines = self.item(view, self.doc.node(n), indent, role)
        kids = self.strongest(view, [k for k in view.kids.get(n, []) if k in scope])
        turns = [k for k in kids if roles and view.polarity[k] != view.polarity[n] and self.doc.node(k).kind not in _VALUE]
        for k in turns + [k for k in kids if k not in turns]:  # the answers first
            lines += self.tree(view, scope, k, indent + "  ", "Rebuttal: " if k in turns else "", roles)
        return lines

    def our_case_and_attacks(self) -> tuple[list[str], list[str]]:
        v, me = self.view, self.option.id
        roots = [k for k in v.kids.get(me, []) if k in self.mine and self.doc.node(k).kind is not Kind.NOTE]
        todo_case = self.strongest(v, [k for k in roots if v.polarity[k] > 0])
        todo_attacks = [k for k in roots if v.polarity[k] < 0]
        case: list[str] = []
        attacks: list[str] = []
        while todo_case or todo_attacks:
            for n in todo_case:
                self.case_roots.append(n)
                case += self.case(n, "", True)
            todo_attacks = self.strongest(v, todo_attacks + self.cut_attacks)
            self.cut_attacks = []
            for n in todo_attacks:
                self.attack_roots.append(n)
                attacks += self.attack(n, "", True)
            todo_case, todo_attacks = self.strongest(v, self.cut_case), []
            self.cut_case = []
        return case, attacks

    # -- the other sides and the common ground

    def own_roots(self, rival: Node, sign: int) -> list[str]:
        """A rival's best branches that bear on it alone (not on this side, not on every side)."""
        view = self.views[rival.id]
        only = set(view.level) - {rival.id} - self.common - set(self.view.level)
        roots = [n for n in view.order if n in only and view.parent[n] not in only
                 and self.doc.node(n).kind is not Kind.NOTE and view.polarity[n] == sign]
        return self.strongest(view, roots)[:_RIVAL_POINTS]

    def rival_points(self) -> list[str]:
        out: list[str] = []
        for rival in self.ranked(self.rivals):
            view = self.views[rival.id]
            points = self.own_roots(rival, 1)
            if not points:
                continue
            out += [f"**{escape(rival.label)}**", ""]
            for n in points:
                out += self.item(view, self.doc.node(n), "", where=self.where(view, n))
                answers = [k for k in view.kids.get(n, []) if view.polarity[k] < 0 and self.doc.node(k).kind in _ARGS]
                scope = set(view.level) - set(self.view.level)  # what bears on us is carried above
                for k in self.strongest(view, answers):
                    if k in scope:
                        out += self.tree(view, scope, k, "  ", "Answer: ")
                    else:
                        out.append(f"  - *Answered by {_name(self.doc.node(k))}, above.*")
                if not answers:
                    out.append("  - *No answer in the map.*")
            out.append("")
        return out or ["*The other sides have no points of their own in the map.*", ""]

    def common_lines(self) -> list[str]:
        if len(self.options) < 2:
            return ["*The question has no other side, so there is no common ground.*", ""]
        if not self.common:
            return ["*The sides share no branch: everything in the map tells them apart.*", ""]
        v = self.view
        out = ["These branches bear on every side. Each weighs the same for every side except where the sides "
               "reach it with different likelihoods, so by itself it cannot decide the ranking: the differences "
               "come from the branches above.", ""]
        roots = [n for n in v.order if n in self.common and v.parent[n] not in self.common]
        for n in self.strongest(v, roots):
            lines = self.tree(v, self.common, n, "", roles=False)
            where = self.where(v, n)
            if where:  # the head line names where the branch hangs: '**Kind** (weights)…: label'
                head, _, label = lines[0].partition(f": {_label(self.doc.node(n))}")
                lines[0] = f"{head}{where}: {_label(self.doc.node(n))}{label}"
            out += lines
            shares = {o.id: self.views[o.id].contribution.get(n) for o in self.options}
            if self.scores is not None and self.doc.node(n).kind in _VALUE and any(x is not None for x in shares.values()):
                known = [x for x in shares.values() if x is not None]
                if len(known) == len(shares) and max(known) - min(known) < 5e-3:
                    out += ["", f"  *It adds {known[0]:+.2f} to every side.*"]
                else:
                    each = ", ".join(f"{_cell(x)} to {escape(o.label)}" for o, x in
                                     ((o, shares[o.id]) for o in self.options))
                    out += ["", f"  *It adds {each}: the sides reach it with different likelihoods.*"]
        return out + [""]

    # -- numbers

    def ranked(self, options: list[Node]) -> list[Node]:
        if self.scores is None:
            return options
        rank = {o.node_id: i for i, o in enumerate(self.scores.options)}
        return sorted(options, key=lambda o: rank.get(o.id, len(rank)))

    def verdict(self, baseline: Node | None) -> str:
        scores, me = self.scores, self.option.id
        if scores is None:
            return f"*The map could not be scored ({escape(self.problem)}), so its numbers neither favour nor oppose this side.*"
        ids = [o.node_id for o in scores.options]
        if me not in ids:
            return "*The map's scores rank only the options of its main question; this side answers a later one.*"
        mine = scores.option(me)
        if mine.overall is None or scores.leader is None:
            return "*The map does not weigh this side, so its scores neither favour nor oppose it.*"
        if baseline is not None and baseline.id != me:
            d = scores.relative(baseline.id)[me]
            if d is None:
                return f"*The baseline, {escape(baseline.label)}, is unweighed, so there is no difference to show.*"
            word = "favour" if d > 0 else "oppose" if d < 0 else "neither favour nor oppose"
            return f"The map's scores {word} this side against the baseline, {escape(baseline.label)}: {d:+.2f}."
        if scores.leader.node_id == me:
            others = [o for o in scores.options if o.node_id != me and o.overall is not None]
            if not others:
                return "The map's scores favour this side: it is the only weighed option."
            return (f"The map's scores favour this side: it leads, {mine.overall - others[0].overall:.2f} ahead of "
                    f"{escape(others[0].label)}.")
        place = ids.index(me) + 1
        return (f"The map's scores oppose this side: it ranks {place} of {len(ids)}, "
                f"{-scores.relative()[me]:.2f} behind the leader, {escape(scores.leader.label)}.")  # type: ignore[operator]

    def numbers(self, baseline: Node | None) -> list[str]:
        scores = self.scores
        if scores is None:
            return [f"*The map could not be scored: {escape(self.problem)}*" if self.problem else "*No scores.*", ""]
        names = scores.perspectives
        base_name = "leader" if baseline is None else escape(baseline.label)
        relative = scores.relative(baseline.id if baseline is not None else None)
        head = ["Rank", "Option", "Overall"] + [escape(n) for n in names.values()] + ["Argued support", f"vs {base_name}"]
        out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        for i, o in enumerate(scores.options, 1):
            label = f"**{escape(o.label)}**" if o.node_id == self.option.id else escape(o.label)
            row = [str(i), label, _cell(o.overall)] + [_cell(o.per_perspective.get(p)) for p in names]
            row += [f"{o.support:.2f}" if o.support is not None else "–", _cell(relative.get(o.node_id))]
            out.append("| " + " | ".join(row) + " |")
        out += ["", "Every option shares the same world, so only the differences between options mean anything: "
                f"the last column gives each option's score minus the {'leader' if baseline is None else 'baseline'}'s. "
                f"Semantics: {escape(scores.semantics)}."
                + (" Perspective weights: " + ", ".join(f"{escape(n)} {scores.weights.get(p, 1):g}" for p, n in names.items())
                   + "." if names else ""), ""]
        try:
            mine = scores.option(self.option.id)
        except NotFoundError:
            mine = None
        if mine is not None and mine.contributions:
            out += [f"What makes up the score of {escape(self.option.label)}:", "", "| Branch | Contribution |", "|---|---|"]
            for c in mine.contributions:
                shared = " (common ground)" if c.node_id in self.common else ""
                out.append(f"| {escape(c.label)}{shared} | {_cell(c.overall)} |")
            out.append("")
        if mine is not None and mine.unweighed:
            out += [f"{mine.unweighed} branch(es) of this side are unweighed and left out of the totals.", ""]
        return out + [self.flip_line(), ""]

    def flip_line(self) -> str:
        scores = self.scores
        if scores is None or scores.leader is None:
            return "*Nothing is weighed, so no input can flip the ranking.*"
        if scores.leader.node_id == self.option.id:
            from argmap.scoring import sensitivity

            try:
                sens = sensitivity(self.doc, scores.semantics)
            except ArgmapError as exc:
                return f"*The sensitivity could not be computed: {escape(exc.message)}*"
            if sens.flips:
                row = min(sens.flips, key=lambda r: abs(r.flip_at - r.value) / ((r.high - r.low) or 1.0))
                new = self.doc.node(row.new_leader).label if row.new_leader else "another option"
                return (f"**What could flip it:** {_input(row.label, row.input)} is {_value(row.input, row.value)}; "
                        f"at {_value(row.input, row.flip_at)} {escape(new)} would take the lead.")
            if sens.rows and sens.rows[0].margin_low is not None and sens.rows[0].margin_high is not None:
                row = sens.rows[0]
                return (f"**What could flip it:** no single input swung over its whole range takes the lead from this "
                        f"side; the widest swing, {_input(row.label, row.input)}, moves its lead between "
                        f"{min(row.margin_low, row.margin_high):.2f} and {max(row.margin_low, row.margin_high):.2f}.")
            return "**What could flip it:** no single input changes the leader."
        swings = self.swings()
        if not swings:
            return "**What could flip it:** no input of this side or the leader moves the gap between them."
        s = swings[0]
        if s.flip_at is not None:
            return (f"**What could flip it:** {_input(s.label, s.input)} is {_value(s.input, s.value)}; "
                    f"at {_value(s.input, s.flip_at)} this side would take the lead.")
        return (f"**What could flip it:** no single input puts this side in the lead; {_input(s.label, s.input)} at "
                f"{_value(s.input, s.end)} brings it closest, {-s.gap:.2f} behind.")

    def swings(self) -> list["_Swing"]:
        """Each input of this side or the leader swung to the end that favours this side, best first."""
        if self._swings is None:
            self._swings = _swings(self.doc, self.scores, self.option.id,
                                   set(self.view.level) | set(self.views.get(self.scores.leader.node_id, self.view).level))
        return self._swings

    # -- a side the map argues against

    def is_argued_against(self) -> bool:
        scores = self.scores
        if scores is None:
            return True
        try:
            mine = scores.option(self.option.id)
        except NotFoundError:
            return False
        leader = scores.leader
        if leader is not None and mine.overall is not None:
            return leader.node_id != self.option.id
        return mine.support is not None and mine.support < 0.5  # unweighed: what its pros and cons say

    def strongest_case(self) -> list[str]:
        v = self.view
        out = ["## The strongest case for this side", "",
               "The map argues against this side. This is the best it allows: what helps the side, its answers to "
               "the attacks, the harms the other sides carry that this side avoids, and what would turn the ranking.", "",
               "**Its points:**", ""]
        for n in self.case_roots:
            c = v.contribution.get(n)
            extra = f" (contributes {c:+.2f})" if c is not None else ""
            out.append(f"- {_name(self.doc.node(n))}{extra}")
        if not self.case_roots:
            out.append("- *The map gives this side no branch that helps it; its case rests on the points below.*")
        out += ["", "**Its answers to the attacks:**", ""]
        for attack, answers in self.answered:
            out.append(f"- Against {_name(self.doc.node(attack))}: " + "; ".join(_name(self.doc.node(a)) for a in answers))
        if not self.answered:
            out.append("- *The map holds no rebuttal for this side yet.*")
        out += ["", "**Harms the other sides carry that this side avoids:**", ""]
        harms = 0
        for rival in self.ranked(self.rivals):
            view = self.views[rival.id]
            for n in self.own_roots(rival, -1):
                harms += 1
                out += self.item(view, self.doc.node(n), "", where=f" for {_name(rival)}")
        if not harms:
            out.append("- *The map gives the other sides no harm of their own.*")
        out += ["", "**What would turn the ranking:**", ""]
        if self.scores is None or self.scores.leader is None:
            out.append("- *The map is not scored, so no input can be named.*")
        else:
            flips = [s for s in self.swings() if s.flip_at is not None][:3]
            for s in flips:
                out.append(f"- {_input(s.label, s.input)}: {_value(s.input, s.value)} now; this side leads from "
                           f"{_value(s.input, s.flip_at)}.")
            if not flips:
                line = self.flip_line().replace("**What could flip it:** ", "")
                out.append("- " + line[:1].upper() + line[1:])
        return out + [""]

    # -- the whole brief

    def write(self, baseline: Node | None) -> str:
        doc, option = self.doc, self.option
        question = doc.parent(option.id)
        out = [f"# Debate brief: {escape(option.title or option.text)}", "", "## The motion", ""]
        if question is not None:
            out += [f"**Question:** {_label(question)}", ""]
        weights = "; ".join(weight_texts(doc, option))
        out += [f"**Our side:** {_label(option)}" + (f" ({weights})" if weights else ""), ""]
        if self.rivals:
            out += ["**The other sides:** " + "; ".join(escape(r.label) for r in self.rivals), ""]
        quotes = _quotes(doc, option, "")
        out += quotes[1:] + ([""] if quotes else [])
        if option.note:
            out += [f"*Note:* {escape(option.note)}", ""]
        for note in [n for n in doc.children(option.id) if n.kind is Kind.NOTE and n.id in self.mine]:
            out += self.tree(self.view, self.mine, note.id, "", roles=False)
        out += [self.verdict(baseline), ""]
        case, attacks = self.our_case_and_attacks()
        out += ["## Our case", ""] + (case or ["- *The map gives this side no branch of its own that helps it.*"]) + [""]
        out += ["## Attacks to expect, with our rebuttals", ""]
        out += (attacks or ["- *The map records no attack on this side alone.*"]) + [""]
        out += ["## The other sides' strongest points", ""] + self.rival_points()
        out += ["## Common ground", ""] + self.common_lines()
        out += ["## The numbers that decide it", ""] + self.numbers(baseline)
        if self.is_argued_against():
            out += self.strongest_case()
        return "\n".join(out).rstrip() + "\n"


def _cell(v: float | None) -> str:
    return f"{v:+.2f}" if v is not None else "unweighed"


def _value(what: str, x: float) -> str:
    return f"{x:+g}" if what == "impact" else f"{x:.2f}"


def _input(label: str, what: str) -> str:
    """An input as the reader knows it: 'the likelihood of “X”', 'the weight of Y'."""
    if what == "weight":
        return f"the {escape(label)} (its share of all weights)"
    if what == "impact":
        name, _, party = label.rpartition(" — impact for ")
        return f"the impact of “{escape(name)}” for {escape(party)}"
    return f"the {what} of “{escape(label)}”"


@dataclass
class _Swing:
    label: str
    input: str
    value: float
    end: float
    span: float  # the width of the input's range
    gap: float  # this side's score minus the best other's, with the input at `end`
    flip_at: float | None


def _swings(doc: Document, scores: "Scores", option_id: str, nodes: set[str]) -> list[_Swing]:
    """Inputs of `nodes` (and the perspective weights), each at the end of its range best for the option."""
    from argmap.scoring.evaluate import Evaluation
    from argmap.scoring.graph import compile_graph

    try:
        g = compile_graph(doc)
    except ArgmapError:
        return []
    if option_id not in g.index or g.index[option_id] not in g.options:
        return []
    ev = Evaluation(g, scores.semantics)
    me = g.index[option_id]
    base = {o: ev.overall[o] for o in g.options}

    def gap(changed) -> float | None:
        sc = dict(base)
        for o, (_, overall) in changed.items():
            sc[o] = overall
        others = [s for o, s in sc.items() if o != me and s is not None]
        return sc[me] - max(others) if sc[me] is not None and others else None

    inputs = []
    for i in range(g.size):
        if g.ids[i] not in nodes:
            continue
        kind = g.kinds[i]
        if (kind is Kind.CONSEQUENCE and not g.nodes[i].remainder) or kind in _ARGS:
            if g.base[i] is not None:
                what = "likelihood" if kind is Kind.CONSEQUENCE else "strength"
                inputs.append((g.label(i), what, g.base[i], 0.0, 1.0, lambda x, i=i: ev.what_if(base={i: x})))
        for k, x0 in enumerate(g.impact[i] or ()):
            if x0 is not None:
                inputs.append((f"{g.label(i)} — impact for {g.perspective_names[k]}", "impact", x0, g.impact_min,
                               g.impact_max, lambda x, i=i, k=k: ev.what_if(impact={(i, k): x})))
    total = sum(ev.weights)
    if len(ev.weights) > 1 and total > 0:
        for k, name in enumerate(g.perspective_names):
            def shares(s: float, k: int = k) -> list[float]:
                rest = total - ev.weights[k]
                n = len(ev.weights) - 1
                out = [(1 - s) * total * (w / rest if rest > 0 else 1 / n) for w in ev.weights]
                out[k] = s * total
                return out

            inputs.append((f"weight of {name}", "weight", ev.weights[k] / total, 0.0, 1.0,
                           lambda s, f=shares: ev.what_if(weights=f(s))))
    now = gap({})
    out = []
    for label, what, x0, lo, hi, at in inputs:
        ends = [(g_, x) for x in (lo, hi) if (g_ := gap(at(x))) is not None]
        if not ends or now is None:
            continue
        best, end = max(ends)
        flip = None
        if best > 0 > now:
            inside, outside = x0, end
            for _ in range(48):
                mid = 0.5 * (inside + outside)
                g_mid = gap(at(mid))
                if g_mid is not None and g_mid > 0:
                    outside = mid
                else:
                    inside = mid
            flip = outside
        out.append(_Swing(" ".join(label.split()), what, x0, end, (hi - lo) or 1.0, best, flip))
    out.sort(key=lambda s: (s.flip_at is None, -s.gap if s.flip_at is None else abs(s.flip_at - s.value) / s.span))
    return out


def brief(doc: Document, side: str, scores: "Scores | None" = None, baseline: str | None = None) -> str:
    """A debate brief for one option: the motion, its case, the attacks and rebuttals, the common ground, the numbers.

    `baseline` (an option's id or title) shows differences against that option instead of the leader.
    """
    option = find_option(doc, side)
    problem = ""
    if scores is None:
        from argmap.scoring import score

        try:
            scores = score(doc)
        except ArgmapError as exc:
            problem = exc.message
    base = None
    if baseline is not None:
        base = find_option(doc, baseline)
        if base.id not in {o.id for o in options_of(doc, option)}:
            raise NotFoundError(f"'{baseline}' does not answer the same question as '{option.label}'.",
                                hint="Choose one of the other sides as the baseline.")
    return _Writer(doc, option, scores, problem).write(base)
