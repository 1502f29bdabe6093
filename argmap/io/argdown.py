"""Argdown import and export (no Qt).

Import reads statements (`[T]: text`), arguments (`<T>: text`), relation trees
(`+ - _ <+ <- <_ +> -> _> ><`), premise-conclusion structures, tags, headings,
`{data}` blocks (flow or block style), lists, frontmatter and comments, and maps
them onto argmap's tree. Text is Argdown's plain text: Markdown emphasis and
links give their text, shortcodes their symbols, comments leave no space runs.

* The tree parent of an element is the target of its first support, attack or
  undercut relation (in document order); its later relations, and
  contradictions, become cross-links. So a title referenced from several places
  is one node plus links. An undercut in a tree also gives an `undercuts` link
  from the undercutter to the argument whose inference it denies.
* Kinds come from a `kind` in the element's data; otherwise under a question an
  element is an option, under a scenario a consequence, under a note a note,
  and elsewhere a supporter is a pro and an attacker or undercutter a con.
* An argument with a premise-conclusion structure is a pro of its main
  conclusion; the premises of the final inference are pros of the argument, an
  intermediate conclusion is a pro of the argument with its own premises under
  it, and undercuts under an inference line (or under the conclusion it leads
  to) undercut that step. The structure itself is kept on the argument.
* What Argdown says and argmap's model does not is kept in a node's `argdown`
  field (see argdown_build), so that the export says it again.
* A map has one root question: when the file has no single question at the
  top, one is made up from the frontmatter title (or the first heading, or the
  file name) and the top-level elements become its options; a Diagnostic and
  the question's note say so (the export leaves the made-up question out).

Export writes one nested tree per root, each node in its namespace, the model's
fields in a JSON data block per element (JSON is YAML flow style), the map's own
fields in the frontmatter, premise-conclusion structures that still fit the map,
and cross-links as separate relation blocks (a link's fields that argmap does
not know in its relation's data, as `link_data`), so that
`loads(dumps(doc)) == doc`. Argdown has no relation for a note or a leads_to
link: a note stands alone with `argdown: {about: parent}` in its data, and a
consequence lists where it leads in `argdown: {leads_to: [...]}`. Data a map
cannot keep (NaN or infinite numbers, lone surrogates, nesting deeper than
MAX_DEPTH) is refused in one located line on import and before export.
"""

from __future__ import annotations

import json
import os
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from argmap.errors import (
    ArgdownSyntaxError,
    Diagnostic,
    DocumentError,
    ExportError,
    SourceRef,
)
from argmap.io.argdown_build import build_document, pcs_relations
from argmap.io.argdown_write import LITERAL, PLAIN, dumps, plain_text
from argmap.io.argdown_yaml import (
    YamlError,
    YamlLimit,
    join_block_data,
    parse_block,
    parse_flow,
    parse_frontmatter,
    unkeepable,
)
from argmap.model.document import Document

__all__ = ["read", "write", "loads", "dumps", "loads_with_diagnostics", "read_with_diagnostics", "SUFFIXES"]

SUFFIXES = (".argdown", ".ad")

# -- reading -------------------------------------------------------------------

_REL = re.compile(r"([ \t]*)(\+>|->|<\+|\+|<-|-|><|_>|<_|_(?=\s))")
_PCS_ITEM = re.compile(r"[ \t]*\((\d+)\)")
_INFERENCE = re.compile(r"[ \t]*--")
_HEADING = re.compile(r"(#+) ")
_LIST_ITEM = re.compile(r"([ \t]*)(\*|\d+\.)(?=\s)")
_LINK = re.compile(r"\[[^\]\n]+?\]\([^)\n]+?\)")
_TAG = re.compile(r"#(?:\(([^)\n]+)\)|([A-z0-9\-\u00A0-\uD7FF\uF900-\uFDCF\uFDF0-\uFFEF]+))")
_STMT_DEF = re.compile(r"\[(.+?)\]:")
_STMT_REF = re.compile(r"\[([^-\n].*?)\]")
_ARG_DEF = re.compile(r"<(.+?)>:")
_ARG_REF = re.compile(r"<([^-\n].*?)>")
_MENTION = re.compile(r"@(?:\[.+?\]|<.+?>)")
_SPECIAL_START = re.compile(r"[\\{\[#/<]")
#: What a comment is masked with: it keeps the columns, and the text drops it with a space beside it.
_MASK = "\ue000"
_INLINE_SPECIAL = re.compile(r"[\n\\{#@\[<\ue000]")
_SURROGATE = re.compile("[\ud800-\udfff]")
# A data block ends at the last '}' (one not followed by ',' or '}') before a '}' that is
# followed by a space and then by neither ',' nor '}', as Argdown's lexer finds it.
_BLOCK_STOP = re.compile(r"\}(?=[ \t\n](?:[^,}]|\Z))")
_CLOSING = re.compile(r"\}")
_CLOSED_BY = re.compile(r"\s*[,}]")

_SUPPORT, _ATTACK, _UNDERCUT, _CONTRA = "support", "attack", "undercut", "contradict"
_SYMBOLS = {  # symbol -> (relation type, does the child point at the parent?)
    "+": (_SUPPORT, True), "<+": (_SUPPORT, True), "-": (_ATTACK, True), "<-": (_ATTACK, True),
    "_": (_UNDERCUT, True), "<_": (_UNDERCUT, True), "+>": (_SUPPORT, False),
    "->": (_ATTACK, False), "_>": (_UNDERCUT, False), "><": (_CONTRA, False),
}


@dataclass
class _Element:
    key: tuple
    ns: str  # "statement" or "argument"
    title: str | None
    line: int
    col: int
    texts: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)
    data_line: int = 0
    section: str | None = None
    # texts and tags as sets too: an element written many times is not looked up in a list each time
    seen: set[tuple[str, str]] = field(default_factory=set, repr=False)


@dataclass
class _Occurrence:
    element: _Element
    marker: str | None  # a "link" kind given in the data of a relation's end
    link_data: dict[str, Any] | None = None  # and the link's own fields ("link_data"), with a marker only


@dataclass
class _Relation:
    source: _Element
    target: _Element
    kind: str
    marker: str | None = None
    from_pcs: bool = False
    link_data: dict[str, Any] | None = None


class _Reader:
    """Turns Argdown text into elements and relations, then into a Document."""

    def __init__(self, text: str, path: str | None) -> None:
        self.path = path
        self.text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
        self.elements: dict[tuple, _Element] = {}
        self.order: list[_Element] = []
        self.relations: list[_Relation] = []
        self.pcs: list[tuple[_Element, _Element]] = []
        #: Each premise-conclusion structure as written: its argument, then items and inferences in order.
        self.structures: list[tuple[_Element, list[_Element | dict[str, Any]]]] = []
        self.front: dict[str, Any] = {}
        self.section: str | None = None
        self.first_heading: str | None = None
        self.diagnostics: list[Diagnostic] = []
        self._anon = 0

    def error(self, message: str, line: int, col: int, hint: str = "") -> ArgdownSyntaxError:
        return ArgdownSyntaxError(message, hint=hint, source=SourceRef(self.path, line, col))

    # -- scanning ----------------------------------------------------------------

    def lines(self) -> list[tuple[int, str]]:
        """The file's lines with comments removed; a line holding only a comment is dropped."""
        text = self.text
        start = 0
        stripped = text.lstrip(" \t\n")
        if stripped.startswith("==="):
            first = len(text) - len(stripped)
            newline = text.find("\n", first)
            end = text.find("===", newline) if newline >= 0 else -1
            if end < 0:
                raise self.error("The frontmatter is not closed.", text[:first].count("\n") + 1, 1,
                                 "End it with a line '==='.")
            try:
                self.front = parse_frontmatter(text[newline + 1:end])
            except YamlError as exc:
                line = text[:newline + 1].count("\n") + 1 + exc.line
                if isinstance(exc, YamlLimit):
                    raise self.error(f"The frontmatter cannot be read: {exc.message}.", line, exc.col,
                                     "Shorten or flatten the value.") from None
                raise self.error(f"The frontmatter is not valid YAML: {exc.message}.", line, exc.col,
                                 "Write 'key: value' lines between the two '===' lines.") from None
            self._check_data(self.front, "The frontmatter", text[:newline + 1].count("\n") + 1, 1)
            stop = end + 3
            while stop < len(text) and text[stop] == "=":
                stop += 1
            start = stop
        masked, commented = self._mask_comments(text, start)
        out = []
        for i, line in enumerate(masked.split("\n")):
            if commented[i]:
                line = line.rstrip(" \t" + _MASK)
                bare = line.lstrip(" \t" + _MASK)
                if not bare:
                    continue
                line = line[:len(line) - len(bare)].replace(_MASK, " ") + bare
            out.append((i + 1, line.rstrip()))
        return out

    def _mask_comments(self, text: str, start: int) -> tuple[str, list[bool]]:
        """Blank out comments (keeping line breaks); escapes, data, links and tags may hold '//'."""
        pieces = ["".join("\n" if c == "\n" else " " for c in text[:start])]
        commented = [False] * (text.count("\n") + 1)
        i = done = start
        n = len(text)
        scan = _Scan(text)
        counted = line = 0  # line breaks before `counted`, counted as the scan goes
        while True:
            m = _SPECIAL_START.search(text, i)
            if m is None:
                break
            i = m.start()
            c = text[i]
            if c == "\\":
                i += 2
            elif c == "{":
                end = scan.data_end(i)
                i = end + 1 if end is not None else i + 1
            elif c == "[":
                link = scan.link(i)
                i = link.end() if link else i + 1
            elif c == "#":
                tag = scan.tag(i)
                i = tag.end() if tag else i + 1
            elif text.startswith(("//", "/*", "<!--"), i):
                close = {"//": "\n", "/*": "*/", "<!": "-->"}[text[i:i + 2]]
                end = text.find(close, i + 2)
                line += text.count("\n", counted, i)
                counted = i
                if end < 0:
                    if close != "\n":
                        raise self.error("A comment is not closed.", line + 1,
                                         i - text.rfind("\n", 0, i), f"Close it with '{close}'.")
                    end = n
                elif close != "\n":
                    end += len(close)
                body = text[i:end]
                for k in range(line, line + body.count("\n") + 1):
                    commented[k] = True
                pieces.append(text[done:i])
                pieces.append("".join("\n" if ch == "\n" else _MASK for ch in body))
                done = i = end
            else:
                i += 1
        pieces.append(text[done:])
        return "".join(pieces), commented

    # -- blocks ---------------------------------------------------------------

    def parse(self) -> None:
        lines = self.lines()
        blocks: list[list[tuple[int, str]]] = [[]]
        for number, line in lines:
            if line.strip():
                blocks[-1].append((number, line))
            elif blocks[-1]:
                blocks.append([])
        previous: _Element | None = None
        for block in blocks:
            block = join_block_data(block)
            while block:
                first = block[0][1]
                if _HEADING.match(first):
                    skip = 0
                    while skip < len(block) and _HEADING.match(block[skip][1]):
                        self._heading(block[skip])
                        skip += 1
                    block = block[skip:]
                    previous = None
                    continue
                if _PCS_ITEM.match(first):
                    self._pcs(block, previous)
                    previous = None
                elif _LIST_ITEM.match(first):
                    self._list(block)
                    previous = None
                else:
                    previous = self._tree(block)
                break

    def _heading(self, line: tuple[int, str]) -> None:
        number, text = line
        m = _HEADING.match(text)
        assert m is not None
        parsed = self.inline(text[m.end():], number, m.end() + 1)
        title = parsed.text or None
        if parsed.data.get("isGroup") is False:
            title = None
        self.section = title
        if self.first_heading is None:
            self.first_heading = title

    def _tree(self, block: list[tuple[int, str]]) -> _Element:
        """A relation tree: an element, then indented relation lines."""
        units = self._units(block)
        number, col, text, symbol = units[0]
        if symbol is not None:
            raise self.error("A relation has no element above it to attach to.", number, 1,
                             "Start the block with a statement or argument, e.g. '[Claim]: text'.")
        top = self.element(text, number, col + 1)
        self._relations(top.element, units[1:])
        return top.element

    @staticmethod
    def _units(lines: list[tuple[int, str]]) -> list[tuple[int, int, str, str | None]]:
        """Group lines into (line, column, text, relation symbol) units; other lines continue the unit before."""
        units: list[list[Any]] = []
        for number, line in lines:
            m = _REL.match(line)
            if m:
                units.append([number, m.end(), [line[m.end():]], m.group(2)])
            elif not units:
                indent = len(line) - len(line.lstrip(" \t"))
                units.append([number, indent, [line[indent:]], None])
            else:
                units[-1][2].append(line.strip())
        return [(u[0], u[1], "\n".join(u[2]), u[3]) for u in units]

    def _relations(self, root: _Element, units: list[tuple[int, int, str, str | None]]) -> None:
        stack: list[tuple[int, _Element]] = [(-1, root)]
        for number, col, text, symbol in units:
            assert symbol is not None
            indent = col - len(symbol)
            while len(stack) > 1 and stack[-1][0] >= indent:
                stack.pop()
            parent = stack[-1][1]
            occ = self.element(text, number, col + 1)
            kind, child_to_parent = _SYMBOLS[symbol]
            if child_to_parent:
                self.relations.append(_Relation(occ.element, parent, kind, occ.marker, link_data=occ.link_data))
            else:
                self.relations.append(_Relation(parent, occ.element, kind, occ.marker, link_data=occ.link_data))
            stack.append((indent, occ.element))

    def _list(self, block: list[tuple[int, str]]) -> None:
        items: list[list[Any]] = []
        for number, line in block:
            m = _LIST_ITEM.match(line)
            if m:
                items.append([number, [line[m.end():]], m.end() + 1])
            else:
                items[-1][1].append(line.strip())
        for number, parts, col in items:
            self.element("\n".join(parts), number, col)

    def _pcs(self, block: list[tuple[int, str]], argument: _Element | None) -> None:
        """A premise-conclusion structure: numbered items and inference lines."""
        if argument is None or argument.ns != "argument":
            argument = self._register("argument", None, block[0][0], 1)
        steps: list[dict[str, Any]] = []
        i = 0
        while i < len(block):
            number, line = block[i]
            m_item, m_inf = _PCS_ITEM.match(line), _INFERENCE.match(line)
            if m_item:
                j = i + 1
                while j < len(block) and not (_PCS_ITEM.match(block[j][1]) or _REL.match(block[j][1])):
                    j += 1
                text = line[m_item.end():] + "".join("\n" + ln.strip() for _, ln in block[i + 1:j])
                occ = self.element(text, number, m_item.end() + 1)
                steps.append({"item": occ.element, "number": int(m_item.group(1)), "line": number})
                i = j
            elif m_inf:
                rest = line[m_inf.end():]
                inner = [rest]
                j = i + 1
                if "--" not in rest:
                    while j < len(block) and "--" not in block[j][1]:
                        inner.append(block[j][1])
                        j += 1
                    if j == len(block):
                        raise self.error("An inference line '--' is not closed.", number, 1,
                                         "Close it with another '--' line, or write '----'.")
                    inner.append(block[j][1].split("--")[0])
                    j += 1
                body = "\n".join(inner).strip("- \n")
                opening, closing = body.find("{"), body.rfind("}")
                if opening >= 0 and closing < opening:
                    raise self.error("The data block of an inference line is not closed with '}'.", number, 1,
                                     "Write it as '-- {uses: [1, 2]} --'.")
                data = self._data(body[opening:closing + 1], number, 1) if opening >= 0 else {}
                words = body[:opening] + body[closing + 1:] if opening >= 0 else body
                rules = [r.strip() for r in re.split(r"[,\n]", words) if r.strip()]
                placeholder = _Element(("inference", number), "argument", None, number, 1)
                steps.append({"inference": True, "line": number, "data": data, "rules": rules, "relations": [],
                              "placeholder": placeholder})
                i = j
            else:
                raise self.error("Expected a numbered item '(n)' or an inference line '----' here.",
                                 number, 1, "Premise-conclusion structures have no blank lines inside.")
            k = i
            while k < len(block) and _REL.match(block[k][1]) and not _INFERENCE.match(block[k][1]):
                k += 1
            if k > i:
                units = self._units(block[i:k])
                step = steps[-1]
                before = len(self.relations)
                if "item" in step:
                    self._relations(step["item"], units)
                    if len(steps) > 1 and "inference" in steps[-2]:
                        # An undercut under a conclusion denies the inference that leads to it, as in Argdown.
                        inference = steps[-2]
                        kept = []
                        for rel in self.relations[before:]:
                            if rel.kind == _UNDERCUT and rel.target is step["item"]:
                                rel.target = inference["placeholder"]
                                inference["relations"].append(rel)
                            else:
                                kept.append(rel)
                        self.relations[before:] = kept
                else:
                    self._relations(step["placeholder"], units)
                    step["relations"] = self.relations[before:]
                    del self.relations[before:]
                i = k
        pcs_relations(self, argument, steps, block)

    # -- elements -------------------------------------------------------------

    def _register(self, ns: str, title: str | None, line: int, col: int) -> _Element:
        if title is None:
            self._anon += 1
            key: tuple = (ns, None, self._anon)
        else:
            key = (ns, title)
        element = self.elements.get(key)
        if element is None:
            element = _Element(key, ns, title, line, col, section=self.section)
            self.elements[key] = element
            self.order.append(element)
        return element

    def element(self, text: str, line: int, col: int) -> _Occurrence:
        """Parse one element (definition, reference or untitled statement) with its text, tags and data."""
        body = text.lstrip(" \t")
        col += len(text) - len(body)
        ns, title, defined = "statement", None, True
        if body.startswith("[") and not _LINK.match(body):
            m = _STMT_DEF.match(body.split("\n", 1)[0])
            ref = _STMT_REF.match(body.split("\n", 1)[0])
            if m:
                title, body, col = m.group(1), body[m.end():], col + m.end()
            elif ref:
                title, body, col, defined = ref.group(1), body[ref.end():], col + ref.end(), False
            else:
                raise self.error("A statement title is not closed.", line, col, "Write '[Title]: text'.")
        elif body.startswith("<"):
            m = _ARG_DEF.match(body.split("\n", 1)[0])
            ref = _ARG_REF.match(body.split("\n", 1)[0])
            ns = "argument"
            if m:
                title, body, col = m.group(1), body[m.end():], col + m.end()
            elif ref:
                title, body, col, defined = ref.group(1), body[ref.end():], col + ref.end(), False
            else:
                raise self.error("An argument title is not closed.", line, col, "Write '<Title>: text'.")
        if title is not None and not title.strip():
            raise self.error("A title is empty.", line, col, "Write a title between the brackets.")
        element = self._register(ns, title.strip() if title else None, line, col)
        parsed = self.inline(body, line, col)
        if defined and parsed.text and ("text", parsed.text) not in element.seen:
            element.seen.add(("text", parsed.text))
            element.texts.append(parsed.text)
        for tag in parsed.tags:
            if ("tag", tag) not in element.seen:
                element.seen.add(("tag", tag))
                element.tags.append(tag)
        data = dict(parsed.data)
        marker = data.pop("link", None) if not defined else None
        marker = marker if isinstance(marker, str) else None
        link_data = data.pop("link_data", None) if marker is not None else None
        if data:
            element.data.update(data)
            element.data_line = element.data_line or line
        return _Occurrence(element, marker, link_data if isinstance(link_data, dict) else None)

    def inline(self, text: str, line: int, col: int) -> "_Inline":
        """Text as Argdown stores it, with tags collected (trailing ones removed) and a data block.

        Escapes are resolved, comments dropped with a space beside them, Markdown emphasis
        and links reduced to their text and shortcodes turned into their symbols.
        """
        pieces: list[str] = []
        kinds: list[int] = []  # per piece: PLAIN, LITERAL, or a tag's number (>= 0)
        tags: list[str] = []
        tag_set: set[str] = set()
        data: dict[str, Any] = {}
        i, n = 0, len(text)
        cur_line, line_start = line, -col + 1
        scan = _Scan(text)
        eat = False  # after a comment: drop the spaces that follow it, when a space or the start precedes it

        def where(k: int) -> tuple[int, int]:
            return cur_line, k - line_start + 1

        while i < n:
            c = text[i]
            kind = LITERAL
            if c == "\n":
                cur_line, line_start = cur_line + 1, i + 1
                piece, kind = " ", PLAIN
                i += 1
            elif c == _MASK:
                while i < n and text[i] == _MASK:
                    i += 1
                last = pieces[-1][-1:] if pieces else ""
                eat = eat or last in ("", " ", "\t")
                continue
            elif c == "\\" and i + 1 < n and text[i + 1] != "\n":
                piece = text[i + 1]
                i += 2
            elif c == "{" and (end := scan.data_end(i)) is not None:
                data.update(self._data(text[i:end + 1], *where(i)))
                newlines = text.count("\n", i, end)
                if newlines:
                    cur_line, line_start = cur_line + newlines, text.rfind("\n", i, end) + 1
                i = end + 1
                continue
            elif c == "#" and (m := scan.tag(i)):
                tag = m.group(1) or m.group(2)
                if tag not in tag_set:
                    tag_set.add(tag)
                    tags.append(tag)
                piece, kind = m.group(0), len(pieces)
                i = m.end()
            elif c == "@" and (m := scan.mention(i)):
                piece = m.group(0)
                i = m.end()
            elif c == "[" and (m := scan.link(i)):
                piece = m.group(0)[1:m.group(0).index("](")]  # a Markdown link keeps its label
                i = m.end()
            elif c in "[<" and (m := scan.reference(i)):
                what = "statement" if c == "[" else "argument"
                raise self.error(f"A {what} reference '{m.group(0)}' in the middle of text.", *where(i),
                                 f"Escape the brackets, as '\\{m.group(0)[:-1]}\\{m.group(0)[-1]}', to keep them as text.")
            else:
                m = _INLINE_SPECIAL.search(text, i + 1)
                stop = m.start() if m else n
                piece, kind = text[i:stop], PLAIN
                i = stop
            if eat:
                piece = piece.lstrip(" \t")
                if not piece:
                    continue
                eat = False
            pieces.append(piece)
            kinds.append(kind)
        joined, tag_spans = plain_text(pieces, kinds)
        end = len(joined.rstrip())
        # Trailing tags leave the text; the first one followed by more than spaces ends the run.
        for start, stop in reversed(tag_spans):
            if joined[stop:end].strip():
                break
            end = start
            while end > 0 and joined[end - 1].isspace():
                end -= 1
        return _Inline(joined[:end].strip(), tags, data)

    def _data(self, text: str, line: int, col: int) -> dict[str, Any]:
        opening = text.split("\n", 1)[0]
        if "\n" in text and not opening[1:].strip():  # block style: '{', YAML lines, '}'
            body = text[len(opening) + 1:text.rfind("\n")]
            try:
                value = parse_block(body)
            except YamlError as exc:
                raise self.error(f"The data block is not valid YAML: {exc.message}.", line + 1 + exc.line, exc.col,
                                 "Write one 'key: value' per line, nested ones indented.") from None
            self._check_data(value, "The data block", line, col)
            return value
        try:
            value = json.loads(text)
        except (ValueError, RecursionError):  # not JSON, or nested past the interpreter's stack: YAML says why
            try:
                value = parse_flow(text)
            except YamlError as exc:
                where = line + exc.line, (col if exc.line == 0 else 1) + exc.col - 1
                if isinstance(exc, YamlLimit):
                    raise self.error(f"The data block cannot be read: {exc.message}.", *where,
                                     "Shorten or flatten the value.") from None
                raise self.error(f"The data block is not valid YAML: {exc.message}.", *where,
                                 "Write it in flow style, e.g. {kind: pro, strength: 0.7}.") from None
        if not isinstance(value, dict):
            raise self.error("A data block must be a mapping.", line, col, "Write {key: value}.")
        self._check_data(value, "The data block", line, col)
        return value

    def _check_data(self, value: Any, what: str, line: int, col: int) -> None:
        problem = unkeepable(value)
        if problem is not None:
            raise self.error(f"{what} {problem[0]}.", line, col, problem[1])


@dataclass
class _Inline:
    text: str
    tags: list[str]
    data: dict[str, Any]


class _Scan:
    """Where the constructs that close later on a line (data blocks, tags, mentions, links) end.

    Each look-up starts from a remembered position, so a long run of `{`, `[`, `#(`, `@[` or
    `<` is read in linear time, not by one scan to the end of the line per character.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.n = len(text)
        self._found: dict[str, tuple[int, int]] = {}
        self._stops: list[int] | None = None
        self._closes: list[int] = []

    def next(self, char: str, pos: int) -> int:
        """The first index >= pos of `char`, or len(text)."""
        hit = self._found.get(char)
        if hit is not None and hit[0] <= pos <= hit[1]:
            return hit[1]
        found = self.text.find(char, pos)
        found = self.n if found < 0 else found
        self._found[char] = (pos, found)
        return found

    def _closed(self, char: str, origin: int, start: int, least: int) -> bool:
        """Whether the first `char` at or after `start` is at `least` or later, and before the line ends after `origin`."""
        close = self.next(char, start)
        return least <= close < self.n and close < self.next("\n", origin)

    def data_end(self, i: int) -> int | None:
        """Where a `{...}` data block starting at `i` ends, as Argdown's lexer finds it (or None)."""
        if self._stops is None:
            text = self.text
            self._stops = [m.start() for m in _BLOCK_STOP.finditer(text)]
            self._closes = [m.start() for m in _CLOSING.finditer(text)
                            if not _CLOSED_BY.match(text, m.start() + 1, m.start() + 64)]
        k = bisect_left(self._stops, i + 1)
        limit = min(self._stops[k] if k < len(self._stops) else self.n, self.n - 1)
        k = bisect_right(self._closes, limit) - 1
        return self._closes[k] if k >= 0 and self._closes[k] > i else None

    def tag(self, i: int) -> re.Match[str] | None:
        if self.text.startswith("#(", i) and not self._closed(")", i, i + 2, i + 3):
            return None
        return _TAG.match(self.text, i)

    def mention(self, i: int) -> re.Match[str] | None:
        close = {"[": "]", "<": ">"}.get(self.text[i + 1:i + 2])
        if close is None or not self._closed(close, i, i + 3, i + 3):
            return None
        return _MENTION.match(self.text, i)

    def link(self, i: int) -> re.Match[str] | None:
        text = self.text
        bracket = self.next("]", i + 1)
        if not (self._closed("]", i, i + 1, i + 2) and text.startswith("(", bracket + 1)
                and self._closed(")", bracket, bracket + 2, bracket + 3)):
            return None
        return _LINK.match(text, i)

    def reference(self, i: int) -> re.Match[str] | None:
        """A `[title]` or `<title>` starting at `i` and closed on its line."""
        text = self.text
        if text[i + 1:i + 2] in ("", "-", "\n") or not self._closed("]" if text[i] == "[" else ">", i, i + 2, i + 2):
            return None
        return (_STMT_REF if text[i] == "[" else _ARG_REF).match(text, i, self.next("\n", i))


def loads_with_diagnostics(text: str, path: str | None = None) -> tuple[Document, list[Diagnostic]]:
    """Parse Argdown text into a Document, with the diagnostics of the mapping."""
    bad = _SURROGATE.search(text)
    if bad is not None:
        line = text.count("\n", 0, bad.start()) + 1
        raise ArgdownSyntaxError(f"The text holds a lone surrogate (\\u{ord(bad.group(0)):04x}), which is not Unicode.",
                                 hint="Save the file as UTF-8 text.",
                                 source=SourceRef(path, line, bad.start() - text.rfind("\n", 0, bad.start())))
    reader = _Reader(text, path)
    reader.parse()
    return build_document(reader)


def loads(text: str, path: str | None = None) -> Document:
    """Parse Argdown text into a Document; `path` names the file in errors."""
    return loads_with_diagnostics(text, path)[0]


def read(path: str | os.PathLike[str]) -> Document:
    """Read an Argdown file."""
    return read_with_diagnostics(path)[0]


def read_with_diagnostics(path: str | os.PathLike[str]) -> tuple[Document, list[Diagnostic]]:
    """Read an Argdown file, with the diagnostics of the mapping (such as a made-up question)."""
    name = str(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise DocumentError("no such file", hint="Check the path.", source=SourceRef(name)) from None
    except IsADirectoryError:
        raise DocumentError("is a folder, not an Argdown file", source=SourceRef(name)) from None
    except OSError as exc:
        raise DocumentError(f"cannot be read ({exc.strerror or exc})", source=SourceRef(name)) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DocumentError(f"the file is not UTF-8 text (bad byte at offset {exc.start})",
                            source=SourceRef(name)) from None
    return loads_with_diagnostics(text, name)


def write(doc: Document, path: str | os.PathLike[str]) -> None:
    """Write a map as Argdown, atomically."""
    from argmap.io.jsondoc import write_bytes_atomic

    try:
        data = dumps(doc).encode("utf-8")
    except ExportError as exc:
        raise ExportError(exc.message, hint=exc.hint, source=SourceRef(str(path))) from None
    write_bytes_atomic(data, path)
