"""Kialo's text export (`.txt`): import.

A Kialo export reads::

    Discussion Title: Should hate speech be illegal?

    1. Hate speech should be banned.
    1.1. Con: It is better to challenge bad ideas than to ban them.
    1.1.1. Pro: Bans drive ideas underground \\(and they spread\\).
    1.2. Pro: -> See 1.1.1.

argmap reads the title as the map's question and each top-level thesis (`1.`, `2.`, ...)
as an option under it: a thesis is one answer to the discussion's question, which is what
an option is, and a map's question takes options, so several theses are weighed side by
side. `Pro:` and `Con:` claims become pros and cons under their parent claim. A reused
claim (`-> See 1.1.1.`) is not copied: it becomes a cross-link from the one claim to the
parent (supports for Pro, attacks for Con), and claims numbered under the reuse hang under
the original. Markdown escapes (`\\(`, `\\[`, ...) are unescaped. A claim's text may go on
over further lines; they are joined to it.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from argmap.errors import Diagnostic, DocumentError, SourceRef
from argmap.io.aif import read_bytes
from argmap.model.document import Document, Kind, Link, LinkKind, Node

__all__ = ["TITLE", "is_kialo", "loads", "loads_with_diagnostics", "read", "read_with_diagnostics"]

#: The first line of an export names the discussion (older exports say "Name").
TITLE = re.compile(r"^\s*Discussion (?:Title|Name):\s*(.*)$")
_CLAIM = re.compile(r"^((?:\d+\.)+)[ \t]+(?:(Pro|Con):[ \t]*)?(.*)$")
#: A line that starts like a claim but whose number Kialo would not write (no final dot, a letter).
_ALMOST = re.compile(r"^\d+(?:\.\w*)*[ \t:]+(?:Pro|Con):", re.IGNORECASE)
_SEE = re.compile(r"^->\s*See\s+((?:\d+\.)+)\s*$")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_QUESTION_ID = "q"
#: A claim number deeper than this, or with a part longer than MAX_DIGITS, is not one Kialo writes.
MAX_LEVELS = 200
MAX_DIGITS = 9


def read(path: str | os.PathLike[str]) -> Document:
    """Import a Kialo `.txt` export (warnings dropped; see `read_with_diagnostics`)."""
    return read_with_diagnostics(path)[0]


def read_with_diagnostics(path: str | os.PathLike[str]) -> tuple[Document, list[Diagnostic]]:
    """Import a Kialo `.txt` export: the map, and warnings about lines read as best it could."""
    data = read_bytes(path, "a Kialo export")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DocumentError(f"the file is not UTF-8 text (bad byte at offset {exc.start})",
                            source=SourceRef(str(path))) from None
    return loads_with_diagnostics(text, str(path))


def loads(text: str, path: str | None = None) -> Document:
    return loads_with_diagnostics(text, path)[0]


def is_kialo(text: str) -> bool:
    """Whether text looks like a Kialo export: its title line, or a first line '1. ...'."""
    for line in text.splitlines()[:5]:
        if not line.strip():
            continue
        return bool(TITLE.match(line) or re.match(r"^1\.[ \t]+\S", line))
    return False


def _unescape(text: str) -> str:
    return _ESCAPE.sub(_unescaped, text) if "\\" in text else text


def _unescaped(match: re.Match[str]) -> str:
    return match.group(1)


def loads_with_diagnostics(text: str, path: str | None = None) -> tuple[Document, list[Diagnostic]]:
    """Parse a Kialo export; DocumentError (one line, with the line number) when it cannot be read."""
    warnings: list[Diagnostic] = []

    def warn(line: int, message: str) -> None:
        warnings.append(Diagnostic("warning", f"line {line}", message))

    def fail(line: int | None, message: str, hint: str = "") -> DocumentError:
        return DocumentError(message, hint=hint, source=SourceRef(path, line))

    title = ""
    nodes: list[tuple[str, Kind, str, int]] = []  # (id, kind, parent id, order)
    texts: dict[str, list[str]] = {}  # node id -> its lines of text
    by_number: dict[str, str] = {}  # "1.2." -> node id (a reuse's number -> the original's)
    last_child: dict[str, int] = {}  # parent number -> last sibling number seen
    reuses: list[tuple[int, str, str, str]] = []  # (line, parent id, stance, referenced number)
    current: str | None = None
    lines = text.splitlines()
    for i, raw in enumerate(lines, start=1):
        line = raw.rstrip()
        if not line.strip():
            continue
        if not nodes and not title and not reuses:
            m = TITLE.match(line)
            if m:
                title = _unescape(m.group(1).strip())
                continue
        m = _CLAIM.match(line)
        if m is None:
            if _ALMOST.match(line):
                warn(i, f"'{line[:40]}' looks like a claim but its number is not like '1.2.'; left out")
                continue
            if current is None and (nodes or reuses):  # claims were read: the rest can still be read
                warn(i, f"'{line[:40]}' is neither a claim nor the text of one; left out")
                continue
            if current is None:
                raise fail(i, f"expected 'Discussion Title: ...' or a numbered claim such as '1. ...', got '{line[:60]}'",
                           hint="Give the .txt file Kialo exports (Discussion menu, Export Discussion).")
            texts[current].append(_unescape(line.strip()))  # a claim's text goes on over several lines
            continue
        number, stance, body = m.group(1), m.group(2), m.group(3).strip()
        parts = number[:-1].split(".")
        if len(parts) > MAX_LEVELS or max(map(len, parts)) > MAX_DIGITS:
            warn(i, f"'{number[:40]}' is not a claim number Kialo writes (over {MAX_LEVELS} levels, or a part over "
                    f"{MAX_DIGITS} digits); left out")
            continue
        parent_number = number[:len(number) - len(parts[-1]) - 1]
        parent_id = _QUESTION_ID
        if parent_number:
            near = parent_number  # the nearest numbered ancestor: cut one part at a time
            while near and near not in by_number:
                near = near[:near.rfind(".", 0, len(near) - 1) + 1]
            if near != parent_number:
                warn(i, f"claim {number} has no claim {parent_number} above it; it is placed under {near or 'the question'}")
            parent_id = by_number[near] if near else _QUESTION_ID
        expected = last_child.get(parent_number, 0) + 1
        index = int(parts[-1])
        if index != expected and index > 0:
            before = f"{parent_number}{expected}." if expected > 1 or parent_number else f"{expected}."
            warn(i, f"numbering gap: {number} where {before} was expected")
        last_child[parent_number] = max(index, last_child.get(parent_number, 0))
        if parent_id.startswith("\0"):
            target = by_number.get(parent_id[1:])
            if target is None or target.startswith("\0"):
                warn(i, f"claim {number} is under a reuse of {parent_id[1:]}, which does not exist; placed under the question")
                target = _QUESTION_ID
            parent_id = target
        see = _SEE.match(body)
        if see is not None:
            if parent_id == _QUESTION_ID:
                warn(i, f"a thesis cannot be a reuse ('-> See {see.group(1)}'); left out")
                continue
            reuses.append((i, parent_id, stance or "Pro", see.group(1)))
            by_number.setdefault(number, f"\0{see.group(1)}")  # children of a reuse: resolved below
            current = None
            continue
        if parent_id == _QUESTION_ID:
            if stance:
                warn(i, f"thesis {number} has a '{stance}:' label; read as a thesis")
            kind = Kind.OPTION
        elif stance is None:
            warn(i, f"claim {number} has no 'Pro:' or 'Con:'; read as a pro")
            kind = Kind.PRO
        else:
            kind = Kind.PRO if stance == "Pro" else Kind.CON
        node_id = number[:-1]
        if node_id in texts:
            warn(i, f"claim number {number} is used twice; the second is kept as another claim")
            n = 2
            while f"{node_id}-{n}" in texts:
                n += 1
            node_id = f"{node_id}-{n}"
        else:
            by_number[number] = node_id
        texts[node_id] = [_unescape(body)]
        nodes.append((node_id, kind, parent_id, last_child[parent_number] - 1))
        current = node_id
    if not nodes:
        raise fail(None, "no numbered claims found; expected lines such as '1. ...' and '1.1. Pro: ...'",
                   hint="Give the .txt file Kialo exports (Discussion menu, Export Discussion).")
    made = [Node(id=nid, kind=kind, parent=pid, order=order, text="\n".join(texts[nid]))
            for nid, kind, pid, order in nodes]
    links: list[Link] = []
    for line, parent_id, stance, ref in reuses:
        target = by_number.get(ref)
        if target is None or target.startswith("\0"):
            warn(line, f"'-> See {ref}' names no claim of this discussion; left out")
            continue
        if target == parent_id:
            warn(line, f"'-> See {ref}' reuses a claim under itself; left out")
            continue
        kind = LinkKind.SUPPORTS if stance == "Pro" else LinkKind.ATTACKS
        links.append(Link.model_validate({"from": target, "to": parent_id, "kind": kind}))
    name = title or (Path(path).name.split(".")[0] if path else "Kialo discussion")
    question = Node(id=_QUESTION_ID, kind=Kind.QUESTION, text=name)
    doc = Document(title=name, question=_QUESTION_ID, nodes=[question, *made], links=links)
    doc.normalize_order()
    return doc, warnings
