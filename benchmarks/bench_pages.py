"""Tiled PDF posters (`argmap export --tile`) of the bundled scenario and generated maps of 1,000 / 10,000 nodes.

    python benchmarks/bench_pages.py [--runs 3] [--sizes 1000,10000] [--page a4]

Prints the median of several runs: planning the tiles (from a built scene) and writing the
whole PDF (scoring, building the scene, planning and drawing every page, as the command does).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from argmap.io import jsondoc  # noqa: E402
from argmap.paths import bundled_scenario  # noqa: E402
from argmap.render import pages  # noqa: E402
from argmap.render.images import ensure_gui, map_scene  # noqa: E402
from benchmarks.generate import generate  # noqa: E402
from benchmarks.timing import median_seconds  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--page", default="a4", choices=sorted(pages.PAGES))
    args = parser.parse_args()
    ensure_gui()
    maps = [("scenario", jsondoc.read(bundled_scenario()))]
    maps += [(f"{int(n):,} nodes", generate(int(n))) for n in args.sizes.split(",") if n]
    print(f"{'map':>14} {'grid':>14} {'pages':>7} {'plan ms':>9} {'write s':>9} {'ms/page':>9} {'PDF MB':>8}"
          f"   (median of {args.runs}, {args.page})")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "poster.pdf"
        for label, doc in maps:
            scene = map_scene(doc)
            _, plan, orientation = pages.best_layout(scene, args.page, None)
            plan_s = median_seconds(lambda: pages.best_layout(scene, args.page, None), args.runs)
            write_s = median_seconds(lambda: pages.write_tiled_pdf(doc, out, page=args.page), args.runs)
            grid = f"{plan.columns} × {plan.rows} {orientation[0]}"
            print(f"{label:>14} {grid:>14} {plan.pages:>7,} {plan_s * 1000:>9.1f} {write_s:>9.2f} "
                  f"{write_s * 1000 / plan.pages:>9.2f} {out.stat().st_size / 1e6:>8.1f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
