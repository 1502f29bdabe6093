"""Export times for the bundled scenario and generated maps of 1,000 / 10,000 nodes.

    python benchmarks/bench_export.py [--runs 3] [--sizes 1000,10000]

Prints the median of several runs of each format (each time includes scoring and
building the scene, as `argmap export` does). A PNG larger than the size limit is
refused before anything is drawn: the table shows the refusal time and "refused".
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from argmap.errors import ExportError  # noqa: E402
from argmap.io import jsondoc  # noqa: E402
from argmap.paths import bundled_scenario  # noqa: E402
from argmap.render.exporter import ExportOptions, export  # noqa: E402
from argmap.render.images import ensure_gui, map_scene  # noqa: E402
from benchmarks.generate import generate  # noqa: E402

FORMATS = [("png 1x", "map.png", ExportOptions()), ("png 2x", "map.png", ExportOptions(scale=2)),
           ("svg", "map.svg", ExportOptions()), ("pdf a4", "map.pdf", ExportOptions()),
           ("pdf fit", "map.pdf", ExportOptions(page="fit")), ("md", "map.md", ExportOptions()),
           ("argdown", "map.argdown", ExportOptions()), ("json", "map.argmap.json", ExportOptions())]


def _median(fn, runs: int) -> tuple[float, str]:
    times, note = [], ""
    for _ in range(runs):
        t = time.perf_counter()
        try:
            fn()
        except ExportError:
            note = "refused"
        times.append(time.perf_counter() - t)
    return statistics.median(times), note


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", default="1000,10000")
    args = parser.parse_args()
    ensure_gui()
    maps = [("scenario", jsondoc.read(bundled_scenario()))]
    maps += [(f"{int(n):,} nodes", generate(int(n))) for n in args.sizes.split(",") if n]
    names = [name for name, _, _ in FORMATS]
    print(f"{'map':>14} {'picture px':>18} " + " ".join(f"{n:>10}" for n in names) + "   (median seconds)")
    with tempfile.TemporaryDirectory() as tmp:
        for label, doc in maps:
            b = map_scene(doc).bounds
            cells = []
            for _, filename, options in FORMATS:
                path = Path(tmp) / filename
                seconds, note = _median(lambda: export(doc, path, options), args.runs)
                cells.append(f"{seconds:>10.2f}" if not note else f"{note[:4]} {seconds:>5.2f}")
            size = f"{b.w:,.0f}×{b.h:,.0f}"
            print(f"{label:>14} {size:>18} " + " ".join(f"{c:>10}" for c in cells))
    return 0


if __name__ == "__main__":
    sys.exit(main())
