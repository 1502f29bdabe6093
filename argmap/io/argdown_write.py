"""Write a Document as Argdown that Argdown's own tools accept and that reads back equal."""

from __future__ import annotations

import json
import math
import re
import unicodedata
from bisect import bisect_right
from itertools import pairwise
from typing import Any

from argmap.errors import ArgdownSyntaxError, ExportError
from argmap.io.argdown_yaml import MAX_DEPTH
from argmap.model.document import Document, Kind, LinkKind, Node

__all__ = ["dumps", "escape_text", "plain_text", "default_ns", "ns_of", "relation_kind", "SHORTCODES", "PLAIN",
           "LITERAL"]

_ALWAYS = set("\\[]<>{}#@*_")
#: The shortcodes Argdown turns into symbols (`.name.` or `:name:`); text holding one is escaped.
SHORTCODES: dict[str, str] = {}
for _names, _symbol in (
        ("A", "\u2200"), ("E", "\u2203"), ("O", "\U0001d5e2"), ("P", "\U0001d5e3"), ("->", "\u2192"),
        ("<->", "\u2194"), ("~", "\u00ac"), ("^", "\u2227"), ("v", "\u2228"), ("v_", "\u22bb"), ("<>", "\u25c7"),
        ("[]", "\u25fb"), ("happy", "\U0001f600"), ("smiley", "\u263a"), ("laugh lol", "\U0001f606"),
        ("rofl", "\U0001f923"), ("joy", "\U0001f602"), ("heart", "\u2764"), ("? question", "\u2753"),
        ("love", "\U0001f60d"), ("wink", "\U0001f609"), ("shush", "\U0001f92b"), ("meh", "\U0001f610"),
        ("eye-roll", "\U0001f644"), ("sad", "\U0001f622"), ("disappointed", "\U0001f61e"),
        ("scream", "\U0001f631"), ("+1 up", "\U0001f44d"), ("-1 down", "\U0001f44e"), ("think", "\U0001f914"),
        ("star", "\u2b50"), ("y agree", "\u2714"), ("n disagree", "\u274c")):
    for _name in _names.split():
        SHORTCODES[f".{_name}."] = SHORTCODES[f":{_name}:"] = _symbol
SHORTCODES[".smile."], SHORTCODES[":smile:"] = "\u263a", "\u263a\ufe0f"
_SHORTCODES = frozenset(SHORTCODES)
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


PLAIN, LITERAL = -1, -2  # pieces of text: Markdown and shortcodes apply to plain ones only
_SHORTCODE = re.compile("|".join(re.escape(k) for k in sorted(SHORTCODES, key=len, reverse=True)))
_EMPHASIS = re.compile(r"\*\*|__|\*|_")
_MARKUP = re.compile(r"[*_]|[.:][^\s.:]{1,13}[.:]")  # what may be emphasis or a shortcode
_CLOSES_BEFORE = frozenset(".,;:!?)'\"")


def plain_text(pieces: list[str], kinds: list[int]) -> tuple[str, list[tuple[int, int]]]:
    """Inline pieces as the reader splits them (plain text, literal text, tags) joined as Argdown stores
    the text: shortcodes made symbols, paired emphasis marks removed; and the tags' spans in it.

    The inverse of `escape_text`, which escapes what this would read as markup.
    """
    if not _MARKUP.search("".join(p for p, k in zip(pieces, kinds) if k == PLAIN)):
        spans, size = [], 0
        for p, k in zip(pieces, kinds):
            if k >= 0:
                spans.append((size, size + len(p)))
            size += len(p)
        return "".join(pieces), spans
    merged: list[list[Any]] = []
    for p, k in zip(pieces, kinds):
        if k == PLAIN and merged and merged[-1][1] == PLAIN:
            merged[-1][0] += p
        else:
            merged.append([p, k])
    for m in merged:
        if m[1] == PLAIN:
            m[0] = _SHORTCODE.sub(lambda x: SHORTCODES[x.group(0)], m[0])
    joined = "".join(m[0] for m in merged)
    # Emphasis: a mark after a space (or at the start) and before a non-space opens; one after a
    # non-space and before a space, punctuation or the end closes the last open mark of its kind.
    open_marks: list[tuple[str, int]] = []
    dropped: list[tuple[int, int]] = []
    offset = 0
    for text, kind in merged:
        if kind == PLAIN:
            for m in _EMPHASIS.finditer(text):
                at, mark = offset + m.start(), m.group(0)
                before = joined[at - 1] if at else ""
                after = joined[at + len(mark)] if at + len(mark) < len(joined) else ""
                closes = before and not before.isspace() and (not after or after.isspace() or after in _CLOSES_BEFORE)
                opener = next((j for j in range(len(open_marks) - 1, -1, -1) if open_marks[j][0] == mark), None)
                if closes and opener is not None:
                    dropped += [(open_marks[opener][1], len(mark)), (at, len(mark))]
                    del open_marks[opener:]
                elif (not before or before.isspace()) and after and not after.isspace():
                    open_marks.append((mark, at))
        offset += len(text)
    dropped.sort()
    out, spans, done, cut = [], [], 0, 0
    for at, size in dropped:
        out.append(joined[done:at])
        done = at + size
    out.append(joined[done:])
    offset, starts = 0, [at for at, _ in dropped]
    sizes = [0]
    for _, size in dropped:
        sizes.append(sizes[-1] + size)
    for text, kind in merged:
        if kind >= 0:
            cut = sizes[bisect_right(starts, offset)]
            spans.append((offset - cut, offset - cut + len(text)))
        offset += len(text)
    return "".join(out), spans


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
    """A title per node, unique within its Argdown namespace (`[X]` and `<X>` may share one)."""
    used: dict[str, set[str]] = {"statement": set(), "argument": set()}
    out: dict[str, str] = {}
    for node in doc.nodes:
        taken = used[ns_of(node)]
        for candidate in (node.title, node.id):
            if _safe_title(candidate) and candidate not in taken:
                out[node.id] = candidate  # type: ignore[assignment]
                break
        else:
            k = len(out) + 1
            while f"node {k}" in taken:
                k += 1
            out[node.id] = f"node {k}"
        taken.add(out[node.id])
    return out


def default_ns(kind: Kind) -> str:
    """The Argdown namespace a node of this kind is written in: pros and cons are arguments."""
    return "argument" if kind in (Kind.PRO, Kind.CON) else "statement"


def ns_of(node: Node) -> str:
    """The namespace a node is written in: the one it was read from, else its kind's."""
    extra = (node.__pydantic_extra__ or {}).get("argdown")
    ns = extra.get("ns") if isinstance(extra, dict) else None
    return ns if ns in ("statement", "argument") else default_ns(node.kind)


def relation_kind(node: Node) -> str:
    """The Argdown relation of a tree edge: cons and harmful consequences attack, the rest support."""
    if node.kind is Kind.CON:
        return "attack"
    if node.kind is Kind.CONSEQUENCE and node.impact and sum(node.impact.values()) < 0:
        return "attack"
    return "support"


# Starts only where a run of spaces and tabs starts, so a long run with no line break after it
# is scanned once, not once from each of its characters.
_LINE_BREAK = re.compile(r"(?<![ \t])[ \t]*[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]\s*")
_RULE_OK = re.compile(r"[^\n,{}\[\]<>#@\\/*_=-][^\n,{}\[\]<>#@\\/*_=]*")


def _argdown_extra(node: Node) -> dict[str, Any]:
    extra = (node.__pydantic_extra__ or {}).get("argdown")
    return extra if isinstance(extra, dict) else {}


class _Writer:
    def __init__(self, doc: Document) -> None:
        from argmap.io.argdown import _Reader

        self.doc = doc
        self.index = {n.id: n for n in doc.nodes}
        self.titles = _titles(doc)
        self.probe = _Reader("", None)
        #: Links the text says by its structure (an undercut in a tree, a premise in a structure).
        self.structural: set[int] = set()
        #: Node id -> the index of the undercuts link its tree edge stands for.
        self.undercut_edge: dict[str, int] = {}
        #: Argument id -> its premise-conclusion structure, in the order they are written.
        self.structures: dict[str, list[Any]] = {}
        #: Node id -> the argument whose structure defines it (and its tree edge).
        self.defined_in: dict[str, str] = {}
        root = doc.root()
        #: The question made up on import, which the text leaves out (it stays in the frontmatter).
        self.generated = root if (root is not None and root.id == doc.question and len(doc.roots()) == 1
                                  and _argdown_extra(root).get("generated") is True
                                  and not any(root.id in (ln.source, ln.target) for ln in doc.links)) else None
        self._plan()

    def alone(self, node: Node) -> bool:
        """Whether a node stood alone in the file it was read from, and is written alone again."""
        if self.generated is not None:
            return node.parent == self.generated.id
        return (_argdown_extra(node).get("top") is True and node.parent is not None
                and node.parent == self.doc.question and self.index[node.parent].parent is None)

    def detached(self, node: Node) -> bool:
        """Whether a node is written in a block of its own, its parent named in its data: a note on
        anything but a note, as a note is no argument for or against what it is about."""
        if (node.kind is not Kind.NOTE or node.parent is None or node.id in self.defined_in
                or node.id in self.undercut_edge or self.alone(node)):
            return False
        return self.index[node.parent].kind is not Kind.NOTE and "about" not in _argdown_extra(node)

    # -- what the structure of the text carries ----------------------------------------------

    def _plan(self) -> None:
        doc, index = self.doc, self.index
        plain: dict[tuple[str, str, str], list[int]] = {}
        for i, link in enumerate(doc.links):
            if not link.__pydantic_extra__:
                plain.setdefault(link.key, []).append(i)
        for node in doc.nodes:
            parent = index.get(node.parent) if node.parent is not None else None
            spare = plain.get((node.id, node.parent or "", LinkKind.UNDERCUTS.value))
            if parent is not None and spare:
                self.undercut_edge[node.id] = spare.pop(0)
                self.structural.add(self.undercut_edge[node.id])
        candidates: dict[str, tuple[list[Any], dict[str, str], list[int]]] = {}
        #: Node id -> the consequences its plain leads_to links go to, written in its data.
        self.leads: dict[str, list[str]] = {}
        for i, link in enumerate(doc.links):
            source = index.get(link.source)
            if (link.kind is LinkKind.LEADS_TO and not link.__pydantic_extra__ and source is not None
                    and link.target in index and link.source != link.target
                    and "leads_to" not in _argdown_extra(source)):
                self.leads.setdefault(link.source, []).append(link.target)
                self.structural.add(i)
        for node in doc.nodes:
            layout = _argdown_extra(node).get("pcs")
            found = self._fits(node, layout, plain) if isinstance(layout, list) else None
            if found is not None:
                candidates[node.id] = (layout, *found)
        # A structure whose premise is defined in another one comes after it, so the premise's
        # first relation (its tree edge) is read first; structures in a loop are not written.
        # A premise the structure only refers to must have its tree edge read before it, or
        # the reader hangs it under the structure's holder: an item of a structure written
        # before, or a node that is not a root, nor standing alone (hung under the question
        # later), nor a note written apart, nor under an item of a structure (the trees under
        # items are written after all structures).
        items = {x for _, defined, _ in candidates.values() for x in defined}

        def edge_first(node_id: str) -> bool:
            node = index[node_id]
            if node.parent is None or self.alone(node) or self.detached(node):
                return False
            up, seen = index.get(node.parent), {node_id}
            while up is not None and up.id not in seen:  # a loop of parents is refused later
                if up.id in items:
                    return False
                seen.add(up.id)
                up = index.get(up.parent) if up.parent is not None else None
            return True

        done: set[str] = set()
        progress = True
        while progress:
            progress = False
            for arg_id, (layout, defined, used) in candidates.items():
                if arg_id in done:
                    continue
                needs = {home for x in layout if isinstance(x, str) and x not in defined
                         for home in [self._home(x, candidates)] if home not in (None, arg_id)}
                if needs <= done and all(doc.links[i].source in self.defined_in or edge_first(doc.links[i].source)
                                         for i in used):
                    done.add(arg_id)
                    progress = True
                    self.structures[arg_id] = layout
                    for x in defined:
                        self.defined_in[x] = arg_id
                    self.structural.update(used)

    @staticmethod
    def _home(node_id: str, candidates: dict[str, Any]) -> str | None:
        for arg_id, (_, defined, _) in candidates.items():
            if node_id in defined:
                return arg_id
        return None

    def _fits(self, arg: Node, layout: list[Any], plain: dict[tuple[str, str, str], list[int]]
              ) -> tuple[dict[str, str], list[int]] | None:
        """Whether a structure still matches the map: (items it defines -> holder, links it stands for)."""
        index = self.index
        items = [x for x in layout if isinstance(x, str)]
        if (any(not isinstance(x, (str, dict)) for x in layout) or ns_of(arg) != "argument" or len(layout) < 3 or not isinstance(layout[0], str)
                or not isinstance(layout[-1], str) or not isinstance(layout[-2], dict)
                or len(set(items)) != len(items) or arg.id in items
                or any(x not in index or ns_of(index[x]) != "statement" for x in items)):
            return None
        if any(isinstance(a, dict) and isinstance(b, dict) for a, b in pairwise(layout)):
            return None
        for step in layout:
            if isinstance(step, dict) and not self._inference_ok(step):
                return None
        conclusion = layout[-1]
        if arg.parent != conclusion or self.relation(arg) != "support":
            return None
        if any(ln.source == arg.id and ln.target != conclusion and ln.kind in (LinkKind.SUPPORTS, LinkKind.ATTACKS)
               for ln in self.doc.links):
            return None  # Argdown moves an argument's own relations to its conclusion
        defined: dict[str, str] = {}
        used: list[int] = []
        taken = {k: list(v) for k, v in plain.items() if k[2] == LinkKind.SUPPORTS.value}
        number = {x: n + 1 for n, x in enumerate(items)}
        pending: list[str] = []
        for k, step in enumerate(layout):
            if isinstance(step, str):
                pending.append(step)
                continue
            after = layout[k + 1]
            holder = arg.id if k + 2 == len(layout) else after
            uses = step.get("data", {}).get("uses")
            premises = pending
            if isinstance(uses, list):  # premises by number, in the order of `uses`, as the reader takes them
                by_n = {n: x for x, n in number.items()}
                premises = [by_n[u] for u in uses if not isinstance(u, (list, dict)) and u in by_n]
            for p in premises:
                if p in (after, holder):
                    continue
                node = index[p]
                if node.parent == holder and p not in defined and self.relation(node) == "support":
                    defined[p] = holder
                else:
                    spare = taken.get((p, holder, LinkKind.SUPPORTS.value))
                    if not spare:
                        return None
                    used.append(spare.pop(0))
            pending = []
        return defined, used

    @staticmethod
    def _inference_ok(step: dict[str, Any]) -> bool:
        rules, data = step.get("rules", []), step.get("data", {})
        if set(step) - {"rules", "data"} or not isinstance(rules, list) or not isinstance(data, dict):
            return False
        if any(not value for value in step.values()):
            return False  # the reader leaves out empty rules and data: the structure stays in the data
        return all(isinstance(r, str) and r == r.strip() and _RULE_OK.fullmatch(r) for r in rules)

    # -- elements ----------------------------------------------------------------------------

    def ref(self, node: Node) -> str:
        title = self.titles[node.id]
        return f"<{title}>" if ns_of(node) == "argument" else f"[{title}]"

    def element(self, node: Node, index: int | None) -> str:
        """One element: title, escaped text, tags and the data block that carries the rest."""
        title = self.titles[node.id]
        data: dict[str, Any] = {"kind": node.kind.value}
        if node.id != title:
            data["id"] = node.id
        if node.title != title:
            data["title"] = node.title
        # One line: a line break and the spaces around it become one space, as Argdown reads it;
        # other runs of spaces stay.
        text = node.text if node.text.isprintable() else _LINE_BREAK.sub(" ", node.text)
        printable = text if text.isprintable() else "".join(c if c.isprintable() else " " for c in text)
        text, tags, text_said, tags_said = self._text_and_tags(node, printable.strip(" "))
        if not text_said:
            data["text"] = node.text
        if not tags_said:
            data["tags"] = node.tags
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
        argdown = data.get("argdown")
        if isinstance(argdown, dict) and argdown:  # what the text itself says is not repeated in the data
            argdown = dict(argdown)
            if argdown.get("ns") in ("statement", "argument") and argdown["ns"] != default_ns(node.kind):
                del argdown["ns"]
            if argdown.get("rel") in ("support", "attack") and argdown["rel"] != relation_kind(node) \
                    and argdown["rel"] == self.relation(node) and node.parent is not None \
                    and not self.alone(node) and not self.detached(node) and node.id not in self.defined_in:
                del argdown["rel"]
            if node.id in self.structures:
                del argdown["pcs"]
            # Keys the reader takes as instructions are kept aside when the node holds them itself.
            aside = {k: argdown.pop(k) for k in ("about", "leads_to", "kept", "whole") if k in argdown}
            if argdown.get("top") is True and not self.alone(node):
                aside["top"] = argdown.pop("top")  # only what stands alone is hung under the question
            if aside:
                argdown["kept"] = aside
            if argdown:
                data["argdown"] = argdown
            else:
                del data["argdown"]
        if self.detached(node) or node.id in self.leads:
            own = data.get("argdown", {})
            # Data that is no mapping, or an empty one the reader would not keep, is kept whole.
            said = dict(own) if isinstance(own, dict) and (own or "argdown" not in data) else {"whole": own}
            if self.detached(node):
                said["about"] = node.parent
            if node.id in self.leads:
                said["leads_to"] = self.leads[node.id]
            data["argdown"] = said
        # Without text the element is a bare reference, whose data "link" would mark a link: define it then.
        head = self.ref(node) + (": " + text if text else ":" if {"link", "link_data"} & data.keys() else "")
        return " ".join(part for part in (head, tags, _json(data)) if part)

    def _text_and_tags(self, node: Node, shown: str) -> tuple[str, str, bool, bool]:
        """The escaped text, the tags written after it, and whether those say the text and tags exactly.

        A tag the text holds in its middle is written as a tag, as Argdown has it; a tag that
        came from a heading is left to the data.
        """
        extra = _argdown_extra(node)
        section = extra.get("section")
        inline = [] if extra.get("tags") == "data" else [t for t in node.tags if t != section]
        plain = escape_text(shown)
        choices = [plain]
        simple = [t for t in inline if _SIMPLE_TAG.fullmatch(t) and escape_text(t) == t]
        if simple and "\\#" in plain:
            said = re.sub(r"\\#(" + "|".join(re.escape(t) for t in simple) + r")(?![A-z0-9\-\u00A0-\uFFEF])",
                          r"#\1", plain)
            if said != plain:
                choices.insert(0, said)
        can_tag = all(t and t == t.strip() and t.isprintable() and not any(c in t for c in ")[]<>") for t in inline)
        for text in choices:
            alone = self._probe(text)
            if alone is None or alone.data or alone.text != node.text:
                continue
            rest = [t for t in inline if t not in alone.tags]
            tail = " ".join(f"#{t}" if _SIMPLE_TAG.fullmatch(t) else f"#({t})" for t in rest) if can_tag else ""
            both = self._probe(f"{text} {tail}") if tail else alone
            if both is None or both.data or both.text != alone.text or both.tags != inline:
                return text, "", not alone.tags, not node.tags
            return text, tail, True, both.tags == node.tags
        return plain, "", False, not node.tags

    def _probe(self, body: str) -> Any:
        """How our reader reads an element's body, or None when it cannot."""
        try:
            return self.probe.inline(body, 1, 1)
        except ArgdownSyntaxError:
            return None

    # -- trees, structures, links ------------------------------------------------------------

    def relation(self, node: Node) -> str:
        """The relation of a node's tree edge as written: undercut, attack or support."""
        if node.id in self.undercut_edge:
            return "undercut"
        rel = _argdown_extra(node).get("rel")
        return rel if rel in ("support", "attack") else relation_kind(node)

    def tree(self, root: Node, index: int | None, out: list[str]) -> None:
        out.append(self.element(root, index))
        self.subtree(root, 1, out)

    def subtree(self, top: Node, depth: int, out: list[str], first: int = 0) -> None:
        """The children of `top` (those not defined by a premise-conclusion structure), nested from
        `depth`; `first` is how many children of `top` the reader has met before these."""
        stack: list[tuple[Node, int, int]] = []

        def push(node: Node, level: int, first: int = 0) -> None:
            kids = [k for k in self.doc.children(node.id)
                    if k.id not in self.defined_in and not self.alone(k) and not self.detached(k)]
            for i in range(len(kids) - 1, -1, -1):
                stack.append((kids[i], level, first + i))

        push(top, depth, first)
        while stack:
            node, level, index = stack.pop()
            symbol = {"attack": "<-", "undercut": "<_"}.get(self.relation(node), "<+")
            out.append("  " * level + symbol + " " + self.element(node, index))
            push(node, level + 1)

    def write_structures(self, out: list[str]) -> None:
        # The relations under an item are written in blocks of their own after the structures:
        # under an item Argdown reads an undercut as one of the inference next to it.
        items: list[Node] = []
        for arg_id, layout in self.structures.items():
            out.extend(["", self.ref(self.index[arg_id]), ""])
            number = 0
            for step in layout:
                if isinstance(step, dict):
                    rules, data = step.get("rules", []), step.get("data", {})
                    if not rules and not data:
                        out.append("----")
                    else:
                        out.extend(["--", ", ".join(rules) + (" " if rules and data else "")
                                    + (_json(data) if data else ""), "--"])
                    continue
                number += 1
                node = self.index[step]
                if self.defined_in.get(step) == arg_id:
                    out.append(f"({number}) " + self.element(node, None))
                    items.append(node)
                else:
                    out.append(f"({number}) " + self.ref(node))
        for node in items:
            below: list[str] = []
            # The children its structures define are read before these, in the structures above.
            before = sum(1 for k in self.doc.children(node.id) if k.id in self.defined_in)
            self.subtree(node, 1, below, before)
            if below:
                out.extend(["", self.ref(node), *below])

    def links(self, out: list[str]) -> None:
        doc = self.doc
        index = self.index
        seen = {(n.id, n.parent, self.relation(n)) for n in doc.nodes if n.parent is not None}
        for i in self.structural:
            link = doc.links[i]
            seen.add((link.source, link.target, _TREE_KIND.get(link.kind, link.kind.value)))
        previous = None
        for i, link in enumerate(doc.links):
            if i in self.structural:
                continue
            source, target = index.get(link.source), index.get(link.target)
            if source is None or target is None:
                raise ExportError(f"A link goes from '{link.source}' to '{link.target}', which is not a node.",
                                  hint="Remove the link or add the node, then export again.")
            key = (link.source, link.target, _TREE_KIND.get(link.kind, link.kind.value))
            extra = link.__pydantic_extra__
            marked = (link.kind in (LinkKind.LEADS_TO, LinkKind.SAME_AS) or source.parent is None or key in seen
                      or source is target or bool(extra) or self.alone(source) or self.detached(source))
            seen.add(key)
            if previous != link.source:
                out.extend(["", self.ref(source)])
                previous = link.source
            symbol = _LINK_SYMBOL[link.kind]
            if link.kind is LinkKind.CONTRADICTS and "argument" in (ns_of(source), ns_of(target)):
                symbol, marked = "->", True  # Argdown allows '><' between statements only
            line = f"  {symbol} {self.ref(target)}"
            data: dict[str, Any] = {"link": link.kind.value}
            if extra:
                data["link_data"] = extra  # fields argmap does not know, kept with the link
            out.append(line + (f" {_json(data)}" if marked else ""))


def _frontmatter(doc: Document, meta: dict[str, Any]) -> list[str]:
    out = ["==="]
    if doc.title:
        out.append(f"title: {_jstr(doc.title)}")
    argdown = (doc.__pydantic_extra__ or {}).get("argdown")
    if isinstance(argdown, dict) and argdown.get("mode") == "strict":
        out.append("model: {mode: strict}")
    return out + [f"argmap: {_json(meta, 1)}", "==="]  # inside the frontmatter's own mapping


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
    if walk != listed or writer.structures:  # the reader meets items of a structure after the trees
        meta["node_order"] = listed
    body: list[str] = []
    if writer.generated is not None:
        meta["generated_question"] = writer.generated.model_dump(mode="json", by_alias=True, exclude_defaults=True)
        for index, top in enumerate(doc.children(writer.generated.id)):
            body.append("")
            writer.tree(top, index, body)
    else:
        for index, root in enumerate(doc.roots()):
            body.append("")
            writer.tree(root, index, body)
        alone = [n for n in doc.walk() if writer.alone(n)]
        for top in alone:
            body.append("")
            writer.tree(top, None, body)  # its place among the question's options is in its data
        if alone:
            meta["node_order"] = listed
    notes = [n for n in doc.walk() if writer.detached(n)]
    for note in notes:
        body.append("")
        writer.tree(note, None, body)  # what it is about, and its place there, are in its data
    if notes:
        meta["node_order"] = listed
    writer.write_structures(body)
    writer.links(body)
    text = "\n".join(_frontmatter(doc, meta) + body) + "\n"
    if writer.structural and len(doc.links) > 1:
        order = _link_order(doc, text)
        if order is not None:
            meta["link_order"] = order
            text = "\n".join(_frontmatter(doc, meta) + body) + "\n"
    return text


def _link_order(doc: Document, text: str) -> list[int] | None:
    """Where each of the map's links lands among those read back, when the text's structure reorders them."""
    from argmap.io.argdown import loads

    read = loads(text).links
    free: dict[tuple[str, str, str], list[int]] = {}
    for k, link in enumerate(read):
        free.setdefault(link.key, []).append(k)
    order: list[int] = []
    for link in doc.links:
        same = free.get(link.key, [])
        k = next((k for k in same if read[k] == link), None)
        if k is None:
            return None
        same.remove(k)
        order.append(k)
    return None if order == sorted(order) else order
