"""`argmap brief FILE --side OPTION [-o OUT]`: the debate brief for one side, as Markdown or PDF."""

from __future__ import annotations

import argparse
import os
import sys

__all__ = ["register", "run"]


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("brief", help="write the debate brief for one side",
                       description="Write a debate brief for one option of the map: the motion, the side's case "
                       "strongest first, the attacks to expect, the rebuttals available and the numbers. "
                       "Printed as Markdown, or written to OUT (.md or .pdf).")
    p.add_argument("file", metavar="FILE", help="the map (.argmap.json or .argdown)")
    p.add_argument("--side", required=True, metavar="OPTION", help="the option, by id or title")
    p.add_argument("-o", "--output", metavar="OUT", help="write to this .md or .pdf file instead of printing")
    p.add_argument("--page", choices=["a4", "letter"], default="a4", help="PDF page size (default a4)")
    p.add_argument("--orientation", choices=["portrait", "landscape"], default="portrait",
                   help="PDF page orientation (default portrait)")


def run(args: argparse.Namespace) -> int:
    from argmap.commands.export import _warn
    from argmap.io import markdown
    from argmap.render.exporter import read_input

    doc = read_input(args.file, _warn)
    if args.output is None:
        sys.stdout.write(markdown.brief(doc, args.side))
        return 0
    from argmap.render.exporter import ExportOptions, export, format_of

    if format_of(args.output) == "pdf":
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    options = ExportOptions(page=args.page, orientation=args.orientation, brief_side=args.side)
    print(export(doc, args.output, options))
    return 0
