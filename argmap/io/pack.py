"""The teacher's pack of a map (no Qt): the lesson guide, a debate brief for every side, the glossary,
the timeline and the fact-check sheet, as one Markdown document.

A map `NAME.argmap.json` keeps its pack in the folder `NAME.pack/` beside it, with four files:
`lesson.md`, `glossary.md`, `timeline.md` and `factcheck.md`. The sheet printed from `factcheck.md`
is followed by every node the map tags `fact-check`, with its note, so the two agree; the pack ends
with the map's `reading` nodes, what the map adds to the source.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from argmap.errors import ArgmapError, NotFoundError, SourceRef
from argmap.io.brief import correction
from argmap.io.markdown import escape
from argmap.model.document import Document, Kind, Node
from argmap.model.markers import FACT_CHECK, READING, marker_help

__all__ = ["FILES", "pack_dir", "find_pack", "pack_markdown"]

#: The pack's files, in the order the pack prints them, and what each must hold.
FILES: dict[str, str] = {
    "lesson.md": "the lesson guide ('# Lesson guide: TITLE', then '## Goal', '## Plan (45 minutes)' and '## Roles')",
    "glossary.md": "the glossary ('# Glossary', then one '## TERM' section per term)",
    "timeline.md": "the timeline ('# Timeline', then one '## YYYY-MM-DD — event' section per event)",
    "factcheck.md": "the fact-check sheet ('# Fact check', then one '## SLIP' section per slip)",
}

_MAP_SUFFIXES = (".argmap.json", ".json", ".argdown", ".ad")
_HEADING = re.compile(r"^(#{1,5})(\s)")
_FENCE = re.compile(r"^\s*(```|~~~)")


def pack_dir(path: str | os.PathLike[str]) -> Path:
    """Where a map file's pack belongs: `NAME.pack/` beside `NAME.argmap.json`."""
    p = Path(path)
    name = p.name
    for suffix in _MAP_SUFFIXES:
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
            break
    return p.with_name(name + ".pack")


def find_pack(doc: Document, path: str | os.PathLike[str] | None) -> Path | None:
    """The pack folder of a map: the one beside its file, else that of the bundled map it is a copy of, else None.

    The editor opens a bundled map as an untitled copy, so a map with no file of its own, or
    none beside it, takes the pack of the bundled scenario whose title and question it shares.
    """
    if path is not None and pack_dir(path).is_dir():
        return pack_dir(path)
    from argmap.io import jsondoc
    from argmap.paths import SCENARIOS

    question = doc.root()
    for bundled in sorted(SCENARIOS.glob("*.argmap.json")):
        folder = pack_dir(bundled)
        if not folder.is_dir():
            continue
        try:
            other = jsondoc.read(bundled)
        except ArgmapError:
            continue
        root = other.root()
        if other.title == doc.title and question is not None and root is not None and root.text == question.text:
            return folder
    return None


def _read(folder: Path, name: str) -> str:
    path = folder / name
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise NotFoundError(f"The teacher's pack has no {name}; it should hold {FILES[name]}.",
                            hint=f"Add {name} to {folder}.", source=SourceRef(str(path))) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ArgmapError(f"{name} of the teacher's pack cannot be read: {exc}.",
                          hint=f"It should be UTF-8 text holding {FILES[name]}.", source=SourceRef(str(path))) from None
    if not text.strip():
        raise ArgmapError(f"{name} of the teacher's pack is empty; it should hold {FILES[name]}.",
                          hint="Write it, or copy it from another pack.", source=SourceRef(str(path)))
    return text


def demote(markdown: str) -> str:
    """The Markdown with every heading one level lower ('#' becomes '##'), fenced code left alone."""
    out = []
    fenced = False
    for line in markdown.splitlines():
        if _FENCE.match(line):
            fenced = not fenced
        elif not fenced:
            line = _HEADING.sub(r"#\1\2", line)
        out.append(line)
    return "\n".join(out).strip() + "\n"


def _tagged(doc: Document, tag: str) -> list[Node]:
    return [n for n in doc.walk() if tag in n.tags]


def _quotes(node: Node) -> str:
    return " ".join(f"“{escape(c.quote)}”" for c in node.citations)


def pack_markdown(doc: Document, folder: str | os.PathLike[str], baseline: str | None = None) -> str:
    """The whole pack as one Markdown document (missing pack files: NotFoundError naming the file)."""
    from argmap.io.brief import brief

    folder = Path(folder)
    parts = {name: _read(folder, name) for name in FILES}
    question = doc.root()
    title = escape(doc.title) or "Argument map"
    out = [f"# Teacher's pack: {title}", ""]
    if question is not None:
        out += [f"**Question:** {escape(question.label)}" + (f" — {escape(question.text)}" if question.title
                                                              and question.text != question.title else ""), ""]
    for source in doc.sources:
        line = escape(source.title or source.id)
        if source.author:
            line += f", {escape(source.author)}"
        if source.date:
            line += f" ({escape(source.date)})"
        out += [f"**Source:** {line}", ""]
    out += [demote(parts["lesson.md"])]
    options = [n for n in doc.children(question.id) if n.kind is Kind.OPTION] if question is not None else []
    scores = None
    if options:
        from argmap.scoring import score

        try:
            scores = score(doc)
        except ArgmapError:
            scores = None  # each brief then says the map could not be scored
    for option in options:
        out += [demote(brief(doc, option.id, scores, baseline))]
    out += [demote(parts["glossary.md"]), demote(parts["timeline.md"]), demote(parts["factcheck.md"])]
    checks = _tagged(doc, FACT_CHECK)
    out += ["### Marked in the map", ""]
    for node in checks:
        quote = _quotes(node)
        out.append(f"- **{escape(node.label)}**" + (f": {quote}" if quote else "") + "")
        note = escape(correction(node.note)) if node.note else "*no correction noted in the map*"
        out += ["", f"  Fact check: {note}", ""]
    if not checks:
        out += ["*No node of the map is marked for a fact check.*", ""]
    readings = _tagged(doc, READING)
    out += ["## What the map adds to the source", "", marker_help(READING)
            + " These nodes are the map's readings:", ""]
    for node in readings:
        out.append(f"- **{escape(node.label)}**" + (f" — {escape(node.note)}" if node.note else ""))
    if not readings:
        out.append("*The map marks no node as its own reading.*")
    return "\n".join(out).rstrip() + "\n"
