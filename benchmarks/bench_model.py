"""Load, validate and save times of generated maps: 1,000 / 10,000 / 100,000 nodes.

    python benchmarks/bench_model.py [--runs 5] [--sizes 1000,10000,100000]

Prints the median of several runs of each step:
- load: read the file and build the validated Document (JSON parse, pydantic, structure checks)
- check: the rule checks `argmap validate` adds (kinds, weights, forks, citations, links)
- save: serialise and write atomically (temporary file, fsync, rename)
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from argmap.io import jsondoc  # noqa: E402
from argmap.model import check  # noqa: E402
from benchmarks.generate import generate  # noqa: E402
from benchmarks.timing import median_seconds  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", default="1000,10000,100000")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"{'nodes':>8} {'file MB':>8} {'load s':>8} {'check s':>8} {'load+check':>10} {'save s':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            path = Path(tmp) / f"g{n}.argmap.json"
            jsondoc.write(generate(n), path)
            size = path.stat().st_size / 1e6
            doc = jsondoc.read(path)
            load = median_seconds(lambda: jsondoc.read(path), args.runs)
            chk = median_seconds(lambda: check(doc), args.runs)
            out = Path(tmp) / "out.argmap.json"
            save = median_seconds(lambda: jsondoc.write(doc, out), args.runs)
            print(f"{n:>8} {size:>8.1f} {load:>8.3f} {chk:>8.3f} {load + chk:>10.3f} {save:>8.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
