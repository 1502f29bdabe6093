"""Big maps, before and after: time and peak memory of show, score --json, SVG and PDF export.

    python benchmarks/bench_scale.py [--before COMMIT] [--runs 3] [--nodes 100000] [--depth 1000000]
                                     [--timeout 300] [--limit-gb 6] [--only show,svg,...] [--markdown]

Each case is the command line as a user runs it (`argmap show FILE`, `argmap score --json
FILE`, `argmap export FILE -o OUT.svg|.pdf`), in a fresh process, --runs times with the
package as it is and as often with the package of git commit --before (copied out of git into
a temporary folder), the two taking turns so that both meet the same load on the machine.
"s" is the median wall-clock time of the whole command (start, read, work, write, exit),
"cpu s" the median processor time it used (user and system: on a busy machine the wall clock
also counts the time other programs had the processor), "peak MB" the largest peak resident
memory of the runs (`resource` rusage of that one child, from os.wait4).

The maps: a generated map of --nodes nodes (benchmarks/generate.py: branching about 4,
texts of 5-25 words, weights filled) and chains of --nodes and --depth nodes (a question, an
option, then consequences each under the last: as deep as it is long). A run that takes
more than --timeout seconds is stopped and shown as "> N s"; one that needs more than
--limit-gb of address space fails and is shown as "> N GB" (show only: Qt's exports reserve
much more address space than they use, so they run without the limit). The old `show` on a
deep chain indents each line by its depth: on the --depth chain its output alone would be
about depth² bytes, so it is not run (shown as "not run") when --before has no `MAX_INDENT`.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if __package__ in (None, ""):
    sys.path.insert(0, str(ROOT))

#: The last commit before show, SVG and PDF export were made to scale (and before the text escaping).
BEFORE = "e17428c"

_CHILD = r"""
import os, resource, sys
limit = float(sys.argv[1])
if limit > 0:
    resource.setrlimit(resource.RLIMIT_AS, (int(limit * 2**30), int(limit * 2**30)))
sys.path.insert(0, sys.argv[2])
os.environ["QT_QPA_PLATFORM"] = "offscreen"
sink = open(os.devnull, "w")
sys.stdout = sink
from argmap.cli import main
try:
    code = main(sys.argv[3:])
except MemoryError:
    code = 99
sys.exit(code)
"""

CASES = {  # name -> (label, map, command, output suffix, memory-limited)
    "show": ("show, {nodes:,} nodes", "tree", ["show"], None, True),
    "show-chain": ("show, {nodes:,}-deep chain", "chain", ["show"], None, True),
    "show-deep": ("show, {depth:,}-deep chain", "deep", ["show"], None, True),
    "score": ("score --json, {nodes:,} nodes", "tree", ["score", "--json"], None, False),
    "svg": ("export .svg, {nodes:,} nodes", "tree", ["export"], ".svg", False),
    "pdf": ("export .pdf, {nodes:,} nodes", "tree", ["export"], ".pdf", False),
}


def write_chain(n: int, path: Path) -> None:
    """A map n nodes long and n levels deep, written straight as JSON (fast even for a million nodes)."""
    with open(path, "w", encoding="utf-8") as out:
        out.write('{"format": "argmap", "version": 2, "title": "Chain of %d", "question": "n0", "nodes": [\n' % n)
        out.write('{"id": "n0", "kind": "question", "text": "Which course?"},\n')
        out.write('{"id": "n1", "kind": "option", "parent": "n0", "text": "Go"}')
        for i in range(2, n):
            out.write(',\n{"id": "n%d", "kind": "consequence", "parent": "n%d", "text": "Step %d", "likelihood": 0.5}'
                      % (i, i - 1, i))
        out.write("\n]}\n")


def package_at(commit: str, folder: Path) -> Path:
    """The argmap package (and its resources) as they were at `commit`, copied into `folder`."""
    archive = subprocess.run(["git", "archive", "--format=tar", commit, "argmap", "resources"], cwd=ROOT,
                             check=True, capture_output=True).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    return folder


def run(code_root: Path, argv: list[str], timeout: float, limit_gb: float) -> tuple[float, float, float] | str:
    """(seconds, processor seconds, peak MB) of one command in a fresh process, or why it has none (a table cell)."""
    with tempfile.TemporaryFile() as errors:  # a file, not a pipe: a child that writes much never blocks
        start = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-c", _CHILD, str(limit_gb), str(code_root), *argv],
                                 stdout=subprocess.DEVNULL, stderr=errors, cwd=code_root)
        deadline = start + timeout
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)  # the usage of this one child
            if pid:
                seconds = time.perf_counter() - start
                child.returncode = os.waitstatus_to_exitcode(status)
                break
            if time.perf_counter() > deadline:
                child.kill()
                os.wait4(child.pid, 0)
                child.returncode = -9
                return f"> {timeout:.0f} s"
            time.sleep(0.05)
        errors.seek(0)
        err = errors.read().decode(errors="replace").strip().splitlines()
    if child.returncode == 0:
        return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024
    if limit_gb > 0 and (child.returncode == 99 or any("MemoryError" in line for line in err)):
        return f"> {limit_gb:g} GB"
    return f"failed ({err[-1][:60] if err else child.returncode})"


def cells(results: list[tuple[float, float, float] | str]) -> list[str]:
    """Median seconds, median processor seconds and the largest peak of several runs; or why a run failed."""
    failed = [r for r in results if isinstance(r, str)]
    if failed:
        return [failed[0], "-", "-"]
    wall, cpu, peak = zip(*results)  # type: ignore[misc]
    return [f"{statistics.median(wall):.1f}", f"{statistics.median(cpu):.1f}", f"{max(peak):,.0f}"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", default=BEFORE, help=f"the git commit to compare with (default {BEFORE})")
    parser.add_argument("--runs", type=int, default=3, help="runs of each case, before and after (medians)")
    parser.add_argument("--nodes", type=int, default=100_000)
    parser.add_argument("--depth", type=int, default=1_000_000)
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds before one run is stopped")
    parser.add_argument("--limit-gb", type=float, default=6.0, help="address space a show run may use")
    parser.add_argument("--only", default=",".join(CASES), help="cases to run: " + ", ".join(CASES))
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    args = parser.parse_args()
    chosen = [c for c in args.only.split(",") if c]
    unknown = [c for c in chosen if c not in CASES]
    if unknown:
        parser.error(f"unknown case(s): {', '.join(unknown)}")

    from argmap.io import jsondoc
    from benchmarks.generate import generate

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        before = package_at(args.before, work / "before")
        before_scales = "MAX_INDENT" in (before / "argmap" / "commands" / "show.py").read_text(encoding="utf-8")
        maps = {"tree": work / "tree.argmap.json", "chain": work / "chain.argmap.json",
                "deep": work / "deep.argmap.json"}
        needed = {CASES[c][1] for c in chosen}
        if "tree" in needed:
            jsondoc.write(generate(args.nodes), maps["tree"])
        if "chain" in needed:
            write_chain(args.nodes, maps["chain"])
        if "deep" in needed:
            write_chain(args.depth, maps["deep"])
        for name in chosen:
            label, which, command, suffix, limited = CASES[name]
            results: dict[str, list[tuple[float, float, float] | str]] = {"before": [], "after": []}
            for _ in range(args.runs):
                for code_root, when in ((before, "before"), (ROOT, "after")):
                    if when == "before" and name == "show-deep" and not before_scales:
                        continue
                    argv = [*command, str(maps[which])]
                    if suffix:
                        argv += ["-o", str(work / f"out-{when}{suffix}")]
                    results[when].append(run(code_root, argv, args.timeout, args.limit_gb if limited else 0.0))
                    for out in work.glob("out-*"):
                        out.unlink()
            shown = [cells(results[when]) if results[when] else ["not run", "-", "-"] for when in ("before", "after")]
            rows.append([label.format(nodes=args.nodes, depth=args.depth), *shown[0], *shown[1]])
            print(" | ".join(rows[-1]), file=sys.stderr, flush=True)

    head = ["case", "before s", "before cpu s", "before peak MB", "after s", "after cpu s", "after peak MB"]
    if args.markdown:
        print("| " + " | ".join(head) + " |")
        print("|---|" + "---:|" * (len(head) - 1))
        for row in rows:
            print("| " + " | ".join(row) + " |")
    else:
        widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
        for row in [head, *rows]:
            print("  ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths))))
    print(f"(before: commit {args.before}; after: this working tree; {args.runs} runs of each, in a fresh process:"
          " median s and cpu s, largest peak)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
