"""Write a valid synthetic argument map of N nodes, for benchmarks and scale tests.

    python benchmarks/generate.py N [-o OUT] [--seed S]

A tree branching about 4, texts of 5-25 words, a few cross-links, weights filled.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from argmap.model.document import Document, ImpactScale, Kind, Link, LinkKind, Node, Perspective

__all__ = ["generate"]

_WORDS = (
    "talks peace border trade aid security influence region troops withdrawal ceasefire dialogue "
    "refugees economy image stability threat neutral mediator support pressure cost risk benefit "
    "government insurgents negotiation agreement violence assistance relations future policy "
    "alliance vacuum terrorism growth investment sanctions diplomacy leverage trust"
).split()

# What a generated child of each kind may be, and how often.
_CHILD_KINDS: dict[Kind, list[tuple[Kind, int]]] = {
    Kind.QUESTION: [(Kind.OPTION, 1)],
    Kind.OPTION: [(Kind.CONSEQUENCE, 6), (Kind.SCENARIO, 1), (Kind.PRO, 2), (Kind.CON, 2)],
    Kind.CONSEQUENCE: [(Kind.CONSEQUENCE, 5), (Kind.SCENARIO, 1), (Kind.PRO, 2), (Kind.CON, 2), (Kind.EVIDENCE, 1)],
    Kind.SCENARIO: [(Kind.CONSEQUENCE, 1)],
    Kind.PRO: [(Kind.PRO, 2), (Kind.CON, 2), (Kind.EVIDENCE, 1)],
    Kind.CON: [(Kind.PRO, 2), (Kind.CON, 2), (Kind.EVIDENCE, 1)],
    Kind.EVIDENCE: [(Kind.PRO, 1), (Kind.CON, 1)],
}

_PERSPECTIVES = [("p1", "First party", 3.0, "#2e7d32"), ("p2", "Second party", 2.0, "#1565c0"), ("p3", "Third party", 1.0, "#c62828")]


def _text(rng: random.Random) -> str:
    words = rng.choices(_WORDS, k=rng.randint(5, 25))
    return (" ".join(words)).capitalize() + "."


def _pick_kind(rng: random.Random, parent: Kind) -> Kind:
    kinds, weights = zip(*_CHILD_KINDS[parent])
    return rng.choices(kinds, weights=weights)[0]


def generate(n: int, seed: int = 0, branching: int = 4) -> Document:
    """A valid map of `n` nodes (n >= 1), deterministic for a seed."""
    rng = random.Random(seed)
    doc = Document(
        title=f"Generated map of {n} nodes",
        description=f"Synthetic map for benchmarks (seed {seed}).",
        perspectives=[Perspective(id=i, name=name, weight=w, color=c) for i, name, w, c in _PERSPECTIVES],
        impact_scale=ImpactScale(),
    )
    nodes: list[Node] = [Node(id="n0", kind=Kind.QUESTION, text="Which course should we take?")]
    child_count = [0]
    cursor = 0  # the node currently receiving children, breadth first
    for i in range(1, n):
        while child_count[cursor] >= branching or nodes[cursor].kind is Kind.NOTE:
            cursor += 1
        parent = nodes[cursor]
        kind = _pick_kind(rng, parent.kind)
        node = Node(id=f"n{i}", kind=kind, parent=parent.id, order=child_count[cursor], text=_text(rng))
        if rng.random() < 0.3:
            node.title = " ".join(node.text.split()[:3]).rstrip(".")
        if kind is Kind.CONSEQUENCE:
            node.likelihood = round(rng.uniform(0.05, 0.95), 2)
            node.impact = {p[0]: float(rng.randint(-10, 10)) for p in _PERSPECTIVES}
        elif kind is Kind.OPTION:
            node.impact = {p[0]: float(rng.randint(-3, 3)) for p in _PERSPECTIVES}
        elif kind in (Kind.PRO, Kind.CON, Kind.EVIDENCE):
            node.strength = round(rng.uniform(0.1, 0.9), 2)
        child_count[cursor] += 1
        nodes.append(node)
        child_count.append(0)
    doc.nodes = nodes
    doc.question = "n0"
    _fix_forks(doc)
    _add_links(doc, rng)
    return doc


def _fix_forks(doc: Document) -> None:
    """Make each scenario fork's outcomes sum to 1: the last one is 'the rest'."""
    for node in doc.nodes:
        if node.kind is not Kind.SCENARIO:
            continue
        outcomes = doc.children(node.id)
        if not outcomes:
            continue
        stated = outcomes[:-1]
        total = sum(o.likelihood or 0 for o in stated)
        for o in stated:
            o.likelihood = round((o.likelihood or 0) / total * 0.9, 3) if total else 0.0
        while sum(o.likelihood or 0 for o in stated) > 1:
            stated[0].likelihood = round(max(0.0, stated[0].likelihood - 0.001), 3)
        outcomes[-1].likelihood = None
        outcomes[-1].remainder = True


def _add_links(doc: Document, rng: random.Random) -> None:
    """A few supports/attacks links from arguments to earlier consequences (never a cycle)."""
    consequences = [n for n in doc.nodes if n.kind is Kind.CONSEQUENCE and not n.remainder]
    arguments = [n for n in doc.nodes if n.kind in (Kind.PRO, Kind.CON)]
    position = {n.id: i for i, n in enumerate(doc.nodes)}
    links: list[Link] = []
    seen: set[tuple[str, str]] = set()
    for _ in range(max(1, len(doc.nodes) // 200)):
        if not consequences or not arguments:
            break
        source = rng.choice(arguments)
        target = rng.choice(consequences)
        if position[target.id] >= position[source.id] or (source.id, target.id) in seen:
            continue
        seen.add((source.id, target.id))
        kind = LinkKind.SUPPORTS if source.kind is Kind.PRO else LinkKind.ATTACKS
        links.append(Link(source=source.id, target=target.id, kind=kind))
    doc.links = links


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a synthetic argument map of N nodes.")
    parser.add_argument("n", type=int, help="number of nodes")
    parser.add_argument("-o", "--output", help="output file (default: generated-N.argmap.json)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error("N must be at least 1")
    from argmap.io import jsondoc

    out = args.output or f"generated-{args.n}.argmap.json"
    jsondoc.write(generate(args.n, args.seed), out)
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
