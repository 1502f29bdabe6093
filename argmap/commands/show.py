"""`argmap show FILE`: the map as an indented outline with kinds and weights.

Lines are written as they are made, so memory stays flat however large the map. The
indentation stops growing at `MAX_INDENT` levels: a deeper line keeps that indentation
and starts with its depth ("(depth 41) - [pro] ..."), so a 1,000,000-deep chain prints
in lines of bounded length. Map text goes through `textsafe.terminal`: control,
bidirectional and other format characters are shown as escapes, never acted on.
"""

from __future__ import annotations

import argparse
import gc
import io
import re
import sys
from typing import Callable, Iterator, TextIO

from argmap.model.document import Document, Kind, Node
from argmap.model.summary import weight_parts
from argmap.textsafe import terminal

__all__ = ["register", "run", "print_outline", "outline_lines", "MAX_INDENT"]

#: Levels of indentation shown; deeper lines show their depth instead.
MAX_INDENT = 40
_BATCH = 2000  # lines joined into one write
#: Line breaks and tabs in map text become one space; other controls are shown as escapes.
_SPACE = re.compile(r"[ \t\n\r]+")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("show", help="print a map as an indented outline",
                       description="Print a map as an indented outline with kinds and weights "
                       f"(indented up to {MAX_INDENT} levels; deeper lines start with their depth).")
    p.add_argument("file", metavar="FILE", help="a map file")


def run(args: argparse.Namespace) -> int:
    from argmap.io import read

    doc = read(args.file)
    gc.freeze()  # the map lives until the end: the collector need not scan its million objects again
    out = sys.stdout
    if isinstance(out, io.TextIOWrapper):
        # A terminal that cannot encode a character shows its code rather than failing half-way.
        out.reconfigure(errors="backslashreplace")
    print_outline(doc, out)
    return 0


def _weights(doc: Document) -> Callable[[Node], str]:
    """A node's weights as '  (p = 0.50; ...)', remembered by value (most nodes of a big map share a few)."""
    seen: dict[tuple, str] = {}

    def weights(node: Node) -> str:
        impact, citations = node.impact, node.citations
        key = (node.likelihood, node.remainder, node.strength, tuple(impact.items()) if impact else (),
               len(citations) if citations else 0)
        text = seen.get(key)
        if text is None:
            parts = weight_parts(doc, node)
            if citations:
                parts.append(f"{len(citations)} quote" + ("s" if len(citations) > 1 else ""))
            text = f"  ({'; '.join(parts)})" if parts else ""
            if not text.isprintable():  # perspective names and the unit are map text too
                text = terminal(text)
            if len(seen) > 100_000:
                seen.clear()
            seen[key] = text
        return text

    return weights


def _is_special(text: str) -> bool:
    """Whether `text` needs `_flat` or `terminal`: most does not, and `isprintable` says so fast.

    Not printable are controls, format characters (bidirectional ones among them),
    separators other than the space, surrogates and unassigned code points.
    """
    return not text.isprintable() or "  " in text or text[:1] == " " or text[-1:] == " "


def _flat(text: str) -> str:
    return _SPACE.sub(" ", text).strip(" ")


_DEEP = "  " * (MAX_INDENT - 1)


def _indent(level: int) -> str:
    if level <= MAX_INDENT:
        return "  " * (level - 1)
    return f"{_DEEP}(depth {level}) "


def outline_lines(doc: Document) -> Iterator[str]:
    """One line per node (after the title and perspectives): indentation by depth, the kind, the label, the weights."""
    yield terminal(_flat(doc.title) or "(untitled map)")
    if doc.perspectives:
        yield terminal("Perspectives: " + ", ".join(f"{p.name} (weight {p.weight:g})" for p in doc.perspectives))
    heads = {kind: f"- [{kind.value}] " for kind in Kind}
    indents = [_indent(level) for level in range(1, MAX_INDENT + 1)]
    weights = _weights(doc)
    # The index itself, not `doc.children`: two calls and an empty list less for each of a million nodes.
    children = doc._child_index().get
    # Pre-order without recursion: a stack of sibling iterators, its height the depth.
    stack = [iter(doc.roots())]
    while stack:
        for node in stack[-1]:
            level = len(stack)
            text = node.title or node.text
            if _is_special(text):
                text = terminal(_flat(text))
            if level <= MAX_INDENT:
                yield f"{indents[level - 1]}{heads[node.kind]}{text}{weights(node)}"
            else:
                yield f"{_DEEP}(depth {level}) {heads[node.kind]}{text}{weights(node)}"
            kids = children(node.id)
            if kids:
                stack.append(iter(kids))
                break
        else:
            stack.pop()


def print_outline(doc: Document, out: TextIO | None = None) -> None:
    """Write the outline to `out` (standard output by default) as it is made."""
    stream = out or sys.stdout
    batch: list[str] = []
    for line in outline_lines(doc):
        batch.append(line)
        if len(batch) >= _BATCH:
            stream.write("\n".join(batch) + "\n")
            batch.clear()
    if batch:
        stream.write("\n".join(batch) + "\n")
