"""`argmap brief FILE --side OPTION [-o OUT]`: the debate brief for one side; `--pack`: the teacher's pack."""

from __future__ import annotations

import argparse
import os
import sys

__all__ = ["register", "run"]


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("brief", help="write the debate brief for one side, or the teacher's pack",
                       description="Write a debate brief for one option of the map: the motion, the side's case "
                       "at every depth, the attacks to expect with the map's rebuttals, the other sides' points, "
                       "the common ground and the numbers. With --pack, write the teacher's pack instead: the "
                       "lesson guide, a brief for every side, the glossary, the timeline and the fact-check sheet "
                       "(from the folder NAME.pack next to the map). Printed as Markdown, or written to OUT (.md or .pdf).")
    p.add_argument("file", metavar="FILE", help="the map (.argmap.json or .argdown)")
    p.add_argument("--side", metavar="OPTION", help="the option, by id or title")
    p.add_argument("--baseline", metavar="OPTION",
                   help="show each option's score against this option instead of the leader")
    p.add_argument("--pack", action="store_true", help="write the teacher's pack (no --side)")
    p.add_argument("-o", "--output", metavar="OUT", help="write to this .md or .pdf file instead of printing")
    p.add_argument("--page", choices=["a4", "letter"], default="a4", help="PDF page size (default a4)")
    p.add_argument("--orientation", choices=["portrait", "landscape"], default="portrait",
                   help="PDF page orientation (default portrait)")


def run(args: argparse.Namespace) -> int:
    from argmap.cli import UsageError
    from argmap.commands.export import _warn
    from argmap.render.exporter import read_input

    if args.pack and args.side:
        raise UsageError("give --side OPTION or --pack, not both")
    if not args.pack and not args.side:
        raise UsageError("brief needs --side OPTION (or --pack for the teacher's pack)")
    doc = read_input(args.file, _warn)
    if args.pack:
        return _pack(doc, args)
    if args.output is None:
        from argmap.io import brief

        sys.stdout.write(brief.brief(doc, args.side, baseline=args.baseline))
        return 0
    from argmap.render.exporter import ExportOptions, export, format_of

    if format_of(args.output) == "pdf":
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    options = ExportOptions(page=args.page, orientation=args.orientation, brief_side=args.side,
                            brief_baseline=args.baseline)
    print(export(doc, args.output, options))
    return 0


def _pack(doc, args: argparse.Namespace) -> int:
    from argmap.errors import ExportError, SourceRef
    from argmap.io import pack
    from argmap.render.exporter import format_of

    folder = pack.find_pack(doc, args.file)
    if folder is None:
        raise ExportError(f"{args.file}: no teacher's pack (looked for {pack.pack_dir(args.file)})",
                          hint="Put lesson.md, glossary.md, timeline.md and factcheck.md in that folder.")
    fmt = format_of(args.output) if args.output else "markdown"
    if fmt not in ("markdown", "pdf"):
        raise ExportError("A teacher's pack is written as Markdown (.md) or PDF (.pdf).",
                          hint="End the output name with .md or .pdf.", source=SourceRef(str(args.output)))
    text = pack.pack_markdown(doc, folder, baseline=args.baseline)
    if args.output is None:
        sys.stdout.write(text)
        return 0
    if fmt == "markdown":
        from argmap.io.jsondoc import write_bytes_atomic

        write_bytes_atomic(text.encode("utf-8"), args.output)
        print(f"{args.output}: teacher's pack (Markdown)")
        return 0
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from argmap.render.textpdf import write_markdown_pdf

    pages = write_markdown_pdf(text, args.output, page=args.page, orientation=args.orientation,
                               title=f"Teacher's pack: {doc.title or 'argument map'}")
    print(f"{args.output}: teacher's pack (PDF, {pages} pages)")
    return 0
