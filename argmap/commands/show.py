"""`argmap show FILE`: the map as an indented outline with kinds and weights."""

from __future__ import annotations

import argparse
from typing import TextIO

from argmap.model.document import Document, Node

__all__ = ["register", "run", "print_outline", "outline_lines"]


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("show", help="print a map as an indented outline",
                       description="Print a map as an indented outline with kinds and weights.")
    p.add_argument("file", metavar="FILE", help="a map file")


def run(args: argparse.Namespace) -> int:
    from argmap.io import read

    print_outline(read(args.file))
    return 0


def _weights(doc: Document, node: Node, names: dict[str, str]) -> str:
    parts = []
    if node.likelihood is not None:
        parts.append(f"p={node.likelihood:.2f}")
    if node.remainder:
        parts.append("p=rest")
    if node.strength is not None:
        parts.append(f"strength={node.strength:.2f}")
    if node.impact:
        unit = "" if doc.impact_scale.unit == "points" else f" {doc.impact_scale.unit}"
        parts.append("impact " + ", ".join(f"{names.get(k, k)} {v:+g}{unit}" for k, v in node.impact.items()))
    if node.citations:
        parts.append(f"{len(node.citations)} quote" + ("s" if len(node.citations) > 1 else ""))
    return f"  ({'; '.join(parts)})" if parts else ""


def outline_lines(doc: Document) -> list[str]:
    """One line per node: indentation by depth, the kind, the label, the weights."""
    names = {p.id: p.name for p in doc.perspectives}
    lines = [doc.title or "(untitled map)"]
    if doc.perspectives:
        lines.append("Perspectives: " + ", ".join(f"{p.name} (weight {p.weight:g})" for p in doc.perspectives))
    depth: dict[str | None, int] = {None: 0}
    for node in doc.walk():
        level = depth[node.parent] + 1
        depth[node.id] = level
        text = " ".join(node.label.split())
        lines.append(f"{'  ' * (level - 1)}- [{node.kind.value}] {text}{_weights(doc, node, names)}")
    return lines


def print_outline(doc: Document, out: TextIO | None = None) -> None:
    import sys

    stream = out or sys.stdout
    for line in outline_lines(doc):
        print(line, file=stream)
