"""Write a Document as Argdown that Argdown's own tools accept and that reads back equal."""

from __future__ import annotations

import json
import math
import re
import unicodedata
from typing import Any

from argmap.errors import ArgdownSyntaxError, ExportError
from argmap.io.argdown_yaml import MAX_DEPTH
from argmap.model.document import Document, Kind, LinkKind, Node

__all__ = ["dumps", "escape_text"]

_ALWAYS = set("\\[]<>{}#@*_")
# Argdown turns these `.name.` / `:name:` shortcodes into symbols; text that contains one is escaped.
_SHORTCODES = frozenset(
    ".A. .E. .O. .P. .->. .<->. .~. .^. .v. .v_. .<>. .[]. .?. .star. .y. .n. "
    ".+1. .-1. .up. .down. .think. .agree. .disagree. .question. .heart. .love. .wink. .shush. .meh. "
    ".eye-roll. .sad. .disappointed. .scream. .happy. .smile. .smiley. .laugh. .lol. .rofl. .joy. "
    ":happy: :smile: :smiley: :laugh: :lol: :rofl: :joy: :heart: :question: :love: :wink: :shush: :meh: "
    ":eye-roll: :sad: :disappointed: :scream: :+1: :up: :-1: :down: :think: :star: :y: :agree: :n: "
    ":disagree:".split())
_SPECIAL = re.compile(r"\.\S+?\.|:\S+?:")
_SIMPLE_TAG = re.compile(r"[A-z0-9\-\u00A0-\uD7FF\uF900-\uFDCF\uFDF0-\uFFEF]+")
_LINK_SYMBOL = {LinkKind.SUPPORTS: "+>", LinkKind.ATTACKS: "->", LinkKind.UNDERCUTS: "_>",
                LinkKind.CONTRADICTS: "><", LinkKind.LEADS_TO: "+>", LinkKind.SAME_AS: "+>"}
_TREE_KIND = {LinkKind.SUPPORTS: "support", LinkKind.ATTACKS: "attack", LinkKind.UNDERCUTS: "undercut",
              LinkKind.CONTRADICTS: "contradict"}


_ESCAPE = re.compile(r"[\\\[\]<>{}#@*_]|/(?=[/*])|=(?==)")
_JSON_RISKY = re.compile(r"[{}=\[\]<>\x7f-\U0010ffff]")
_UNSAFE_CATEGORIES = ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp")
_DOT_OR_COLON = re.compile(r"\\.|[.:]")


def escape_text(text: str) -> str:
    """Text with every character Argdown would read as syntax escaped by a backslash."""
    out = _ESCAPE.sub(lambda m: "\\" + m.group(0), text)
    if "." not in out and ":" not in out:
        return out
    # Argdown reads `.name.` and `:name:` as one token: a shortcode becomes a symbol, and
    # escapes inside any such token stay as typed. Escape the dot or colon that starts one.
    pieces, done, i = [], 0, 0
    while (m := _DOT_OR_COLON.search(out, i)) is not None:
        i = m.end()
        if m.group(0)[0] == "\\":
            continue
        special = _SPECIAL.match(out, m.start())
        if special is None:
            continue
        if special.group(0) in _SHORTCODES or "\\" in special.group(0):
            pieces += [out[done:m.start()], "\\"]
            done = m.start()
        else:
            i = special.end()
    pieces.append(out[done:])
    return "".join(pieces)


def _unicode_escape(c: str) -> str:
    o = ord(c)
    if o > 0xFFFF:
        o -= 0x10000
        return f"\\u{0xD800 + (o >> 10):04x}\\u{0xDC00 + (o & 0x3FF):04x}"
    return f"\\u{o:04x}"


def _jstr(text: str) -> str:
    """A JSON string that is also safe inside Argdown's data blocks and frontmatter."""

    def escape(m: re.Match[str]) -> str:
        c = m.group(0)
        if c in "{}=[]<>" or ord(c) < 0xA0:
            return _unicode_escape(c)
        category = unicodedata.category(c)
        if category == "Cs":
            raise ExportError(f"The text {json.dumps(text)} holds a lone surrogate, which is not Unicode.",
                              hint="Remove the character, then export again.")
        return _unicode_escape(c) if category in _UNSAFE_CATEGORIES else c

    return _JSON_RISKY.sub(escape, json.dumps(text, ensure_ascii=False))


def _json(value: Any, depth: int = 0) -> str:
    """Flow-style data; `depth` counts the collections around it, as the reader counts them."""
    if isinstance(value, str):
        return _jstr(value)
    if isinstance(value, (dict, list, tuple)) and depth >= MAX_DEPTH:
        raise ExportError(f"The map's data is nested more than {MAX_DEPTH} levels deep; Argdown data cannot hold it.",
                          hint="Flatten the data, or save the map as .argmap.json.")
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_jstr(str(k))}: {_json(v, depth + 1)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_json(v, depth + 1) for v in value) + "]"
    if isinstance(value, float) and not math.isfinite(value):
        raise ExportError(f"{value} cannot be written to Argdown.", hint="Use a finite number.")
    return json.dumps(value)


def _safe_title(title: str | None) -> bool:
    if not title or title != title.strip() or not title.isprintable() or title[0] in "+-_<>":
        return False
    if any(c in title for c in "[]<>{}\\#@"):
        return False
    return not any(s in title for s in ("//", "/*", "==", "<!--"))


def _titles(doc: Document) -> dict[str, str]:
    used: set[str] = set()
    out: dict[str, str] = {}
    for node in doc.nodes:
        for candidate in (node.title, node.id):
            if _safe_title(candidate) and candidate not in used:
                out[node.id] = candidate  # type: ignore[assignment]
                break
        else:
            k = len(out) + 1
            while f"node {k}" in used:
                k += 1
            out[node.id] = f"node {k}"
        used.add(out[node.id])
    return out


def _relation_kind(node: Node) -> str:
    """The Argdown relation of a tree edge: cons and harmful consequences attack, the rest support."""
    if node.kind is Kind.CON:
        return "attack"
    if node.kind is Kind.CONSEQUENCE and node.impact and sum(node.impact.values()) < 0:
        return "attack"
    return "support"


class _Writer:
    def __init__(self, doc: Document) -> None:
        from argmap.io.argdown import _Reader

        self.doc = doc
        self.titles = _titles(doc)
        self.probe = _Reader("", None)

    def ref(self, node: Node) -> str:
        title = self.titles[node.id]
        return f"<{title}>" if node.kind in (Kind.PRO, Kind.CON) else f"[{title}]"

    def element(self, node: Node, index: int) -> str:
        """One element: title, escaped text, tags and the data block that carries the rest."""
        title = self.titles[node.id]
        data: dict[str, Any] = {"kind": node.kind.value}
        if node.id != title:
            data["id"] = node.id
        if node.title != title:
            data["title"] = node.title
        printable = node.text if node.text.isprintable() else "".join(c if c.isprintable() else " " for c in node.text)
        shown = " ".join(printable.split())
        text = escape_text(shown)
        tags = " ".join(f"#{t}" if _SIMPLE_TAG.fullmatch(t) else f"#({t})" for t in node.tags)
        tags_ok = all(t and t == t.strip() and t.isprintable() and not any(c in t for c in ")[]<>") for t in node.tags)
        alone = self._probe(text)
        if alone is None or alone.text != node.text or alone.tags or alone.data:
            data["text"] = node.text
        if node.tags:
            both = self._probe(f"{text} {tags}") if tags_ok else None
            if both is None or alone is None or both.tags != node.tags or both.text != alone.text or both.data:
                data["tags"] = node.tags
                tags = ""
        for name in ("likelihood", "strength"):
            if getattr(node, name) is not None:
                data[name] = getattr(node, name)
        if node.remainder:
            data["remainder"] = True
        if node.impact:
            data["impact"] = node.impact
        if node.note:
            data["note"] = node.note
        if node.citations:
            data["citations"] = [c.model_dump(mode="json", exclude_defaults=True) for c in node.citations]
        if node.order != index:
            data["order"] = node.order
        for key, value in (node.__pydantic_extra__ or {}).items():
            data[key] = value
        # Without text the element is a bare reference, whose data "link" would mark a link: define it then.
        head = self.ref(node) + (": " + text if text else ":" if {"link", "link_data"} & data.keys() else "")
        return " ".join(part for part in (head, tags, _json(data)) if part)

    def _probe(self, body: str) -> Any:
        """How our reader reads an element's body, or None when it cannot."""
        try:
            return self.probe.inline(body, 1, 1)
        except ArgdownSyntaxError:
            return None

    def tree(self, root: Node, index: int, out: list[str]) -> None:
        stack: list[tuple[Node, int, int]] = [(root, 0, index)]
        while stack:
            node, depth, index = stack.pop()
            line = self.element(node, index)
            if depth:
                symbol = "<-" if _relation_kind(node) == "attack" else "<+"
                line = "  " * depth + symbol + " " + line
            out.append(line)
            kids = self.doc.children(node.id)
            for i in range(len(kids) - 1, -1, -1):
                stack.append((kids[i], depth + 1, i))

    def links(self, out: list[str]) -> None:
        doc = self.doc
        index = {n.id: n for n in doc.nodes}
        seen = {(n.id, n.parent, _relation_kind(n)) for n in doc.nodes if n.parent is not None}
        previous = None
        for link in doc.links:
            source, target = index.get(link.source), index.get(link.target)
            if source is None or target is None:
                raise ExportError(f"A link goes from '{link.source}' to '{link.target}', which is not a node.",
                                  hint="Remove the link or add the node, then export again.")
            key = (link.source, link.target, _TREE_KIND.get(link.kind, link.kind.value))
            extra = link.__pydantic_extra__
            marked = (link.kind in (LinkKind.LEADS_TO, LinkKind.SAME_AS) or source.parent is None or key in seen
                      or source is target or bool(extra))
            seen.add(key)
            if previous != link.source:
                out.extend(["", self.ref(source)])
                previous = link.source
            symbol = _LINK_SYMBOL[link.kind]
            if link.kind is LinkKind.CONTRADICTS and Kind.PRO in (source.kind, target.kind) or (
                    link.kind is LinkKind.CONTRADICTS and Kind.CON in (source.kind, target.kind)):
                symbol, marked = "->", True  # Argdown allows '><' between statements only
            line = f"  {symbol} {self.ref(target)}"
            data: dict[str, Any] = {"link": link.kind.value}
            if extra:
                data["link_data"] = extra  # fields argmap does not know, kept with the link
            out.append(line + (f" {_json(data)}" if marked else ""))


def dumps(doc: Document) -> str:
    """The map as Argdown text; ExportError, before any text is made, for a map it could not read back."""
    from argmap.io.jsondoc import find_non_finite, unsavable

    bad = find_non_finite(doc)
    if bad is not None:
        raise ExportError(f"{bad[0]}: {bad[1]} is not a finite number; Argdown (like JSON) has none.",
                          hint="Give a finite number there, or remove the value, then export again.")
    writer = _Writer(doc)
    try:
        meta = doc.dump()
    except ValueError as exc:  # pydantic's serializer: data nested past its depth
        raise ExportError(unsavable(doc, str(exc)).message, hint="Flatten the data, then export again.") from None
    for key in ("format", "title", "nodes", "links"):
        meta.pop(key, None)
    walk = [n.id for root in doc.roots() for n in doc.walk(root.id)]
    listed = [n.id for n in doc.nodes]
    if len(walk) != len(listed):
        raise ExportError("Some nodes are not in the tree (their parents form a cycle or are missing).",
                          hint="Run 'argmap validate' on the map and fix it first.")
    if walk != listed:
        meta["node_order"] = listed
    out = ["==="]
    if doc.title:
        out.append(f"title: {_jstr(doc.title)}")
    out += [f"argmap: {_json(meta, 1)}", "==="]  # inside the frontmatter's own mapping
    for index, root in enumerate(doc.roots()):
        out.append("")
        writer.tree(root, index, out)
    writer.links(out)
    return "\n".join(out) + "\n"
