"""Scoring times of generated maps: 1,000 and 10,000 nodes.

    python benchmarks/bench_scoring.py [--runs 5] [--sizes 1000,10000] [--semantics df-quad]

Prints the median of several runs of each step:
- score: `score(doc)`, the full ranking with contributions and unweighed counts
- tornado: `sensitivity(doc)`, every likelihood, strength, impact and weight swung, flip points found
- edit+score: one likelihood changed by an edit (SetLikelihood), then the whole map scored again
- what-if: the same change through `Evaluation.what_if`, which recomputes only the nodes above it
- live edit: the same edit scored by `LiveScores` (as the editor does): only the nodes above it re-evaluated
- live add: a new consequence added under it, wired into the live scores without compiling the map again
Targets: score under 0.1 s and tornado under 2 s at 10,000 nodes.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from argmap.model import Kind  # noqa: E402
from argmap.model import Node  # noqa: E402
from argmap.model.edits import AddNode, SetLikelihood  # noqa: E402
from argmap.scoring import score, sensitivity  # noqa: E402
from argmap.scoring.evaluate import Evaluation  # noqa: E402
from argmap.scoring.graph import compile_graph  # noqa: E402
from argmap.scoring.live import LiveScores  # noqa: E402
from benchmarks.generate import generate  # noqa: E402
from benchmarks.timing import median_seconds  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--semantics", default="df-quad")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"{'nodes':>8} {'rows':>7} {'score ms':>9} {'tornado s':>10} {'edit+score ms':>14} {'what-if ms':>11} "
          f"{'live edit ms':>13} {'live add ms':>12}")
    for n in sizes:
        doc = generate(n)
        score(doc, args.semantics)  # warm up
        full = median_seconds(lambda: score(doc, args.semantics), args.runs)
        rows = len(sensitivity(doc, args.semantics).rows)
        tornado = median_seconds(lambda: sensitivity(doc, args.semantics), args.runs)
        # One edit: the deepest weighed consequence swings between two likelihoods.
        target = max((nd for nd in doc.nodes if nd.kind is Kind.CONSEQUENCE and nd.likelihood is not None),
                     key=lambda nd: doc.depth(nd.id))
        values = iter([0.2, 0.8] * args.runs)

        def edit_and_score() -> None:
            SetLikelihood(target.id, next(values)).apply(doc)
            score(doc, args.semantics)

        edit = median_seconds(edit_and_score, args.runs)
        graph = compile_graph(doc)
        ev = Evaluation(graph, args.semantics)
        i = graph.index[target.id]
        what_if = median_seconds(lambda: ev.what_if(base={i: 0.5}), max(args.runs, 50))
        live = LiveScores(doc, args.semantics)
        live.scores()

        def live_edit() -> None:
            edit = SetLikelihood(target.id, next(values))
            edit.apply(doc)
            live.changed(edit)
            live.scores()

        values = iter([0.2, 0.8] * args.runs)
        live_ms = median_seconds(live_edit, args.runs)
        added = iter(range(args.runs))

        def live_add() -> None:
            edit = AddNode(Node(id=f"bench-{next(added)}", kind=Kind.CONSEQUENCE, text="new", parent=target.id))
            edit.apply(doc)
            live.changed(edit)
            live.scores()

        add_ms = median_seconds(live_add, args.runs)
        print(f"{n:>8} {rows:>7} {full * 1e3:>9.1f} {tornado:>10.3f} {edit * 1e3:>14.1f} {what_if * 1e3:>11.3f} "
              f"{live_ms * 1e3:>13.1f} {add_ms * 1e3:>12.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
