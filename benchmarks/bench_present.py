"""Presentation mode and slides: time to build and draw a step, and to write the slides.

    python benchmarks/bench_present.py [--runs 5] [--sizes 1000,10000]

For the bundled scenario and generated maps, over the first, middle and last step of the
tour: building the step (what it reveals, laid out) and painting it at 1920 × 1080; then
writing all slides (scenario and maps up to 2,000 nodes). Medians of `--runs` runs.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QRectF  # noqa: E402
from PySide6.QtGui import QImage, QPainter  # noqa: E402

from argmap.io import jsondoc  # noqa: E402
from argmap.model.tour import effective_tour  # noqa: E402
from argmap.paths import bundled_scenario  # noqa: E402
from argmap.render.images import ensure_gui  # noqa: E402
from argmap.render.present import make_step, paint_step  # noqa: E402
from argmap.render.slides import write_slides  # noqa: E402
from argmap.scoring import score  # noqa: E402
from benchmarks.generate import generate  # noqa: E402
from benchmarks.timing import median_ms, median_seconds  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", default="1000,10000")
    args = parser.parse_args()
    ensure_gui()
    maps = [("scenario", jsondoc.read(bundled_scenario()))]
    maps += [(f"{int(n):,} nodes", generate(int(n))) for n in args.sizes.split(",") if n]
    image = QImage(1920, 1080, QImage.Format.Format_RGB32)
    print(f"{'map':>14} {'steps':>6} {'step':>6} {'cards':>6} {'build ms':>9} {'paint ms':>9} {'slides s':>9}")
    with tempfile.TemporaryDirectory() as tmp:
        for label, doc in maps:
            scores = score(doc)
            steps, _ = effective_tour(doc, scores)
            slides = ""
            if len(doc.nodes) <= 2000:
                out = Path(tmp) / "slides.pdf"
                slides = f"{median_seconds(lambda: write_slides(doc, out, scores=scores), max(1, args.runs // 2)):.2f}"
            for k in sorted({0, len(steps) // 2, len(steps) - 1}):
                build = median_ms(lambda: make_step(doc, scores, steps, k), args.runs)
                step = make_step(doc, scores, steps, k)

                def paint() -> None:
                    painter = QPainter(image)
                    paint_step(painter, QRectF(0, 0, 1920, 1080), step, numbers=True)
                    painter.end()

                drawn = median_ms(paint, args.runs)
                print(f"{label:>14} {len(steps):>6} {k + 1:>6} {len(step.scene.cards):>6} {build:>9.1f} "
                      f"{drawn:>9.1f} {slides:>9}")
                slides = ""
    return 0


if __name__ == "__main__":
    sys.exit(main())
