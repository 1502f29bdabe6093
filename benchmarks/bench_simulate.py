"""Simulation times of generated maps: 10,000 samples of 1,000- and 10,000-node maps.

    python benchmarks/bench_simulate.py [--runs 5] [--sizes 1000,10000] [--samples 10000]

Every likelihood and strength of the generated map is drawn (triangular, ±0.2 around its value),
and one impact in ten from a uniform distribution over ±2 points around it, so the whole map varies.
Prints the median of several runs of `simulate(doc, samples)`, and how many chunks the samples
were drawn and scored in (at most CHUNK_BYTES of working arrays each; the memory plan, counted on
an empty run before drawing, is part of the time). Target: under 5 s for 10,000 samples of a
1,000-node map.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from argmap.model import Kind  # noqa: E402
from argmap.model.document import Distribution  # noqa: E402
from argmap.scoring.simulate import simulate  # noqa: E402
from benchmarks.generate import generate  # noqa: E402
from benchmarks.timing import median_seconds  # noqa: E402


def uncertain(n: int):
    """A generated map whose impacts are partly uncertain; returns it and how many inputs have a distribution."""
    doc = generate(n)
    count = 0
    for i, node in enumerate(doc.nodes):
        if node.kind in (Kind.CONSEQUENCE, Kind.OPTION) and node.impact and i % 10 == 0:
            pid, value = next(iter(node.impact.items()))
            lo, hi = max(doc.impact_scale.min, value - 2), min(doc.impact_scale.max, value + 2)
            node.uncertainty = {f"impact.{pid}": Distribution(kind="uniform", low=lo, high=hi)}
            count += 1
    return doc, count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--samples", type=int, default=10_000)
    args = parser.parse_args()
    print(f"{'nodes':>8} {'samples':>8} {'drawn':>7} {'chunks':>7} {'simulate s':>11} {'p_best of leader':>17}")
    for n in (int(s) for s in args.sizes.split(",")):
        doc, _ = uncertain(n)
        sim = simulate(doc, args.samples, seed=1, spread=0.2)
        drawn = sum(1 for nd in doc.nodes if nd.uncertainty) + sum(
            1 for nd in doc.nodes if (nd.kind is Kind.CONSEQUENCE and nd.likelihood is not None and not nd.remainder)
            or (nd.kind in (Kind.PRO, Kind.CON, Kind.EVIDENCE) and nd.strength is not None))
        seconds = median_seconds(lambda: simulate(doc, args.samples, seed=1, spread=0.2), args.runs)
        lead = max(sim.options, key=lambda o: o.p_best)
        chunks = getattr(sim, "chunks", 1)
        print(f"{n:>8} {args.samples:>8} {drawn:>7} {chunks:>7} {seconds:>11.2f} {lead.p_best:>17.1%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
