"""Handing a map out to a class and collecting the students' copies into one class map.

- `handout(doc)`: the student copy: the author's values (or none, `blank`), no weighings,
  `handout` set so that the editor asks the student's name when it opens.
- `collect(paths)`: every student file read into one class map: the teacher's map (or the
  copy most files share the question of) plus one weighing per student, holding that
  student's values for the map's nodes and the structural changes of their copy as
  suggestions (`argmap.model.changes`). Files that cannot be used are listed with the reason
  in `Collected.skipped` and in the class map's `skipped`.
"""

from __future__ import annotations

import gc
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Literal

from argmap.errors import ArgmapError, DocumentError, SourceRef
from argmap.io import jsondoc
from argmap.model.changes import structural_changes
from argmap.model.document import Document, SkippedFile, Weighing
from argmap.model.rules import WEIGHTS
from argmap.model.weighings import now, strip_values, weighing_document

__all__ = ["Collected", "handout", "collect", "student_files", "student_name", "collect_report"]

Path_ = str | os.PathLike[str]
_LIKELY, _IMPACTED, _STRONG = WEIGHTS["likelihood"], WEIGHTS["impact"], WEIGHTS["strength"]


def handout(doc: Document, blank: bool = False) -> Document:
    """The copy a student weighs: the author's values (none when `blank`), the tour and the sources kept.

    The copy has no weighings and no author, and is marked as a handout, so the editor asks
    the student's name when it opens. `doc` is not changed.
    """
    copy = weighing_document(doc, None)
    copy.weighings = []
    copy.active_weighing = None
    copy.skipped = []
    copy.author = ""
    copy.handout = True
    if blank:
        strip_values(copy)
    return copy


@dataclass
class Collected:
    """A class map and what happened to each file."""

    #: The class map: the base map with one weighing per student (an empty map when nothing was readable).
    doc: Document
    #: Files left out, each with the reason (also in `doc.skipped`).
    skipped: list[SkippedFile] = field(default_factory=list)
    #: The file names of the students collected, in the order of their weighings.
    kept: list[str] = field(default_factory=list)
    #: Files kept despite a problem (keep mode), with what was done about it.
    notes: list[SkippedFile] = field(default_factory=list)
    #: File name -> more words on why it was skipped, for the collect report only: a skipped file's
    #: `reason` is kept in the class map and shown by anonymous reports, so it names no student.
    details: dict[str, str] = field(default_factory=dict)

    @property
    def students(self) -> list[Weighing]:
        return list(self.doc.weighings)


def student_files(paths: Iterable[Path_], exclude: Iterable[Path_] = ()) -> list[Path]:
    """The files to collect: each path, and for a folder every `*.argmap.json` in it (sorted by name).

    Paths in `exclude` (the output file, say) are left out of what folders give.
    """
    left_out = {Path(p).resolve() for p in exclude}
    out: list[Path] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            out.extend(f for f in sorted(path.glob("*" + jsondoc.SUFFIX)) if f.resolve() not in left_out)
        else:
            out.append(path)
    return out


def student_name(doc: Document, path: Path_) -> str:
    """Who a copy is by: its author, or else its file name without the suffix."""
    name = " ".join(doc.author.split())
    if name:
        return name
    file = Path(path).name
    for suffix in (jsondoc.SUFFIX, ".json"):
        if file.lower().endswith(suffix) and len(file) > len(suffix):
            return file[: -len(suffix)]
    return Path(file).stem or file


def _short(text: str, width: int = 50) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _reason(exc: ArgmapError) -> str:
    """An error's one line without the file name (the report names the file)."""
    where = exc.source.json_path if exc.source is not None else None
    return f"{where}: {exc.message}" if where else exc.message


def _question(doc: Document) -> tuple[str, str] | None:
    root = doc.root()
    return None if root is None else (root.id, " ".join(root.label.split()).casefold())


def _same_question(a: tuple[str, str], b: tuple[str, str]) -> bool:
    """Copies ask the same question unless both the question's id and its text differ."""
    return a[0] == b[0] or a[1] == b[1]


def _read(path: Path) -> Document | str:
    """The map in a file, or the reason it cannot be used."""
    try:
        doc = jsondoc.read(path)
    except DocumentError as exc:
        return _reason(exc)
    if doc.root() is None:
        return "the map is empty: it has no question"
    return doc


def _class_base(doc: Document, values_from_nodes: bool) -> Document:
    """A fresh class map from a map: its structure and one set of values, no weighings."""
    if values_from_nodes:
        base = doc.model_copy(deep=True)
        base.invalidate()
        base.author = ""
    else:
        base = weighing_document(doc, None)
    base.weighings = []
    base.active_weighing = None
    base.skipped = []
    base.handout = False
    return base


def _base_file(questions: dict[int, tuple[str, str]], sound: set[int]) -> int | None:
    """The file to start the class map from, by index: of the question most readable files share,
    the first file whose values are all in range (the first of them all if none is)."""
    best: list[int] = []
    for q in questions.values():
        group = [i for i, other in questions.items() if _same_question(q, other)]
        if len(group) > len(best):
            best = group
    return next((i for i in best if i in sound), best[0] if best else None)


def _in_range(doc: Document) -> bool:
    lo, hi = doc.impact_scale.min, doc.impact_scale.max
    return all(lo <= x <= hi for n in doc.nodes for x in n.impact.values())


@dataclass
class _Checks:
    """What the class map needs to take one student's values."""

    kinds: dict[str, object]
    perspectives: set[str]
    low: float
    high: float


def _student_values(student: Document, checks: _Checks) -> tuple[dict[str, dict], list[str]]:
    """The student's values for the class map's nodes (as plain data), and those out of the map's range.

    Values of nodes the class map lacks, of kinds that do not take them, or of unknown
    perspectives are left out (an added branch is kept as a change instead).
    """
    values: dict[str, dict] = {}
    out_of_range: list[str] = []
    for i, node in enumerate(student.nodes):
        if node.likelihood is None and node.strength is None and not node.impact:
            continue
        kind = checks.kinds.get(node.id)
        if kind is None:
            continue
        likelihood = node.likelihood if kind in _LIKELY else None
        strength = node.strength if kind in _STRONG else None
        impact: dict[str, float] = {}
        if kind in _IMPACTED:
            for pid, x in node.impact.items():
                if pid not in checks.perspectives:
                    continue
                if checks.low <= x <= checks.high:
                    impact[pid] = x
                else:
                    bound = (f"above the impact scale's maximum {checks.high:g}" if x > checks.high
                             else f"below the impact scale's minimum {checks.low:g}")
                    out_of_range.append(f"nodes[{i}].impact.{pid}: {x:g} is {bound}")
        if likelihood is not None or strength is not None or impact:
            values[node.id] = {"likelihood": likelihood, "impact": impact, "strength": strength}
    return values, out_of_range


def _files(paths: Iterable[Path_], exclude: Iterable[Path_], skipped: list[SkippedFile]) -> list[Path]:
    files: list[Path] = []
    exclude = list(exclude)
    for p in paths:
        if Path(p).is_dir():
            inside = student_files([p], exclude)
            if not inside:
                skipped.append(SkippedFile(file=str(p), reason=f"a folder with no *{jsondoc.SUFFIX} files in it"))
            files.extend(inside)
        else:
            files.append(Path(p))
    return files


def collect(paths: Iterable[Path_], base: Document | Path_ | None = None,
            on_problem: Literal["skip", "keep"] = "skip", exclude: Iterable[Path_] = ()) -> Collected:
    """Read every student file into one class map, with one weighing per student.

    The class map is `base` (the teacher's map, with the author's values) when given; else the
    first readable copy of the question most copies share (whose impacts are on its scale), with
    its values.
    Each student's weighing holds their values for the class map's nodes and, as `changes`,
    what their copy changed in its structure. A file is skipped, with a one-line reason, when it
    cannot be read as a map, asks another question (its question's id and text both differ),
    repeats a name or a file already collected, or has impacts outside the map's scale. With
    `on_problem="keep"`, a repeated name is kept as "Name (2)" and out-of-range impacts are
    left out, instead of skipping the file. Folders give their `*.argmap.json` files except those
    in `exclude` (the class map being written, say).
    """
    if on_problem not in ("skip", "keep"):
        raise ArgmapError(f"'{on_problem}' is not a way to handle a problem; expected 'skip' or 'keep'.")
    enabled = gc.isenabled()
    gc.disable()  # a class's weighings are many small objects: the collector would rescan them all again and again
    try:
        return _collect(paths, base, on_problem == "keep", exclude)
    finally:
        if enabled:
            gc.enable()


def _collect(paths: Iterable[Path_], base: Document | Path_ | None, keep: bool,
             exclude: Iterable[Path_]) -> Collected:
    folders: list[SkippedFile] = []
    files = _files(paths, exclude, folders)
    # Files are read one at a time (a class's copies need not fit in memory together), and
    # the reasons of those that cannot be read are kept for a second pass.
    reasons: dict[int, str] = {}
    if base is not None:
        teacher = base if isinstance(base, Document) else jsondoc.read(base)
        if teacher.root() is None:
            where = None if isinstance(base, Document) else SourceRef(path=str(base))
            raise DocumentError("the class map is empty: it has no question", hint="Give the map you handed out.",
                                source=where)
        return _gather(_class_base(teacher, False), files, keep, reasons, folders)
    # Without the teacher's map, the first readable copy starts the class map. That is the
    # right one unless most copies ask another question or its values are out of range: then
    # the copies are gathered again on the right one.
    first = None
    for i, f in enumerate(files):
        read = _read(f)
        if isinstance(read, Document):
            first = (i, read)
            break
        reasons[i] = read
    if first is None:
        return _gather(Document(), files, keep, reasons, folders)
    questions: dict[int, tuple[str, str]] = {}
    sound: set[int] = set()

    def seen(i: int, doc: Document) -> None:
        questions[i] = _question(doc)  # type: ignore[assignment]
        if _in_range(doc):
            sound.add(i)

    got = _gather(_class_base(first[1], True), files, keep, reasons, folders, seen, {first[0]: first[1]})
    chosen = _base_file(questions, sound)
    if chosen is None or chosen == first[0]:
        return got
    start = _read(files[chosen])
    if not isinstance(start, Document):  # the file changed since it was read
        return got
    return _gather(_class_base(start, True), files, keep, reasons, folders)


def _gather(class_map: Document, files: list[Path], keep: bool, reasons: dict[int, str],
            folders: list[SkippedFile], seen: Callable[[int, Document], None] | None = None,
            read: dict[int, Document] | None = None) -> Collected:
    """Add one weighing per usable file to `class_map`; `seen` is told of every readable copy."""
    read = dict(read or {})
    skipped = list(folders)
    notes: list[SkippedFile] = []
    details: dict[str, str] = {}
    question = _question(class_map)
    checks = _Checks({n.id: n.kind for n in class_map.nodes}, {p.id for p in class_map.perspectives},
                     class_map.impact_scale.min, class_map.impact_scale.max)
    names: dict[str, str] = {}  # casefolded name -> the file it came from
    listed: set[Path] = set()
    kept: list[str] = []
    made = now()
    for i, path in enumerate(files):
        file = path.name
        real = path.resolve()
        if real in listed:
            skipped.append(SkippedFile(file=file, reason="the same file is listed twice"))
            continue
        listed.add(real)
        student = reasons[i] if i in reasons else read.pop(i, None) or _read(path)
        if isinstance(student, str):
            reasons[i] = student
            skipped.append(SkippedFile(file=file, reason=student))
            continue
        if seen is not None:
            seen(i, student)
        theirs = _question(student)
        if question is None or theirs is None or not _same_question(theirs, question):
            root = student.root()
            skipped.append(SkippedFile(file=file, reason=(
                f"a map of another question ('{_short(root.label if root else '')}'; "
                f"the class map asks '{_short(class_map.root().label if class_map.root() else '')}')")))
            continue
        name = student_name(student, path)
        key = name.casefold()
        if key in names:
            if not keep:
                skipped.append(SkippedFile(file=file, reason="a duplicate student name"))
                details[file] = f"'{name}', as in {names[key]}"
                continue
            k = 2
            while f"{name} ({k})".casefold() in names:
                k += 1
            notes.append(SkippedFile(file=file, reason=f"the name '{name}' is taken by {names[key]}; "
                                                       f"kept as '{name} ({k})'"))
            name = f"{name} ({k})"
            key = name.casefold()
        values, out_of_range = _student_values(student, checks)
        if out_of_range:
            more = f" (and {len(out_of_range) - 1} more)" if len(out_of_range) > 1 else ""
            if not keep:
                skipped.append(SkippedFile(file=file, reason=out_of_range[0] + more))
                continue
            notes.append(SkippedFile(file=file, reason=f"{len(out_of_range)} impact(s) outside the map's scale "
                                                       f"left out, the first: {out_of_range[0]}"))
        names[key] = file
        weights = {p.id: p.weight for p in student.perspectives if p.id in checks.perspectives}
        class_map.weighings.append(Weighing.model_validate({
            "id": _weighing_id(len(kept) + 1), "name": name, "made": made, "file": file, "values": values,
            "weights": weights, "changes": structural_changes(class_map, student)}))
        kept.append(file)
    class_map.skipped = list(skipped)
    return Collected(class_map, skipped, kept, notes, details)


def _weighing_id(k: int) -> str:
    return f"s{k}"


def collect_report(collected: Collected) -> list[str]:
    """The collect report as lines: each student kept, each file skipped, then a summary."""
    lines: list[str] = []
    students = collected.students
    if students:
        width = max(len(w.name) for w in students)
        fwidth = max(len(w.file) for w in students)
        for w in students:
            n = len(w.values)
            c = len(w.changes)
            lines.append(f"kept     {w.name.ljust(width)}  {w.file.ljust(fwidth)}  "
                         f"{n} value{'s' if n != 1 else ''}, {c} structural change{'s' if c != 1 else ''}")
    for note in collected.notes:
        lines.append(f"note     {note.file}: {note.reason}")
    for s in collected.skipped:
        detail = collected.details.get(s.file)
        lines.append(f"skipped  {s.file}: {s.reason}" + (f" ({detail})" if detail else ""))
    k, m = len(students), len(collected.skipped)
    lines.append(f"{k} student{'s' if k != 1 else ''} collected, {m} file{'s' if m != 1 else ''} skipped.")
    return lines

