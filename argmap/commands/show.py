"""`argmap show FILE`: the map as an indented outline with kinds and weights."""

from __future__ import annotations

import argparse
from typing import TextIO

from argmap.model.document import Document, Node
from argmap.model.summary import weight_parts

__all__ = ["register", "run", "print_outline", "outline_lines"]


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("show", help="print a map as an indented outline",
                       description="Print a map as an indented outline with kinds and weights.")
    p.add_argument("file", metavar="FILE", help="a map file")


def run(args: argparse.Namespace) -> int:
    from argmap.io import read

    print_outline(read(args.file))
    return 0


def _weights(doc: Document, node: Node) -> str:
    parts = weight_parts(doc, node)
    if node.citations:
        parts.append(f"{len(node.citations)} quote" + ("s" if len(node.citations) > 1 else ""))
    return f"  ({'; '.join(parts)})" if parts else ""


def outline_lines(doc: Document) -> list[str]:
    """One line per node: indentation by depth, the kind, the label, the weights."""
    lines = [doc.title or "(untitled map)"]
    if doc.perspectives:
        lines.append("Perspectives: " + ", ".join(f"{p.name} (weight {p.weight:g})" for p in doc.perspectives))
    depth: dict[str | None, int] = {None: 0}
    for node in doc.walk():
        level = depth[node.parent] + 1
        depth[node.id] = level
        text = " ".join(node.label.split())
        lines.append(f"{'  ' * (level - 1)}- [{node.kind.value}] {text}{_weights(doc, node)}")
    return lines


def print_outline(doc: Document, out: TextIO | None = None) -> None:
    import sys

    stream = out or sys.stdout
    for line in outline_lines(doc):
        print(line, file=stream)
