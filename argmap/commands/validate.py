"""`argmap validate FILE...`: check maps and report every problem."""

from __future__ import annotations

import argparse
import sys

from argmap.errors import ArgmapError, SourceRef
from argmap.model.loops import link_loops
from argmap.model.payoffs import blank_payoffs
from argmap.model.rules import check

__all__ = ["register", "run"]


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("validate", help="check map files and list every problem",
                       description="Check map files. Exit 0 when all are valid, 1 otherwise.")
    p.add_argument("files", nargs="+", metavar="FILE", help="a map file (.argmap.json)")


def run(args: argparse.Namespace) -> int:
    from argmap.io import read

    ok = True
    for path in args.files:
        shown = str(SourceRef(path=path))  # a file name may hold line breaks or terminal controls
        try:
            doc = read(path)
        except ArgmapError as exc:
            ok = False
            problems = getattr(exc, "problems", None)
            if problems and len(problems) > 1:
                for d in problems:
                    print(f"error: {shown}: {d}", file=sys.stderr)
            else:
                print(f"error: {exc}", file=sys.stderr)
            continue
        diagnostics = check(doc) + link_loops(doc) + blank_payoffs(doc)
        errors = [d for d in diagnostics if d.severity == "error"]
        for d in diagnostics:
            print(f"{d.severity}: {shown}: {d}", file=sys.stderr)
        if errors:
            ok = False
        else:
            warned = f", {len(diagnostics)} warning(s)" if diagnostics else ""
            print(f"{shown}: valid ({len(doc.nodes)} nodes{warned})")
    return 0 if ok else 1
