"""Tidy against compact layout on generated maps: layout time, drawing size, PNG and PDF export times.

    python benchmarks/bench_layout.py [--runs 3] [--sizes 1000,10000,20000] [--no-export]

Layout times are of the layout alone (cards measured once, beforehand; the garbage
collector off, as `build_scene` runs it). Export times are of `argmap export` at 1×
(reading aside): scoring, the scene, drawing and writing. A PNG above the size limit is
refused before anything is drawn; for those the table gives the largest scale that
fits and the time at that scale ("@0.87"). Medians of several runs.
"""

from __future__ import annotations

import argparse
import gc
import math
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from argmap.render.exporter import ExportOptions, export, with_view  # noqa: E402
from argmap.render.images import MAX_PIXELS, MAX_SIDE, ensure_gui, map_scene  # noqa: E402
from argmap.render.scene import place_cards  # noqa: E402
from benchmarks.generate import generate  # noqa: E402
from benchmarks.timing import median_seconds  # noqa: E402

LAYOUTS = (("tidy", "down"), ("compact", "compact"))  # name, --layout value


def _layout_seconds(scene, layout: str, runs: int) -> float:
    direction, children, sizes = scene._layout_input

    def run() -> None:
        gc.disable()
        try:
            place_cards(scene.root, children, sizes, direction, layout)
        finally:
            gc.enable()

    return median_seconds(run, runs)


def _fit(w: float, h: float) -> float:
    """1, or the largest scale (in hundredths) at which a w × h drawing makes a PNG under the limits."""
    if math.ceil(w) * math.ceil(h) <= MAX_PIXELS and max(w, h) <= MAX_SIDE:
        return 1.0
    return math.floor(min(1.0, math.sqrt(MAX_PIXELS / (w * h)), MAX_SIDE / max(w, h)) * 0.999 * 100) / 100


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", default="1000,10000,20000")
    parser.add_argument("--no-export", action="store_true", help="time the layouts only")
    args = parser.parse_args()
    ensure_gui()
    head = (f"{'map':>13} {'layout':>8} {'layout s':>9} {'drawing px':>17} {'Mpx':>7} {'aspect':>7}"
            f" {'png 1x s':>12} {'pdf s':>7}")
    print(head + "   (median of %d runs)" % args.runs)
    with tempfile.TemporaryDirectory() as tmp:
        for n in (int(x) for x in args.sizes.split(",") if x):
            doc = generate(n)
            for name, flag in LAYOUTS:
                view = with_view(doc, flag, None)
                scene = map_scene(view)
                seconds = _layout_seconds(scene, name, args.runs)
                b = scene.bounds
                png = pdf = "-"
                if not args.no_export:
                    scale = _fit(b.w, b.h)
                    options = ExportOptions(layout=flag, scale=scale)
                    t = median_seconds(lambda: export(doc, Path(tmp) / "map.png", options), args.runs)
                    png = f"{t:.2f}" if scale >= 1 else f"{t:.2f} @{scale:.2f}"
                    t = median_seconds(lambda: export(doc, Path(tmp) / "map.pdf", ExportOptions(layout=flag)),
                                       args.runs)
                    pdf = f"{t:.2f}"
                print(f"{n:>13,} {name:>8} {seconds:>9.3f} {f'{b.w:,.0f}×{b.h:,.0f}':>17} {b.w * b.h / 1e6:>7.1f}"
                      f" {b.w / b.h:>7.2f} {png:>12} {pdf:>7}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
