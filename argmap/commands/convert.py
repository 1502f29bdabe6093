"""`argmap convert IN OUT`: between the text and data formats, reading IN by its content."""

from __future__ import annotations

import argparse
import sys

from argmap.errors import ExportError

__all__ = ["register", "run"]

_TEXT = ("json", "argdown", "markdown")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("convert", help="convert a map between argmap JSON, Argdown, AIF, Kialo and graph formats",
                       description="Convert a map. IN is read by its content: argmap JSON, AIF JSON (AIFdb, OVA), "
                       "a Kialo .txt export or Argdown; the command says which it read. OUT's suffix names what to "
                       "write: .argmap.json, .argdown, .md, .aif.json, .graphml, .dot, or .csv (two files: "
                       "NAME.nodes.csv and NAME.links.csv). Use 'argmap export' for pictures.")
    p.add_argument("input", metavar="IN", help="the map to read (.argmap.json, .json, .argdown, .txt)")
    p.add_argument("output", metavar="OUT", help="the file to write")


def _warn(text: str) -> None:
    print(f"warning: {text}", file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    from argmap.io import NAMES, data_format, detect, read_with_diagnostics
    from argmap.render.exporter import export, format_of

    fmt = data_format(args.output)
    if fmt is None:
        fmt = format_of(args.output)
        if fmt not in _TEXT:
            raise ExportError(f"convert writes text formats; {args.output} is a picture.",
                              hint=f"Use 'argmap export {args.input} -o {args.output}'.")
    source = detect(args.input)
    if source == "markdown":
        raise ExportError("Markdown can be written but not read.",
                          hint="Convert from .argmap.json, .argdown, AIF JSON or a Kialo .txt export.")
    doc, diagnostics = read_with_diagnostics(args.input)
    for d in diagnostics:
        _warn(f"{args.input}: {d}" + (f" ({d.hint})" if d.hint else ""))
    print(f"{args.input}: read as {NAMES[source][1]}, {len(doc.nodes)} nodes, {len(doc.links)} cross-links"
          + (f", {len(diagnostics)} warnings" if diagnostics else ""))
    print(export(doc, args.output))  # export writes the data formats (AIF, GraphML, DOT, CSV) too
    return 0
