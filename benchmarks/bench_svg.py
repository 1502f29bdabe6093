"""SVG export of generated maps: time, peak memory and size, against the old QSvgGenerator path and Argdown.

    python benchmarks/bench_svg.py [--sizes 1000,10000,20000] [--runs 3] [--old-sizes 1000,5000]
                                   [--argdown /tmp/argdown/node_modules/.bin/argdown] [--argdown-sizes 1000,5000]

Each export runs in a fresh subprocess, so its peak memory (ru_maxrss) is its own:
"write s" is the median time of `images.write_svg` over --runs runs on one built scene,
"scene MB" that process's peak before the first write and "peak MB" its peak at the end;
"export s" and "export MB" are the time and peak of a whole export of the file in
another process (read, score, lay out, write, as `argmap export` does).

The old path is `images.write_svg` as it was before the direct writer (it painted the
scene through Qt's QSvgGenerator); it is loaded from git (commit OLD_COMMIT), not kept in
the package. Argdown's bytes come from its command line (`argdown map FILE DIR --format svg`,
Graphviz layout) run on `argmap convert`'s Argdown of the same map, when --argdown is given.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OLD_COMMIT = "5ef2531"  # the last commit whose images.write_svg used QSvgGenerator

_CHILD = r"""
import json, os, resource, statistics, sys, time, types
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
path, out, runs, which, old_source = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
from argmap.io import jsondoc
from argmap.render import images
from argmap.render.exporter import export

def peak():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

if which == "export":
    start = time.perf_counter()
    export(jsondoc.read(path), out)
    print(json.dumps({"seconds": time.perf_counter() - start, "peak": peak(), "bytes": os.path.getsize(out)}))
    sys.exit(0)
doc = jsondoc.read(path)
scene = images.map_scene(doc)
write = images.write_svg
if which == "old":
    module = types.ModuleType("argmap.render._images_before")
    module.__file__ = "images.py (" + old_source + ")"
    exec(compile(open(old_source, encoding="utf-8").read(), module.__file__, "exec"), module.__dict__)
    write = module.write_svg
before = peak()
times = []
for _ in range(runs):
    start = time.perf_counter()
    write(scene, out, title=doc.title)
    times.append(time.perf_counter() - start)
print(json.dumps({"seconds": statistics.median(times), "scene_peak": before, "peak": peak(),
                  "bytes": os.path.getsize(out), "cards": len(scene.cards)}))
"""


def _child(args: list[str], timeout: float) -> dict | None:
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    try:
        done = subprocess.run([sys.executable, "-c", _CHILD, *args], capture_output=True, text=True, env=env,
                              timeout=timeout)
    except subprocess.TimeoutExpired:
        return None
    if done.returncode != 0:
        print(done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"exit {done.returncode}",
              file=sys.stderr)
        return None
    return json.loads(done.stdout.strip().splitlines()[-1])


def _argdown_bytes(argdown: str, doc_path: Path, work: Path, timeout: float) -> tuple[int, float] | None:
    """The size of Argdown's SVG of the map and the seconds it took, or None when it fails or times out."""
    source = work / (doc_path.name.replace(".argmap.json", "") + ".argdown")
    subprocess.run([sys.executable, "-m", "argmap", "convert", str(doc_path), str(source)], check=True,
                   capture_output=True, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    out = work / "argdown-svg"
    out.mkdir(exist_ok=True)
    start = time.perf_counter()
    try:
        subprocess.run([argdown, "map", str(source), str(out), "--format", "svg"], check=True, capture_output=True,
                       timeout=timeout)
    except (subprocess.TimeoutExpired, subprocess.CalledProcessError, OSError):
        return None
    svgs = list(out.glob(source.stem + "*.svg"))
    return (svgs[0].stat().st_size, time.perf_counter() - start) if svgs else None


def _sizes(text: str) -> list[int]:
    return [int(n) for n in text.split(",") if n]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,20000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--old-sizes", default="1000", help="sizes to time the old QSvgGenerator path at")
    parser.add_argument("--argdown", help="the Argdown command line (argdown), to measure its SVG's bytes")
    parser.add_argument("--argdown-sizes", default="1000,5000")
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds before one run is given up")
    args = parser.parse_args()
    sizes, old_sizes = _sizes(args.sizes), _sizes(args.old_sizes)
    argdown_sizes = _sizes(args.argdown_sizes) if args.argdown else []

    rows = []
    argdowns: dict[int, tuple[int, float] | None] = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        old_source = work / "images_before.py"
        try:
            old_source.write_bytes(subprocess.run(["git", "show", f"{OLD_COMMIT}:argmap/render/images.py"], cwd=ROOT,
                                                  check=True, capture_output=True).stdout)
        except (subprocess.CalledProcessError, OSError):
            old_sizes = []
            print(f"(the old path could not be read from git commit {OLD_COMMIT})", file=sys.stderr)
        for n in sorted(set(sizes) | set(old_sizes) | set(argdown_sizes)):
            doc_path = work / f"map{n}.argmap.json"
            subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), str(n), "-o", str(doc_path)],
                           check=True, capture_output=True)
            if n in argdown_sizes:
                argdowns[n] = _argdown_bytes(args.argdown, doc_path, work, args.timeout)
            argdown = argdowns.get(n)
            for which in ("new", "old"):
                if (which == "new" and n not in sizes) or (which == "old" and n not in old_sizes):
                    continue
                out = work / f"map{n}-{which}.svg"
                runs = args.runs if which == "new" else 1
                result = _child([str(doc_path), str(out), str(runs), which, str(old_source)], args.timeout)
                export = _child([str(doc_path), str(out), "1", "export", ""], args.timeout) if which == "new" else None
                rows.append((n, which, result, export, argdown))
                out.unlink(missing_ok=True)

    print(f"{'nodes':>7} {'writer':>13} {'write s':>8} {'scene MB':>9} {'peak MB':>8} {'export s':>9} "
          f"{'export MB':>10} {'bytes':>12} {'bytes/node':>10} {'argdown':>12} {'ratio':>6}")
    for n, which, result, export, argdown in rows:
        name = "direct" if which == "new" else "QSvgGenerator"
        if result is None:
            print(f"{n:>7,} {name:>13} {'failed or timed out':>30}")
            continue
        ad = f"{argdown[0]:>12,}" if argdown else f"{'-':>12}"
        ratio = f"{result['bytes'] / argdown[0]:>6.2f}" if argdown else f"{'-':>6}"
        total = f"{export['seconds']:>9.2f} {export['peak']:>10.0f}" if export else f"{'-':>9} {'-':>10}"
        print(f"{n:>7,} {name:>13} {result['seconds']:>8.2f} {result['scene_peak']:>9.0f} {result['peak']:>8.0f} "
              f"{total} {result['bytes']:>12,} {result['bytes'] / n:>10.0f} {ad} {ratio}")
    for n, argdown in sorted(argdowns.items()):
        made = f"{argdown[0]:,} bytes ({argdown[0] / n:,.0f} a node) in {argdown[1]:.0f} s" if argdown else \
            f"no SVG (failed, or gave up after {args.timeout:.0f} s)"
        print(f"Argdown at {n:,} nodes: {made}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
