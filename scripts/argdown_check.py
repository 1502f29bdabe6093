"""Compare what Argdown itself reads from a file with what it reads after argmap imported and exported it.

Development check, not a test: it needs Argdown's command line (`npm install --prefix
/tmp/argdown-cli @argdown/cli`). For each file, Argdown's JSON of the original and of
argmap's export (`argdown.loads` then `argdown.dumps`) are compared by statements,
arguments (with their premise-conclusion structures) and relations, and one table row
is printed per file:

    .venv/bin/python scripts/argdown_check.py [FILES...] [--argdown PATH] [-v]

Without FILES it checks tests/io/argdown/*.argdown. The command line is found by
--argdown, else $ARGDOWN, else /tmp/argdown-cli/node_modules/.bin/argdown.

Statements are matched by their text (untitled statements get titles on export), the
others by title; a relation by its type and the two ends it joins.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from argmap.errors import ArgmapError
from argmap.io import argdown

DEFAULT_CLI = "/tmp/argdown-cli/node_modules/.bin/argdown"


def argdown_json(cli: str, path: Path, work: Path) -> dict[str, Any] | str:
    """Argdown's JSON of a file, or its error text."""
    out = work / "out"
    out.mkdir(exist_ok=True)
    result = subprocess.run([cli, "json", str(path), str(out)], capture_output=True, text=True, timeout=120,
                            check=False)
    produced = out / (path.stem + ".json")
    if result.returncode != 0 or not produced.exists():
        lines = [ln for ln in (result.stdout + result.stderr).splitlines() if ln.strip()]
        return " ".join(lines[1:3])[:160] or f"exit {result.returncode}"
    data = json.loads(produced.read_text(encoding="utf-8"))
    produced.unlink()
    return data


def _norm(text: str | None) -> str:
    return " ".join((text or "").split())


def summary(data: dict[str, Any]) -> dict[str, set]:
    """Statements, arguments, structures and relations of Argdown's JSON, keyed so two files compare."""
    names: dict[tuple[str, str], str] = {}
    statements = set()
    for title, ec in data.get("statements", {}).items():
        texts = [_norm(m.get("text")) for m in ec.get("members", []) if _norm(m.get("text"))]
        key = texts[0] if texts else f"[{title}]"
        names[("statement", title)] = key
        statements.add(key)
    arguments = set()
    for title, arg in data.get("arguments", {}).items():
        texts = [_norm(m.get("text")) for m in arg.get("members", []) if _norm(m.get("text"))]
        key = f"<{title}>" if not title.startswith("Untitled") or not texts else f"<{texts[0]}>"
        names[("argument", title)] = key
        arguments.add(key)
    structures = set()
    for title, arg in data.get("arguments", {}).items():
        steps = []
        for item in arg.get("pcs", []):
            inference = item.get("inference") or {}
            if inference:
                steps.append(("inference", tuple(inference.get("inferenceRules", [])),
                              json.dumps(inference.get("data", {}), sort_keys=True)))
            steps.append((item.get("role"), names.get(("statement", item.get("title")), item.get("title"))))
        if steps:
            structures.add((names[("argument", title)], tuple(steps)))

    def end(title: str, kind: str) -> str:
        if kind == "argument" or kind == "inference":
            return f"{kind}:{names.get(('argument', title), title)}"
        return names.get(("statement", title), title)

    relations = set()
    for rel in data.get("relations", []):
        relations.add((rel["relationType"], end(rel["from"], rel["fromType"]), end(rel["to"], rel["toType"])))
    return {"statements": statements, "arguments": arguments, "structures": structures, "relations": relations}


def check(cli: str, path: Path, verbose: bool) -> tuple[str, ...]:
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        original = argdown_json(cli, path, work)
        if isinstance(original, str):
            return (path.name, f"Argdown refuses the original: {original}")
        try:
            text = argdown.dumps(argdown.read(path))
        except ArgmapError as err:
            return (path.name, f"argmap: {err}")
        exported = work / path.name
        exported.write_text(text, encoding="utf-8")
        back = argdown_json(cli, exported, work)
        if isinstance(back, str):
            return (path.name, f"Argdown refuses argmap's export: {back}")
    a, b = summary(original), summary(back)
    row = [path.name]
    for part in ("statements", "arguments", "structures", "relations"):
        row.append(f"{len(a[part] & b[part])}/{len(a[part])}" + (f" +{len(b[part] - a[part])}" if b[part] - a[part] else ""))
        if verbose:
            for item in sorted(a[part] - b[part], key=str):
                print(f"  {path.name}: {part} lost: {item}")
            for item in sorted(b[part] - a[part], key=str):
                print(f"  {path.name}: {part} added: {item}")
    return tuple(row)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--argdown", default=os.environ.get("ARGDOWN", DEFAULT_CLI), help="Argdown's command line")
    parser.add_argument("-v", "--verbose", action="store_true", help="list what was lost or added")
    args = parser.parse_args(argv)
    if not Path(args.argdown).exists():
        print(f"error: Argdown's command line is not at {args.argdown}", file=sys.stderr)
        print("hint: npm install --prefix /tmp/argdown-cli @argdown/cli, or give --argdown PATH", file=sys.stderr)
        return 2
    files = args.files or sorted((ROOT / "tests" / "io" / "argdown").glob("*.argdown"))
    header = ("file", "statements", "arguments", "structures", "relations")
    rows = [check(args.argdown, path, args.verbose) for path in files]
    print("kept/original (+ added) after Argdown -> argmap -> Argdown, as Argdown reads both")
    widths = [max(len(r[i]) for r in rows + [header] if len(r) > i) for i in range(len(header))]
    for row in [header] + rows:
        if len(row) == 2:
            print(f"{row[0]:<{widths[0]}}  {row[1]}")
        else:
            print("  ".join(f"{cell:<{w}}" for cell, w in zip(row, widths)))
    full = [r for r in rows if len(r) == len(header)]
    totals = ["total"]
    for i in range(1, len(header)):
        kept = sum(int(r[i].split("/")[0]) for r in full)
        orig = sum(int(r[i].split("/")[1].split()[0]) for r in full)
        added = sum(int(r[i].split("+")[1]) for r in full if "+" in r[i])
        totals.append(f"{kept}/{orig}" + (f" +{added}" if added else ""))
    print("  ".join(f"{cell:<{w}}" for cell, w in zip(totals, widths)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
