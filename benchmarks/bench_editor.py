"""The whole editor's speed on generated maps: the real MainWindow with all its docks.

    python benchmarks/bench_editor.py [--runs 5] [--sizes 1000,10000]

Runs offscreen and prints the median of several runs of each step, in milliseconds:
- open: File > Open of a saved map up to a painted window: canvas, docks and scores (first paint)
- add child: Tab on a node (new child, in-place editor opened) to a repainted canvas and new ranking
- likelihood: a likelihood change through the session to a repainted canvas and new ranking
- undo: undoing the likelihood change, to the same point
- paste N: pasting a copied branch of N nodes (about 5 % of the map) under its own parent
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path
from typing import Callable

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QEvent, QObject, QSettings, QStandardPaths  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from argmap.gui.clipboard import release_clipboard  # noqa: E402
from argmap.gui.mainwindow import MainWindow  # noqa: E402
from argmap.io import jsondoc  # noqa: E402
from argmap.model import Kind  # noqa: E402
from argmap.model.edits import SetLikelihood  # noqa: E402
from benchmarks.generate import generate  # noqa: E402
from benchmarks.timing import median_ms  # noqa: E402

TARGETS_MS = {1000: {"open": 500, "add child": 50, "likelihood": 50, "undo": 50},
              10000: {"open": 2000, "add child": 150, "likelihood": 150, "undo": 150}}


class _PaintCounter(QObject):
    """Counts the paint events a widget receives."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def _settle(window: MainWindow) -> None:
    """Run what the edit queued (scoring timer, repaints of every dock) until the canvas has painted."""
    counter = getattr(window, "_bench_paints", None)
    if counter is None:
        counter = window._bench_paints = _PaintCounter(window.canvas.viewport())
    before = counter.count
    QApplication.processEvents()
    if window.score_keeper.timer.isActive() or window.score_keeper.label_timer.isActive():
        window.recompute_scores()
        QApplication.processEvents()
    if counter.count == before:  # nothing was due on screen: paint now so that the step is complete
        window.canvas.viewport().repaint()


def bench(n: int, runs: int, folder: Path) -> dict[str, float]:
    path = folder / f"map-{n}.argmap.json"
    jsondoc.write(generate(n, seed=0), path)
    window = MainWindow(recovery_dir=folder / "recovery")
    window.resize(1500, 940)
    window.show()
    QApplication.processEvents()
    out: dict[str, float] = {}

    def open_map() -> None:
        assert window.files.open_path(path)
        _settle(window)
        assert window.scores is not None

    out["open"] = median_ms(open_map, runs)
    doc = window.session.document
    consequence = next(x for x in doc.nodes if x.kind is Kind.CONSEQUENCE and doc.depth(x.id) >= 2)

    def add_child() -> None:
        before = window.scores
        window.session.select(consequence.id)
        window.canvas.setFocus()
        window.edit_actions.do_add_child()
        _settle(window)
        assert window.scores is not before

    def close_editor() -> None:
        window.canvas._close_editor(commit=False)

    out["add child"] = median_ms(add_child, runs, close_editor)
    close_editor()
    values = iter([0.1, 0.9] * runs)

    def likelihood() -> None:
        before = window.scores
        window.session.apply(SetLikelihood(consequence.id, next(values)), "Likelihood")
        _settle(window)
        assert window.scores is not before

    out["likelihood"] = median_ms(likelihood, runs)

    def undo() -> None:
        window.session.undo()
        _settle(window)

    out["undo"] = median_ms(undo, runs)

    sizes = {x.id: len(doc.subtree_ids(x.id)) for x in doc.children(doc.root().id)[0:1]}
    for x in doc.walk(next(iter(sizes))):
        sizes[x.id] = len(doc.subtree_ids(x.id)) if x.kind is Kind.CONSEQUENCE else 0
    branch = min(sizes, key=lambda i: abs(sizes[i] - n // 20))
    window.session.select(branch)
    window.edit_actions.do_copy()

    def paste() -> None:
        window.session.select(branch)
        assert window.edit_actions.do_paste()
        _settle(window)

    out[f"paste {sizes[branch]}"] = median_ms(paste, runs)
    window.session.undo_stack.setClean()
    window.close()
    window.deleteLater()
    QApplication.processEvents()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", default="1000,10000")
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        QStandardPaths.setTestModeEnabled(True)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(Path(tmp) / "settings"))
        sizes = [int(s) for s in args.sizes.split(",")]
        results = {n: bench(n, args.runs, Path(tmp)) for n in sizes}
    print(f"MainWindow, median of {args.runs} runs, ms (target in brackets)")
    for n, row in results.items():
        steps = list(row)
        print(f"{'nodes':>8} " + " ".join(f"{s:>18}" for s in steps))
        cells = []
        for s in steps:
            target = TARGETS_MS.get(n, {}).get(s)
            mark = "" if target is None else (f" [{target}]" if row[s] <= target else f" [{target}]!")
            cells.append(f"{row[s]:>10.1f}{mark:>8}")
        print(f"{n:>8} " + " ".join(cells))
    release_clipboard()  # the offscreen clipboard crashes the process at exit while it holds the copied branch
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
