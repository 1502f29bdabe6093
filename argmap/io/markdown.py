"""Markdown output (no Qt): an outline of the whole map, and a debate brief for one side.

Every piece of map text is escaped, so a node cannot inject Markdown or HTML
(headings, links, emphasis, tables, raw tags) into the page.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from argmap import textsafe
from argmap.model.document import Document, Kind, Node
from argmap.model.summary import weight_parts

if TYPE_CHECKING:
    from argmap.scoring import Scores

__all__ = ["write", "outline", "brief", "escape", "weights", "find_option", "SUFFIX"]

SUFFIX = ".md"

_KIND_NAME = {k: k.value.capitalize() for k in Kind}

#: Map text as one line of inert Markdown (`argmap.textsafe.markdown`).
escape = textsafe.markdown


def _number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".") if value != int(value) else f"{value:.0f}"


def weights(doc: Document, node: Node) -> list[str]:
    """The node's weights as `weight_parts` gives them, every piece of map text in them escaped (names, unit)."""
    parts = weight_parts(doc, node, escape=escape)
    unit = doc.impact_scale.unit
    if node.impact and unit != "points":
        # weight_parts appends the unit as it is; the impact part (always the last) is written again here.
        names = {p.id: p.name for p in doc.perspectives}
        parts[-1] = "impact " + ", ".join(f"{escape(names.get(k, k))} {v:+g} {escape(unit)}"
                                          for k, v in node.impact.items())
    return parts


def _weights(doc: Document, node: Node) -> str:
    return "; ".join(weights(doc, node))


def _label(node: Node) -> str:
    """The node as '**Title.** text', escaped."""
    if node.title and node.text and node.title != node.text:
        return f"**{escape(node.title)}.** {escape(node.text)}"
    return escape(node.label) or "*(no text)*"


def quoted(doc: Document, node: Node) -> list[tuple[str, str]]:
    """The node's citations as (quote in quotation marks, 'source title, author'), both escaped."""
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
        out.append((quote, escape(name)))
    return out


def _quotes(doc: Document, node: Node, indent: str) -> list[str]:
    out = []
    for quote, name in quoted(doc, node):
        out += [f"{indent}> {quote}", f"{indent}>", f"{indent}> — {name}", ""]
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


# -- the debate brief (argmap/io/brief.py) ---------------------------------------------


def find_option(doc: Document, side: str) -> Node:
    """The option named by id or by title/text (case-insensitive); see `argmap.io.brief.find_option`."""
    from argmap.io.brief import find_option as find

    return find(doc, side)


def brief(doc: Document, side: str, scores: "Scores | None" = None, baseline: str | None = None) -> str:
    """The debate brief for one side; see `argmap.io.brief.brief`."""
    from argmap.io.brief import brief as write_brief

    return write_brief(doc, side, scores, baseline)
