"""Canvas speed on generated maps: open and first paint, edit to repaint, full repaints.

    python benchmarks/bench_canvas.py [--runs 5] [--sizes 1000,10000]

Runs offscreen and prints the median of several runs of each step, in milliseconds:
- scene: build_scene alone from scratch (layout, cards, edges, links), text already measured
- open: build a MapCanvas for the document and grab its viewport (the first paint)
- add child / likelihood: apply the edit through the session and grab the repainted viewport
- fit: Fit to Window itself: choose the deepest fold level that reads, rebuild, fit (from all levels shown)
- paint fit / paint 100%: grab the whole viewport at fit-to-window and at 100 % zoom
- fit uncached: the fit-to-window paint with the far-out view's drawing cache dropped first
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Callable

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QEvent  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from argmap.gui.canvas import MapCanvas  # noqa: E402
from argmap.gui.session import Session  # noqa: E402
from argmap.model import Kind, Node  # noqa: E402
from argmap.model.edits import AddNode, SetLikelihood  # noqa: E402
from argmap.render.painter import qt_measure  # noqa: E402
from argmap.render.scene import build_scene  # noqa: E402
from benchmarks.generate import generate  # noqa: E402
from benchmarks.timing import median_ms  # noqa: E402

TARGETS_MS = {  # nodes -> step -> target
    1000: {"open": 500, "add child": 50, "likelihood": 50},
    10000: {"open": 2000, "add child": 150, "likelihood": 150, "paint fit": 30, "fit uncached": 30,
            "paint 100%": 30},
}


def bench(n: int, runs: int, app: QApplication) -> dict[str, float]:
    doc = generate(n)
    out: dict[str, float] = {}
    measure = qt_measure()
    build_scene(doc, measure=measure)
    out["scene"] = median_ms(lambda: build_scene(doc, measure=measure), runs)

    canvases: list[MapCanvas] = []

    times = []
    for _ in range(runs):
        session_doc = generate(n)
        measure.faces.clear()
        t = time.perf_counter()
        session = Session(session_doc)
        canvas = MapCanvas(session)
        canvas.resize(1600, 1000)
        canvas.show()
        canvas.viewport().grab()
        times.append((time.perf_counter() - t) * 1000)
        canvases.append(canvas)
    out["open"] = statistics.median(times)
    canvas = canvases.pop()
    for c in canvases:  # free the other canvases now, so they weigh on nothing below
        c.close()
        c.setParent(None)
        c.deleteLater()
    canvases.clear()
    app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()
    session = canvas.session
    app.processEvents()

    doc = session.document
    canvas.set_fold(None)  # the edits below are timed on the whole map, as before folding existed
    target = next(nd.id for nd in doc.walk() if nd.kind is Kind.CONSEQUENCE and nd.id in canvas.scene_data.by_id)
    canvas.center_on(target)
    counter = iter(range(10**9))

    def add_child() -> None:
        node = Node(id=f"bench{next(counter)}", kind=Kind.PRO, text="A new reason added while timing", parent=target)
        session.apply(AddNode(node), "Add")
        canvas.viewport().grab()

    out["add child"] = median_ms(add_child, runs)
    values = iter([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9] * 10)

    def set_likelihood() -> None:
        session.apply(SetLikelihood(target, next(values)), "Likelihood")
        canvas.viewport().grab()

    out["likelihood"] = median_ms(set_likelihood, runs)
    def fit() -> None:
        canvas.fit_to_window()

    out["fit"] = median_ms(fit, runs, setup=lambda: canvas.set_fold(None))
    canvas.viewport().grab()
    out["paint fit"] = median_ms(lambda: canvas.viewport().grab(), runs)
    # The same without the far-out view's cache (what the first paint after a zoom or an edit costs).
    out["fit uncached"] = median_ms(lambda: canvas.viewport().grab(), runs,
                                     setup=lambda: canvas._overview_item.update())
    canvas.set_zoom(1.0)
    canvas.center_on(target)
    canvas.viewport().grab()
    out["paint 100%"] = median_ms(lambda: canvas.viewport().grab(), runs)
    canvas.close()
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", default="1000,10000")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    gc.collect()
    gc.freeze()
    steps = ["scene", "open", "add child", "likelihood", "fit", "paint fit", "fit uncached", "paint 100%"]
    print(f"{'nodes':>7} " + " ".join(f"{s:>11}" for s in steps) + "   (ms, median; target in brackets)")
    for n in (int(s) for s in args.sizes.split(",")):
        result = bench(n, args.runs, app)
        cells = []
        for s in steps:
            target = TARGETS_MS.get(n, {}).get(s)
            cells.append(f"{result[s]:>6.1f}" + (f" [{target}]" if target else "").ljust(5))
        print(f"{n:>7} " + " ".join(f"{c:>11}" for c in cells))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
