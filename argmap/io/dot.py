"""Graphviz DOT export: the tree top-down, cross-links dashed, cards filled by kind.

`dot -Tsvg map.dot -o map.svg` draws it. Node ids are made up (n0, n1, ...) and every
label is a quoted string with its backslashes, quotes and line breaks escaped, so map
text never reads as DOT syntax or as one of DOT's label escapes (\\N, \\G, \\l, ...).
"""

from __future__ import annotations

import math
import os
import re

from argmap.io.csvdoc import encode, link_table, node_table, write_export
from argmap.io.graphml import KIND_FILLS
from argmap.model.document import Document

__all__ = ["dumps", "quote", "write"]

_WRAP = 32
_MAX_CHARS = 240
#: What a DOT file cannot hold as text: C0 controls but tab and newline, DEL, lone surrogates, and the
#: non-characters U+FFFE and U+FFFF (Graphviz copies them into its SVG, which is then not XML).
_DROP = re.compile("[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_LINK_STYLES = {"supports": ("#2e7d32", "dashed"), "attacks": ("#c62828", "dashed"),
                "undercuts": ("#c62828", "dotted"), "contradicts": ("#c62828", "bold"),
                "leads_to": ("#b26500", "dashed"), "same_as": ("#607d8b", "dotted")}


def quote(text: str) -> str:
    """`text` as a DOT double-quoted string whose label shows exactly that text, line breaks kept."""
    text = _DROP.sub("", text)
    text = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n") + '"'


def _wrap(text: str) -> str:
    words = " ".join(text.split())
    if len(words) > _MAX_CHARS:
        words = words[: _MAX_CHARS - 1] + "…"
    lines: list[str] = []
    line = ""
    for word in words.split(" "):
        if line and len(line) + 1 + len(word) > _WRAP:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return "\n".join(lines)


def _number(value: object) -> str | None:
    if isinstance(value, float) and math.isfinite(value):
        return f"{value:.3g}"
    return None


def dumps(doc: Document) -> bytes:
    """The map as DOT text (UTF-8 bytes)."""
    nodes, links = node_table(doc), link_table(doc)
    keys = [c.key for c in nodes.columns]
    at = {k: i for i, k in enumerate(keys)}
    out = [f"digraph {quote(doc.title or 'map')} {{",
           '  graph [rankdir=TB, charset="UTF-8"];',
           '  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=10];',
           '  edge [color="#78909c", arrowsize=0.7];']
    gid: dict[str, str] = {}
    for i, row in enumerate(nodes.rows):
        gid[row[0]] = f"n{i}"
        kind = str(row[at["kind"]])
        label = f"{kind.upper()}\n{_wrap(str(row[at['label']]))}"
        badges = []
        for name, key in (("p", "likelihood"), ("s", "strength"), ("argued", "argued"), ("score", "overall")):
            shown = _number(row[at[key]]) if key in at else None
            if shown is not None:
                badges.append(f"{name} {shown}")
        if badges:
            label += "\n" + " · ".join(badges)
        fill = KIND_FILLS.get(kind, "#ffffff")
        out.append(f"  n{i} [label={quote(label)}, fillcolor=\"{fill}\", tooltip={quote(str(row[0]))}];")
    for row in links.rows:
        a, b = gid.get(row[0]), gid.get(row[1])
        if a is None or b is None:
            continue
        if row[4] == "tree":
            out.append(f"  {a} -> {b};")
        else:
            color, style = _LINK_STYLES.get(str(row[3]), ("#607d8b", "dashed"))
            out.append(f'  {a} -> {b} [label={quote(str(row[3]).replace("_", " "))}, color="{color}", '
                       f'fontcolor="{color}", style={style}, constraint=false];')
    out.append("}")
    return encode("\n".join(out) + "\n")


def write(doc: Document, path: str | os.PathLike[str]) -> None:
    """Export a map as Graphviz DOT, atomically."""
    write_export(dumps, doc, path)
