"""`argmap export FILE -o OUT`: a picture (PNG, SVG, PDF), a document (Markdown, debate brief) or data."""

from __future__ import annotations

import argparse
import os
import sys

__all__ = ["register", "run"]


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "export", help="export a map as PNG, SVG, PDF, Markdown, Argdown, argmap JSON, AIF, GraphML, DOT or CSV",
        description="Export a map. The format follows OUT's suffix: .png .svg .pdf (pictures drawn like the "
        "editor's canvas), .md (outline), .argdown, .argmap.json, and data for other tools: .aif.json (AIF), "
        ".graphml, .dot (Graphviz), .csv (NAME.nodes.csv and NAME.links.csv). With --brief --side OPTION, write the "
        "debate brief for that side as .md or .pdf.")
    p.add_argument("file", metavar="FILE", help="the map (.argmap.json or .argdown)")
    p.add_argument("-o", "--output", required=True, metavar="OUT", help="the file to write")
    p.add_argument("--scale", type=float, default=None, help="PNG: device pixels per map pixel (default 1)")
    p.add_argument("--dpi", type=float, default=None, help="PNG: resolution instead of --scale (96 dpi = scale 1)")
    p.add_argument("--transparent", action="store_true", help="PNG, SVG: no background")
    p.add_argument("--page", choices=["a4", "letter", "fit"], default=None,
                   help="PDF: fit the map to an A4 or Letter page, or make one page the map's size (default a4)")
    p.add_argument("--orientation", choices=["portrait", "landscape"], default=None,
                   help="PDF: page orientation (default: by the map's shape; portrait for a brief)")
    p.add_argument("--branch", metavar="NODE_ID", help="pictures: draw only this node and what hangs under it")
    p.add_argument("--layout", choices=["compact", "down", "right"], default=None,
                   help="pictures: compact (leaves packed in columns), down or right (tidy tree); default: the map's own")
    p.add_argument("--fold", default=None, metavar="N",
                   help="pictures: show levels 1 to N (1-9) and fold the rest, or 'all'; default: the map's own")
    p.add_argument("--tile", action="store_true",
                   help="PDF: split the map over as many --page pages as keep text at 9 pt or more, "
                   "with an overview page first")
    p.add_argument("--slides", action="store_true", help="PDF: the presentation's tour as 16:9 slides")
    p.add_argument("--brief", action="store_true", help="write the debate brief for --side (as .md or .pdf)")
    p.add_argument("--side", metavar="OPTION", help="the option (id or title) whose brief to write")


def _check(args: argparse.Namespace, fmt: str) -> None:
    from argmap.cli import UsageError
    from argmap.render.exporter import ALL_LEVELS

    if args.scale is not None and args.dpi is not None:
        raise UsageError("give --scale or --dpi, not both")
    if args.brief and not args.side:
        raise UsageError("--brief needs --side OPTION")
    if args.side and not args.brief:
        raise UsageError("--side is for --brief")
    for flag, value, formats in (("--scale", args.scale, ("png",)), ("--dpi", args.dpi, ("png",)),
                                 ("--transparent", args.transparent or None, ("png", "svg")),
                                 ("--page", args.page, ("pdf",)), ("--orientation", args.orientation, ("pdf",)),
                                 ("--branch", args.branch, ("png", "svg", "pdf")),
                                 ("--layout", args.layout, ("png", "svg", "pdf")),
                                 ("--fold", args.fold, ("png", "svg", "pdf")),
                                 ("--tile", args.tile or None, ("pdf",)), ("--slides", args.slides or None, ("pdf",))):
        if value is not None and (fmt not in formats or (args.brief and flag not in ("--page", "--orientation"))):
            raise UsageError(f"{flag} does not apply to {'a brief' if args.brief else 'a ' + fmt + ' export'}")
    if args.fold is not None:
        text = str(args.fold).strip().lower()
        if text not in ("all", *map(str, range(1, 10))):
            raise UsageError(f"--fold must be a level from 1 to 9 or 'all', not '{args.fold}'")
        args.fold = ALL_LEVELS if text == "all" else int(text)
    if args.tile and args.slides:
        raise UsageError("give --tile or --slides, not both")
    if args.slides and (args.branch or args.page == "fit"):
        raise UsageError("--slides takes the whole map on 16:9 pages: drop --branch and --page fit")
    if args.tile and args.page == "fit":
        raise UsageError("--tile needs --page a4 or letter")
    for flag, value in (("--scale", args.scale), ("--dpi", args.dpi)):
        if value is not None and not value > 0:
            raise UsageError(f"{flag} must be above 0")


def _warn(text: str) -> None:
    print(f"warning: {text}", file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    from argmap.io import data_format
    from argmap.render.exporter import PICTURES, ExportOptions, export, format_of, read_input

    data = data_format(args.output)
    fmt = data or format_of(args.output)
    _check(args, fmt)
    if data is not None and args.brief:
        from argmap.errors import ExportError

        raise ExportError("A debate brief is written as Markdown (.md) or PDF (.pdf).",
                          hint="End the output name with .md or .pdf.")
    if fmt in PICTURES:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before Qt is imported: no display needed
    doc = read_input(args.file, _warn)
    options = ExportOptions(scale=args.scale or 1.0, dpi=args.dpi, transparent=args.transparent,
                            page=args.page or "a4", orientation=args.orientation, branch=args.branch,
                            brief_side=args.side if args.brief else None, layout=args.layout, fold=args.fold,
                            tile=args.tile, slides=args.slides)
    print(export(doc, args.output, options), file=sys.stdout)
    return 0
