"""Markdown output (no Qt): an outline of the whole map, and a debate brief for one side.

Every piece of map text is escaped, so a node cannot inject Markdown or HTML
(headings, links, emphasis, tables, raw tags) into the page.
"""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING

from argmap.errors import ArgmapError, NotFoundError
from argmap.model.document import Document, Kind, Node
from argmap.model.summary import weight_parts

if TYPE_CHECKING:
    from argmap.scoring import Scores

__all__ = ["write", "outline", "brief", "escape", "find_option", "SUFFIX"]

SUFFIX = ".md"

_ALWAYS = set("\\`*_[]<>|~&#!")
_LINE_START = re.compile(r"([-+=>]|\d+[.)])")
_KIND_NAME = {k: k.value.capitalize() for k in Kind}


def escape(text: str) -> str:
    """Map text as one line of inert Markdown: every character that could be markup is escaped."""
    flat = " ".join(text.split())
    out = "".join("\\" + c if c in _ALWAYS else c for c in flat)
    m = _LINE_START.match(out)
    if m:  # '- x', '1. x', '> x' or '=' would start a list, a quote or a heading underline
        end = m.end() - 1
        out = out[:end] + "\\" + out[end:]
    return out


def _number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".") if value != int(value) else f"{value:.0f}"


def _weights(doc: Document, node: Node) -> str:
    return "; ".join(weight_parts(doc, node, escape=escape))


def _label(node: Node) -> str:
    """The node as '**Title.** text', escaped."""
    if node.title and node.text and node.title != node.text:
        return f"**{escape(node.title)}.** {escape(node.text)}"
    return escape(node.label) or "*(no text)*"


def _quotes(doc: Document, node: Node, indent: str) -> list[str]:
    out = []
    sources = {s.id: s for s in doc.sources}
    for cit in node.citations:
        source = sources.get(cit.source)
        name = source.title if source and source.title else cit.source
        if source and source.author:
            name = f"{name}, {source.author}"
        quote = escape(cit.quote)
        if not quote.startswith(("“", '"', "‘")):
            quote = f"“{quote}”"
        out += [f"{indent}> {quote}", f"{indent}>", f"{indent}> — {escape(name)}", ""]
    return out


def _item(doc: Document, node: Node, indent: str) -> list[str]:
    weights = _weights(doc, node)
    head = f"{indent}- **{_KIND_NAME[node.kind]}**" + (f" ({weights})" if weights else "") + f": {_label(node)}"
    lines = [head]
    inner = indent + "  "
    if node.tags:
        lines += ["", f"{inner}Tags: " + ", ".join(escape(t) for t in node.tags)]
    if node.note:
        lines += ["", f"{inner}*Note:* {escape(node.note)}"]
    quotes = _quotes(doc, node, inner)
    if quotes:
        lines += [""] + quotes
    return lines


def outline(doc: Document) -> str:
    """The whole map as Markdown: headings for the question and options, nested lists below."""
    out = [f"# {escape(doc.title) or 'Argument map'}", ""]
    if doc.description:
        out += [escape(doc.description), ""]
    if doc.perspectives:
        out += ["Perspectives: " + ", ".join(f"{escape(p.name)} (weight {p.weight:g})" for p in doc.perspectives), ""]
    for root in doc.roots():
        out += [f"## {_KIND_NAME[root.kind]}: {_label(root)}", ""]
        out += _quotes(doc, root, "")
        if root.note:
            out += [f"*Note:* {escape(root.note)}", ""]
        for child in doc.children(root.id):
            if child.kind is Kind.OPTION and root.kind is Kind.QUESTION:
                weights = _weights(doc, child)
                out += [f"### Option: {_label(child)}", ""]
                if weights:
                    out += [f"*{weights}*", ""]
                out += _quotes(doc, child, "")
                if child.note:
                    out += [f"*Note:* {escape(child.note)}", ""]
                body = _subtree(doc, child.id, "")
            else:
                body = _subtree_from(doc, child, "")
            if body:
                out += body + [""]
    if doc.links:
        index = {n.id: n for n in doc.nodes}
        out += ["## Cross-links", ""]
        for link in doc.links:
            a, b = index.get(link.source), index.get(link.target)
            if a and b:
                out.append(f"- {escape(a.label)} *{link.kind.value.replace('_', ' ')}* {escape(b.label)}")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def _subtree(doc: Document, node_id: str, indent: str) -> list[str]:
    out: list[str] = []
    for child in doc.children(node_id):
        out += _subtree_from(doc, child, indent)
    return out


def _subtree_from(doc: Document, start: Node, indent: str) -> list[str]:
    out: list[str] = []
    stack = [(start, indent)]
    while stack:
        node, ind = stack.pop()
        out += _item(doc, node, ind)
        for child in reversed(doc.children(node.id)):
            stack.append((child, ind + "  "))
    return out


def write(doc: Document, path: str | os.PathLike[str]) -> None:
    """Write the outline to a .md file, atomically."""
    from argmap.io.jsondoc import write_bytes_atomic

    write_bytes_atomic(outline(doc).encode("utf-8"), path)


# -- the debate brief ---------------------------------------------------------------


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


def _strength(node: Node, scores: "Scores | None") -> float:
    if scores is not None and node.id in scores.argued:
        return scores.argued[node.id]
    value = node.strength if node.strength is not None else node.likelihood
    return value if value is not None else -1.0


def brief(doc: Document, side: str, scores: "Scores | None" = None) -> str:
    """A debate brief for one option: the motion, its case, the attacks to expect, rebuttals and numbers."""
    option = find_option(doc, side)
    problem = ""
    if scores is None:
        from argmap.scoring import score

        try:
            scores = score(doc)
        except ArgmapError as exc:
            problem = exc.message
    question = doc.parent(option.id)
    rivals = [n for n in doc.children(question.id) if n.kind is Kind.OPTION and n.id != option.id] if question else []
    contribution: dict[str, float] = {}
    mine = None
    if scores is not None:
        try:
            mine = scores.option(option.id)
        except NotFoundError:
            mine = None
        for opt in scores.options:
            for c in opt.contributions:
                if c.overall is not None:
                    contribution[c.node_id] = c.overall if opt.node_id == option.id else contribution.get(c.node_id, c.overall)

    def rank(nodes: list[Node]) -> list[Node]:
        return sorted(nodes, key=lambda n: -contribution.get(n.id, _strength(n, scores)))

    kids = doc.children(option.id)
    consequences = [n for n in kids if n.kind in (Kind.CONSEQUENCE, Kind.SCENARIO)]
    own = {c.node_id: c.overall for c in mine.contributions} if mine else {}
    for node_id in own:  # consequences reached by a 'leads to' link count as the side's own
        if doc.has_node(node_id) and doc.node(node_id) not in consequences and \
                doc.node(node_id).kind in (Kind.CONSEQUENCE, Kind.SCENARIO):
            consequences.append(doc.node(node_id))
    good = [n for n in consequences if (own.get(n.id) or 0) >= 0]
    bad = sorted([n for n in consequences if (own.get(n.id) or 0) < 0], key=lambda n: own[n.id] or 0)
    pros = [n for n in kids if n.kind in (Kind.PRO, Kind.EVIDENCE)]
    cons = [n for n in kids if n.kind is Kind.CON]
    if not good and not pros:  # a losing side still argues from what is good for someone
        hopeful = [n for n in bad if any(v > 0 for v in n.impact.values())]
        good = [max(hopeful, key=lambda n: own[n.id] or 0)] if hopeful else []
        bad = [n for n in bad if n not in good]
    title = escape(option.title or option.text)
    out = [f"# Debate brief: {title}", "", "## The motion", ""]
    if question is not None:
        out += [f"**Question:** {_label(question)}", ""]
    out += [f"**Our side:** {_label(option)}", ""]
    if rivals:
        out += ["**The other sides:** " + "; ".join(escape(r.label) for r in rivals), ""]
    out += _quotes(doc, option, "")

    out += ["## Our case", ""]
    case = rank(good) + rank(pros)
    for node in case:
        out += _point(doc, node, own.get(node.id) if node in good else None)
        support = [c for c in doc.children(node.id) if c.kind in (Kind.PRO, Kind.EVIDENCE)]
        for reason in rank(support):
            out += _item(doc, reason, "  ")
    if not case:
        out.append("- *The map gives this side no consequences or pros of its own.*")
    out.append("")

    attacks: list[tuple[Node, float | None]] = [(n, own.get(n.id)) for n in bad]
    attacks += [(n, None) for n in rank(cons)]
    for node in good:
        attacks += [(c, None) for c in rank([c for c in doc.children(node.id) if c.kind is Kind.CON])]
    out += ["## Attacks to expect", "", "### Against our side", ""]
    for node, value in attacks:
        out += _point(doc, node, value)
    if not attacks:
        out.append("- *The map records no attacks on this side.*")
    out += ["", "### The other sides' strongest points", ""]
    rival_points: list[Node] = []
    for rival in rivals:
        points = [n for n in doc.children(rival.id) if n.kind in (Kind.CONSEQUENCE, Kind.SCENARIO, Kind.PRO, Kind.EVIDENCE)]
        best = [n for n in rank(points) if contribution.get(n.id, 0) >= 0][:3]
        if best:
            out += [f"**{escape(rival.label)}**", ""]
            for node in best:
                out += _point(doc, node, contribution.get(node.id))
            out.append("")
        rival_points += best
    if not rival_points:
        out += ["- *The other sides have no weighed points in the map.*", ""]

    out += ["## Rebuttals", ""]
    answered = 0
    for node, _ in attacks + [(n, None) for n in rival_points]:
        answers = [c for c in doc.children(node.id) if c.kind is Kind.CON]
        if not answers:
            continue
        answered += 1
        out += [f"**Against “{escape(node.label)}”**", ""]
        for answer in rank(answers):
            out += _item(doc, answer, "")
            for backing in rank([c for c in doc.children(answer.id) if c.kind in (Kind.PRO, Kind.EVIDENCE)]):
                out += _item(doc, backing, "  ")
        out.append("")
    if not answered:
        out += ["*The map holds no counter-arguments to these attacks yet.*", ""]

    out += ["## The numbers", ""]
    out += _numbers(doc, option, scores, mine, problem)
    return "\n".join(out).rstrip() + "\n"


def _point(doc: Document, node: Node, value: float | None) -> list[str]:
    lines = _item(doc, node, "")
    if value is not None:
        lines[0] += f" — contributes {value:+.2f}"
    return lines


def _numbers(doc: Document, option: Node, scores: "Scores | None", mine, problem: str) -> list[str]:
    if scores is None:
        return [f"*The map could not be scored: {escape(problem)}*" if problem else "*No scores.*"]
    names = scores.perspectives or {p.id: p.name for p in doc.perspectives}

    def cell(v: float | None) -> str:
        return f"{v:+.2f}" if v is not None else "unweighed"

    head = ["Rank", "Option", "Overall"] + [escape(n) for n in names.values()] + ["Argued support"]
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for i, o in enumerate(scores.options, 1):
        label = escape(o.label)
        if o.node_id == option.id:
            label = f"**{label}**"
        row = [str(i), label, cell(o.overall)] + [cell(o.per_perspective.get(p)) for p in names]
        row.append(f"{o.support:.2f}" if o.support is not None else "–")
        out.append("| " + " | ".join(row) + " |")
    out += ["", f"Semantics: {escape(scores.semantics)}. Perspective weights: "
            + ", ".join(f"{escape(n)} {scores.weights.get(p, 1):g}" for p, n in names.items()) + "."]
    if mine is not None and mine.contributions:
        out += ["", f"What makes up the score of {escape(option.label)}:", "", "| Branch | Contribution |", "|---|---|"]
        for c in mine.contributions:
            out.append(f"| {escape(c.label)} | {cell(c.overall)} |")
    if mine is not None and mine.unweighed:
        out += ["", f"{mine.unweighed} branch(es) of this side are unweighed and left out of the totals."]
    return out
