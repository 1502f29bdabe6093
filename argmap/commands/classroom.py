"""`argmap class handout|collect|report`: hand a map out to a class, collect the copies, report on them."""

from __future__ import annotations

import argparse
import json
import sys

from argmap.errors import ArgmapError, SourceRef

__all__ = ["register", "run"]

NAME = "class"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        NAME, help="hand a map out to a class, collect the students' copies, report on the class",
        description="The classroom on files: 'handout' writes the copy students weigh, 'collect' reads their "
        "copies into one class map with one weighing per student, 'report' writes the class report.")
    steps = p.add_subparsers(dest="step", metavar="STEP", parser_class=type(p))
    h = steps.add_parser("handout", help="write the copy students weigh",
                         description="Write a student copy of a map: the map with the author's values (none with "
                         "--blank), its tour and sources, no other weighings; the editor asks the student's name "
                         "when it opens.")
    h.add_argument("file", metavar="FILE", help="the map to hand out")
    h.add_argument("-o", "--output", metavar="OUT", required=True, help="the student copy (.argmap.json)")
    h.add_argument("--blank", action="store_true",
                   help="remove every likelihood, impact and strength so that students weigh from scratch")
    c = steps.add_parser("collect", help="read the students' copies into one class map",
                         description="Read every student copy into one class map with one weighing per student "
                         "(named after the copy's author, or else its file name) and the structural changes of "
                         "each copy as suggestions. A folder among FILES means every *.argmap.json in it. Files "
                         "that cannot be used are listed with the reason and left out.")
    c.add_argument("files", metavar="FILES", nargs="+", help="student copies, or folders of them")
    c.add_argument("-o", "--output", metavar="OUT", required=True, help="the class map to write (.argmap.json)")
    c.add_argument("--map", metavar="TEACHERS_MAP",
                   help="the map that was handed out (default: the first copy of the question most copies share)")
    c.add_argument("--keep-broken", action="store_true",
                   help="keep files with a problem where possible: a repeated name as 'Name (2)', impacts "
                   "outside the map's scale left out")
    r = steps.add_parser("report", help="write the class report (Markdown or PDF), or print it as JSON",
                         description="The class report: the class's ranking of the options, how each option's "
                         "scores spread, the inputs the class disagrees on most, the students' suggestions and "
                         "the files that were skipped.")
    r.add_argument("classmap", metavar="CLASSMAP", help="a class map written by 'argmap class collect'")
    r.add_argument("-o", "--output", metavar="OUT", help="the report to write: .md, .pdf (with charts) or .json")
    r.add_argument("--json", action="store_true", help="print the report's data as JSON")
    r.add_argument("--anonymous", action="store_true", help="show codes such as S-4F2A instead of names")


def run(args: argparse.Namespace) -> int:
    from argmap.cli import UsageError

    if args.step is None:
        raise UsageError("class needs a step: handout, collect or report (see 'argmap class --help')")
    return {"handout": _handout, "collect": _collect, "report": _report}[args.step](args)


def _check_output(path: str) -> None:
    if not path.lower().endswith(".json"):
        raise ArgmapError("a map is written as an .argmap.json file", hint="End the output name with .argmap.json.",
                          source=SourceRef(path=path))


def _handout(args: argparse.Namespace) -> int:
    from argmap.io import jsondoc, read
    from argmap.io.classroom import handout

    _check_output(args.output)
    doc = read(args.file)
    copy = handout(doc, blank=args.blank)
    jsondoc.write(copy, args.output)
    what = "removed" if args.blank else "kept as a starting point"
    print(f"{args.output}: student copy of '{doc.title or _question(doc)}' with the author's numbers {what}")
    return 0


def _question(doc) -> str:
    root = doc.root()
    return root.label if root is not None else "untitled map"


def _collect(args: argparse.Namespace) -> int:
    from argmap.cli import fail
    from argmap.io import jsondoc
    from argmap.io.classroom import collect, collect_report

    _check_output(args.output)
    teacher = None
    if args.map:
        from argmap.io import read

        teacher = read(args.map)
    # A class map written into the students' folder by an earlier run is not a student's copy.
    collected = collect(args.files, base=teacher, on_problem="keep" if args.keep_broken else "skip",
                        exclude=[args.output])
    for line in collect_report(collected):
        print(line)
    if not collected.kept:
        return fail(f"{args.output}: no student's copy could be collected; the class map was not written",
                    "Check the files listed as skipped.")
    jsondoc.write(collected.doc, args.output)
    print(f"{args.output}: class map with {len(collected.kept)} weighing{'s' if len(collected.kept) != 1 else ''}")
    return 0


def _report(args: argparse.Namespace) -> int:
    import os

    from argmap.cli import UsageError
    from argmap.io import jsondoc
    from argmap.render import classreport
    from argmap.scoring.classroom import class_view

    if not args.json and not args.output:
        raise UsageError("report needs -o OUT.md|OUT.pdf, or --json")
    doc = jsondoc.read(args.classmap)
    view = class_view(doc)
    if args.output:
        if args.output.lower().endswith(".pdf"):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        summary = classreport.write_report(doc, args.output, anonymous=args.anonymous, view=view)
        print(summary, file=sys.stderr if args.json else sys.stdout)
    if args.json:
        data = classreport.report_data(doc, view, anonymous=args.anonymous)
        sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n")
    return 0
