"""`argmap convert IN OUT`: between the text formats (argmap JSON, Argdown; Markdown as output)."""

from __future__ import annotations

import argparse

from argmap.errors import ExportError

__all__ = ["register", "run"]

_TEXT = ("json", "argdown", "markdown")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("convert", help="convert a map between argmap JSON, Argdown and Markdown",
                       description="Convert a map between text formats, by suffix: .argmap.json and .argdown "
                       "(read and write), .md (write only). Use 'argmap export' for pictures.")
    p.add_argument("input", metavar="IN", help="the map to read (.argmap.json, .argdown, .ad)")
    p.add_argument("output", metavar="OUT", help="the file to write (.argmap.json, .argdown, .ad, .md)")


def run(args: argparse.Namespace) -> int:
    from argmap.commands.export import _warn
    from argmap.render.exporter import export, format_of, read_input

    fmt = format_of(args.output)
    if fmt not in _TEXT:
        raise ExportError(f"convert writes text formats; {args.output} is a picture.",
                          hint=f"Use 'argmap export {args.input} -o {args.output}'.")
    if format_of(args.input) == "markdown":
        raise ExportError("Markdown can be written but not read.", hint="Convert from .argmap.json or .argdown.")
    doc = read_input(args.input, _warn)
    print(export(doc, args.output))
    return 0
