"""AIF, the Argument Interchange Format, in the JSON that AIFdb and OVA write: import and export.

An AIF graph has I-nodes (claims) and S-nodes between them: RA (inference: premises ->
conclusion), CA (conflict: attacker -> target), MA (rephrase), PA (preference), and the
dialogue nodes of AIF+ (L locutions, YA illocutions, TA transitions). argmap reads it as:

- every I-node is a node of the map, keeping its nodeID as the node's id;
- the tree: each I-node hangs under the first claim it supports (RA: a pro) or attacks
  (CA: a con), taking the RA and CA nodes in the order the file lists them, and a premise's
  edges in their order; a target that would close a loop is passed over for the next. An
  I-node that supports or attacks nothing (or only along loops) is a top claim: an option
  under a generated question named after the file;
- every other RA, CA or MA relation is a cross-link (supports, attacks, same_as; a CA
  aimed at an S-node undercuts that inference's premise), so no relation is lost;
- the S-node a relation came from is kept on the node (`aif_via`) or link (`aif`), with its
  scheme name (`scheme`) when it is not a default one;
- PA, L, YA and TA nodes, the edges that touch them, and `locutions`, `participants`,
  `schemefulfillments` and any other part of the file are kept unchanged in the map's
  `aif` field and written back on export.

argmap's export adds an `argmap` object to the file and to each node it writes (the
kinds, weights and everything else AIF has no place for), so that reading the export
gives back an equal map; other tools ignore those fields.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from pydantic_core import from_json

from argmap.errors import Diagnostic, DocumentError, SourceRef
from argmap.model.document import VERSION, Document, Kind, Link, LinkKind, Node

__all__ = [
    "MAX_BYTES",
    "dumps",
    "graph_of",
    "loads",
    "loads_with_diagnostics",
    "read",
    "read_bytes",
    "read_with_diagnostics",
    "to_aif",
    "write",
]

MAX_BYTES = 1 << 30
#: Deepest nesting of lists and objects read: kept data must fit the JSON and Argdown readers once saved.
MAX_DEPTH = 100
#: The S-node types argmap maps onto its tree and links.
_ARGUMENT = frozenset({"RA", "CA", "MA"})
#: A scheme name that says no more than the S-node's type.
_DEFAULT_SCHEME = re.compile(r"^(default (inference|conflict|rephrase|preference)|ra|ca|ma|pa)?$", re.IGNORECASE)
_GRAPH_PARTS = ("nodes", "edges")


# -- reading ------------------------------------------------------------------------------------------


def read_bytes(path: str | os.PathLike[str], what: str) -> bytes:
    """The bytes of a file to import, or DocumentError naming the file (`what`: the expected kind of file)."""
    name = str(path)
    p = Path(path)
    try:
        if p.is_dir():
            raise DocumentError(f"is a folder, not {what}", source=SourceRef(name))
        if p.stat().st_size > MAX_BYTES:
            raise DocumentError(f"the file is larger than {MAX_BYTES >> 20} MiB", source=SourceRef(name))
        return p.read_bytes()
    except FileNotFoundError:
        raise DocumentError("no such file", hint="Check the path.", source=SourceRef(name)) from None
    except PermissionError:
        raise DocumentError("permission denied", hint="Check the file's permissions.", source=SourceRef(name)) from None
    except OSError as exc:
        raise DocumentError(f"cannot be read ({exc.strerror or exc})", source=SourceRef(name)) from None


def read(path: str | os.PathLike[str]) -> Document:
    """Import an AIF JSON file (warnings dropped; see `read_with_diagnostics`)."""
    return read_with_diagnostics(path)[0]


def read_with_diagnostics(path: str | os.PathLike[str]) -> tuple[Document, list[Diagnostic]]:
    """Import an AIF JSON file: the map, and warnings about what could not be placed as it was."""
    return loads_with_diagnostics(read_bytes(path, "an AIF JSON file"), str(path))


def loads(data: bytes | str, path: str | None = None) -> Document:
    return loads_with_diagnostics(data, path)[0]


def _fail(message: str, path: str | None, where: str | None = None, hint: str = "") -> DocumentError:
    return DocumentError(message, hint=hint, source=SourceRef(path=path, json_path=where))


def _parse(data: bytes | str, path: str | None) -> dict[str, Any]:
    try:
        top = from_json(data, allow_inf_nan=False)
    except ValueError as exc:
        msg = str(exc)
        raise _fail(f"invalid JSON: {msg}", path, hint="AIF files are JSON; check the file is complete.") from None
    if not isinstance(top, dict):
        raise _fail("expected a JSON object with 'nodes' and 'edges'", path)
    _check_depth(top, path)
    return top


def _check_depth(top: dict[str, Any], path: str | None) -> None:
    """DocumentError when lists and objects nest more than MAX_DEPTH deep (the map could not be saved)."""
    stack: list[tuple[Any, int]] = [(top, 1)]
    pop, push = stack.pop, stack.append
    while stack:
        value, depth = pop()
        for item in value.values() if value.__class__ is dict else value:
            if item.__class__ in _NESTED:
                if depth >= MAX_DEPTH:
                    raise _fail(f"the data is nested more than {MAX_DEPTH} levels deep", path,
                                hint="AIF needs a few levels; check the file was written as AIF JSON.")
                # Most nodes and edges hold strings and numbers only: sifted in C, not pushed.
                if not _NESTED.isdisjoint(map(type, item.values() if item.__class__ is dict else item)):
                    push((item, depth + 1))


_NESTED = frozenset({dict, list})


def graph_of(top: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The AIF graph in a parsed file, and what wraps it (OVA writes {"AIF": graph, "OVA": ..., "text": ...})."""
    for key in ("AIF", "aif"):
        inner = top.get(key)
        if isinstance(inner, dict) and "nodes" in inner:
            return inner, {k: v for k, v in top.items() if k != key} | {"_key": key}
    return top, {}


def loads_with_diagnostics(data: bytes | str, path: str | None = None) -> tuple[Document, list[Diagnostic]]:
    """Parse AIF JSON into a map, with warnings; DocumentError (one line naming the node) when it cannot be read."""
    from argmap.scoring.graph import paused_gc

    with paused_gc():  # tens of thousands of small dicts and models: no collector passes while they are made
        top = _parse(data, path)
        graph, wrapper = graph_of(top)
        return _Reader(graph, wrapper, path).build()


class _Reader:
    def __init__(self, graph: dict[str, Any], wrapper: dict[str, Any], path: str | None) -> None:
        self.graph = graph
        self.wrapper = wrapper
        self.path = path
        self.warnings: list[Diagnostic] = []
        annotation = graph.get("argmap")
        self.annotation: dict[str, Any] | None = annotation if isinstance(annotation, dict) else None

    def warn(self, where: str, message: str) -> None:
        self.warnings.append(Diagnostic("warning", where, message))

    # The graph's nodes and edges, checked.

    def _nodes(self) -> tuple[dict[str, dict[str, Any]], dict[str, str], list[str], dict[str, int]]:
        raw = self.graph.get("nodes")
        if not isinstance(raw, list):
            raise _fail("expected 'nodes' to be a list of AIF nodes", self.path, "nodes")
        by_id: dict[str, dict[str, Any]] = {}
        types: dict[str, str] = {}
        order: list[str] = []
        position: dict[str, int] = {}
        for i, node in enumerate(raw):
            if not isinstance(node, dict) or node.get("nodeID") in (None, ""):
                raise _fail("an AIF node needs a nodeID", self.path, f"nodes[{i}]")
            nid = str(node["nodeID"])
            kind = str(node.get("type", "")).upper()
            if nid in by_id:
                first = by_id[nid]
                if str(first.get("type", "")).upper() == kind and first.get("text") == node.get("text"):
                    self.warn(f"nodes[{i}]", f"node '{nid}' is listed twice; the copies are the same, one is kept")
                    continue
                raise _fail(f"node id '{nid}' is used by two different nodes (nodes[{position[nid]}] and nodes[{i}])",
                            self.path, f"nodes[{i}].nodeID", hint="Give each node its own nodeID.")
            by_id[nid] = node
            types[nid] = kind
            order.append(nid)
            position[nid] = i
        return by_id, types, order, position

    def build(self) -> tuple[Document, list[Diagnostic]]:
        nodes, types, order, position = self._nodes()
        raw_edges = self.graph.get("edges", [])
        if not isinstance(raw_edges, list):
            raise _fail("expected 'edges' to be a list of AIF edges", self.path, "edges")
        incoming: dict[str, list[str]] = {}
        outgoing: dict[str, list[str]] = {}
        valid: list[tuple[str, str, dict[str, Any]]] = []
        seen_edges: set[Any] = set()
        kept_types = {nid for nid, t in types.items() if t not in _ARGUMENT and t != "I"}
        type_of = types.get
        for j, edge in enumerate(raw_edges):
            if not isinstance(edge, dict):
                self.warn(f"edges[{j}]", "an edge that is not an object is left out")
                continue
            a, b = edge.get("fromID", ""), edge.get("toID", "")
            if a.__class__ is not str:
                a = str(a)
            if b.__class__ is not str:
                b = str(b)
            eid = edge.get("edgeID")
            if eid is not None and eid.__class__ is not str and eid.__class__ is not int:
                eid = str(eid)  # a list or object as an id: compared by its text
            ta, tb = type_of(a), type_of(b)
            if ta is None or tb is None:
                end, missing = ("fromID", a) if ta is None else ("toID", b)
                self.warn(f"edges[{j}].{end}", f"{_edge(eid)} joins node '{missing}', which does not exist; left out")
                continue
            if eid is not None:
                if eid in seen_edges:
                    self.warn(f"edges[{j}].edgeID", f"edge id '{eid}' is used twice")
                seen_edges.add(eid)
            valid.append((a, b, edge))
            if ta == "I":
                if tb == "I":
                    self.warn(f"edges[{j}]", f"{_edge(eid)} joins two I-nodes with no S-node between; kept as data")
                    continue
                if tb not in _ARGUMENT:
                    continue  # dialogue, preferences, or a type AIF does not define: kept as data
            elif ta not in _ARGUMENT or (tb != "I" and tb not in _ARGUMENT):
                continue
            if a in outgoing:
                outgoing[a].append(b)
            else:
                outgoing[a] = [b]
            if b in incoming:
                incoming[b].append(a)
            else:
                incoming[b] = [a]
        return self._assemble(nodes, types, order, position, incoming, outgoing, valid, kept_types)

    def _assemble(self, nodes, types, order, position, incoming, outgoing, valid, kept_types):
        annotated = self.annotation is not None
        inodes = [nid for nid in order if types[nid] == "I"]
        # Relations, in file order: (S-node id, type, premise, target I-node or None, target S-node or None).
        candidates: dict[str, list[tuple[int, str, str]]] = {}  # premise -> [(rank, s-node, target)]
        relations: list[tuple[str, str, str, str]] = []  # (s-node, kind, premise, target) for links
        bad: set[str] = set()  # argument S-nodes that cannot be placed: kept as data
        rank = 0
        for sid in order:
            stype = types[sid]
            if stype not in _ARGUMENT:
                continue
            note = _annotation(nodes[sid])
            link_note = note.get("link") if isinstance(note.get("link"), dict) else None
            targets = outgoing.get(sid, [])
            premises = [p for p in incoming.get(sid, []) if types[p] == "I"]
            where = f"nodes[{position[sid]}]"
            if not targets or not premises:
                missing = "conclusion" if stype == "RA" else "target" if not targets else "premise"
                if stype == "CA":
                    missing = "target" if not targets else "attacker"
                self.warn(where, f"{stype} node '{sid}' has no {missing}; kept as data")
                bad.add(sid)
                continue
            if len(targets) > 1:
                self.warn(where, f"{stype} node '{sid}' has {len(targets)} conclusions; the first, '{targets[0]}', is used")
            target = targets[0]
            if types[target] != "I":
                if stype != "CA" or types[target] not in _ARGUMENT:
                    self.warn(where, f"{stype} node '{sid}' points at a {types[target]} node; kept as data")
                    bad.add(sid)
                    continue
                # A conflict aimed at an inference: it undercuts that inference's premise.
                undercut = link_note.get("to") if link_note and isinstance(link_note.get("to"), str) else None
                aimed = [p for p in incoming.get(target, []) if types[p] == "I"]
                to = undercut if undercut in nodes else (aimed[0] if aimed else None)
                if to is None:
                    self.warn(where, f"CA node '{sid}' undercuts '{target}', which has no premise; kept as data")
                    bad.add(sid)
                    continue
                for p in premises:
                    relations.append((sid, "undercuts", p, to))
                continue
            for p in premises:
                kind = {"RA": "supports", "CA": "attacks", "MA": "same_as"}[stype]
                if stype == "MA" or (annotated and link_note is not None):
                    relations.append((sid, kind, p, target))
                else:
                    candidates.setdefault(p, []).append((rank, sid, target))
                    rank += 1
        parent, via, via_rank, loops = _spanning_tree(inodes, candidates, types)
        for p in loops:
            self.warn(f"nodes[{position[p]}]", f"a cycle of inferences runs through node '{p}'; it is placed as a top claim")
        # Every candidate not used for the tree is a cross-link.
        for p, cands in candidates.items():
            for _rank, sid, target in cands:
                if via.get(p) != sid or parent.get(p) != target:
                    relations.append((sid, "supports" if types[sid] == "RA" else "attacks", p, target))
        relations.sort(key=lambda r: position[r[0]])
        kept_edges = [(a, b, e) for a, b, e in valid
                      if a in kept_types or b in kept_types or a in bad or b in bad or types[a] == types[b] == "I"]
        # An S-node placed in the tree or as a link is written back under a new id unless the map
        # keeps its own (an annotated file may not): one that kept edges join is kept as data too.
        lost = self._unrecorded(nodes, via, relations) if annotated else set()
        joined = {x for a, b, _e in kept_edges for x in (a, b) if x in lost}
        kept_nodes = [nid for nid in order if nid in kept_types or nid in bad or nid in joined]
        kept_edges = [e for _a, _b, e in kept_edges]
        return self._document(nodes, types, inodes, parent, via, via_rank, relations, kept_nodes, kept_edges)

    @staticmethod
    def _unrecorded(nodes, via, relations) -> set[str]:
        """The S-nodes an annotated file places in the tree or as links without keeping their ids in its annotations."""
        placed = set(via.values()) | {r[0] for r in relations}
        recorded: set[str] = set()
        for nid, sid in via.items():
            kept = _annotation(nodes[nid]).get("aif_via")
            if isinstance(kept, dict) and str(kept.get("nodeID")) == sid:
                recorded.add(sid)
        for sid, *_ in relations:
            note = _annotation(nodes[sid]).get("link")
            if not isinstance(note, dict):
                recorded.add(sid)  # read as from another tool: the S-node is kept on the link
            elif isinstance(note.get("aif"), dict) and str(note["aif"].get("nodeID")) == sid:
                recorded.add(sid)
        return placed - recorded

    def _document(self, nodes, types, inodes, parent, via, via_rank, relations, kept_nodes, kept_edges):
        annotated = self.annotation is not None
        out: list[Node] = []
        question_id = None
        if not annotated:
            question_id = _free_id("aif-question", nodes)
        children: dict[str | None, list[str]] = {}
        for nid in inodes:
            children.setdefault(parent.get(nid, question_id), []).append(nid)
        order: dict[str, int] = {}
        for pid, group in children.items():
            if pid is not None and pid != question_id:
                group.sort(key=via_rank.__getitem__)
            elif annotated:  # top nodes keep their order among themselves, as written
                group.sort(key=lambda c: _root_order(nodes[c]))
            for i, c in enumerate(group):
                order[c] = i
        kinds: dict[str, Kind] = {}
        for nid in _tree_order(children, question_id):
            node = nodes[nid]
            note = _annotation(node) if annotated else {}
            pid = parent.get(nid, question_id)
            fields: dict[str, Any] = {k: v for k, v in note.items() if k != "order"} if annotated else {}
            if not annotated or "kind" not in note:
                fields["kind"] = _derived_kind(kinds.get(pid) if pid != question_id else Kind.QUESTION,
                                               types.get(via.get(nid, ""), ""), pid is None)
            own = {k: v for k, v in node.items() if k not in ("nodeID", "text", "type", "argmap")}
            if own and not annotated:
                fields["aif"] = own
            if nid in via and not annotated:
                s = nodes[via[nid]]
                fields["aif_via"] = {k: v for k, v in s.items() if k != "argmap"}
                scheme = _scheme(s)
                if scheme:
                    fields["scheme"] = scheme
            fields.update(id=nid, text=_text(node.get("text")), parent=pid, order=order[nid])
            out.append(self._node(fields, nid))
            kinds[nid] = out[-1].kind
        # Keep the file's order of I-nodes in the list.
        by_id = {n.id: n for n in out}
        node_list = [by_id[nid] for nid in inodes]
        if question_id is not None:
            node_list.insert(0, Node(id=question_id, kind=Kind.QUESTION, text=self._title(),
                                     note="Made on import: an AIF graph has no question. Each claim that supports "
                                          "or attacks nothing else is an option under it."))
        links = [self._link(sid, kind, p, t, nodes[sid]) for sid, kind, p, t in relations]
        kept = self._kept(nodes, kept_nodes, kept_edges)
        return self._finish(node_list, links, kept, question_id)

    def _node(self, fields: dict[str, Any], nid: str) -> Node:
        try:
            return Node.model_validate(fields)
        except ValidationError as exc:
            err = exc.errors(include_url=False)[0]
            loc = ".".join(str(x) for x in err["loc"])
            raise _fail(f"node '{nid}': {loc} {err['msg'].lower()}", self.path, f"node '{nid}'") from None

    def _link(self, sid: str, kind: str, source: str, target: str, snode: dict[str, Any]) -> Link:
        note = _annotation(snode).get("link")
        if self.annotation is not None and isinstance(note, dict):
            fields = {k: v for k, v in note.items() if k != "to"}
        else:
            fields = {"kind": kind, "aif": {k: v for k, v in snode.items() if k != "argmap"}}
            scheme = _scheme(snode)
            if scheme:
                fields["scheme"] = scheme
        try:
            return Link.model_validate({**fields, "from": source, "to": target})
        except ValidationError as exc:
            err = exc.errors(include_url=False)[0]
            raise _fail(f"S-node '{sid}': {err['msg'].lower()}", self.path, f"node '{sid}'") from None

    def _kept(self, nodes, kept_nodes, kept_edges) -> dict[str, Any]:
        kept: dict[str, Any] = {}
        if kept_nodes:
            kept["nodes"] = [nodes[n] for n in kept_nodes]
        if kept_edges:
            kept["edges"] = kept_edges
        for key, value in self.graph.items():
            if key not in _GRAPH_PARTS and key != "argmap":
                kept[key] = value
        if self.wrapper:
            kept["wrapper"] = self.wrapper
        return kept

    def _title(self) -> str:
        return Path(self.path).name.split(".")[0] if self.path else "AIF import"

    def _finish(self, node_list: list[Node], links: list[Link], kept: dict[str, Any], question_id: str | None):
        data: dict[str, Any] = {}
        if self.annotation is not None:
            data.update({k: v for k, v in self.annotation.items()
                         if k not in ("nodes", "links", "aif", "format", "version")})
            version = self.annotation.get("version")
            if version.__class__ is int and version > VERSION:  # from a newer argmap: kept, as its JSON reader keeps it
                data["version"] = version
        else:
            data.update(title=self._title(), question=question_id)
        if kept:
            data["aif"] = kept
        try:
            doc = Document.model_validate({**data, "nodes": [], "links": []})
        except ValidationError as exc:
            err = exc.errors(include_url=False)[0]
            loc = ".".join(str(x) for x in err["loc"])
            raise _fail(f"argmap.{loc}: {err['msg'].lower()}", self.path, "argmap") from None
        doc.nodes = node_list
        doc.links = links
        self._check_loadable(doc)
        return doc, self.warnings

    def _check_loadable(self, doc: Document) -> None:
        """DocumentError for what argmap's own reader would refuse once saved: a broken tree, a number not finite."""
        from argmap.io.jsondoc import find_non_finite
        from argmap.model.rules import structural_problems

        problems = structural_problems(doc)
        if problems:
            first = problems[0]
            raise _fail(f"argmap.{first.path}: {first.message}", self.path, "argmap",
                        hint="The file's 'argmap' annotations do not match its nodes; remove them to import the graph alone.")
        bad = find_non_finite(doc)
        if bad is not None:
            raise _fail(f"{bad[1]} is not a finite number (JSON has no infinity)", self.path, bad[0],
                        hint="Give a finite number there.")


def _annotation(node: dict[str, Any]) -> dict[str, Any]:
    note = node.get("argmap")
    return note if isinstance(note, dict) else {}


def _edge(eid: Any) -> str:
    return "an edge" if eid is None else f"edge '{eid}'"


def _root_order(node: dict[str, Any]) -> int:
    value = _annotation(node).get("order", 0)
    return value if isinstance(value, int) else 0


def _text(value: Any) -> str:
    return value if isinstance(value, str) else "" if value is None else str(value)


def _scheme(snode: dict[str, Any]) -> str | None:
    for key in ("scheme", "text"):
        name = snode.get(key)
        if isinstance(name, str) and not _DEFAULT_SCHEME.match(name.strip()):
            return name.strip()
    return None


def _free_id(base: str, taken: Any) -> str:
    if base not in taken:
        return base
    i = 2
    while f"{base}-{i}" in taken:
        i += 1
    return f"{base}-{i}"


def _derived_kind(parent_kind: Kind | None, relation: str, is_top: bool) -> Kind:
    if is_top or parent_kind is Kind.QUESTION:
        return Kind.OPTION
    if parent_kind is Kind.SCENARIO:
        return Kind.CONSEQUENCE
    if parent_kind is Kind.NOTE:
        return Kind.NOTE
    return Kind.CON if relation == "CA" else Kind.PRO


def _tree_order(children: dict[str | None, list[str]], root: str | None) -> list[str]:
    """Node ids parents first (kinds are derived from the parent's)."""
    out: list[str] = []
    stack = list(reversed(children.get(root, [])))
    if root is not None:
        stack += list(reversed(children.get(None, [])))
    while stack:
        nid = stack.pop()
        out.append(nid)
        stack.extend(reversed(children.get(nid, [])))
    return out


def _spanning_tree(inodes: list[str], candidates: dict[str, list[tuple[int, str, str]]],
                   types: dict[str, str]) -> tuple[dict[str, str], dict[str, str], dict[str, int], list[str]]:
    """Each I-node's parent and the S-node that hangs it there, and the nodes a cycle of inferences left on top.

    Nodes are taken in file order; each takes its first target that is not in its own
    subtree so far. A union-find keeps each partial tree's root, so the check is near O(1).
    """
    rep = {n: n for n in inodes}
    size = dict.fromkeys(inodes, 1)
    top = {n: n for n in inodes}

    def find(x: str) -> str:
        while rep[x] != x:
            rep[x] = rep[rep[x]]
            x = rep[x]
        return x

    parent: dict[str, str] = {}
    via: dict[str, str] = {}
    via_rank: dict[str, int] = {}
    loops: list[str] = []
    for p in inodes:
        cands = candidates.get(p)
        if not cands:
            continue
        blocked_by_inference = False
        for rank, sid, target in cands:
            if target == p:
                continue
            rt = find(target)
            if top[rt] == p:
                blocked_by_inference = blocked_by_inference or types[sid] == "RA"
                continue
            rp = find(p)
            root = top[rt]
            if size[rp] > size[rt]:
                rp, rt = rt, rp
            rep[rp] = rt
            size[rt] += size[rp]
            top[rt] = root
            parent[p] = target
            via[p] = sid
            via_rank[p] = rank
            break
        else:
            if blocked_by_inference:
                loops.append(p)
    return parent, via, via_rank, loops


# -- writing -----------------------------------------------------------------------------------------

_S_TYPE = {LinkKind.SUPPORTS: "RA", LinkKind.LEADS_TO: "RA", LinkKind.ATTACKS: "CA", LinkKind.UNDERCUTS: "CA",
           LinkKind.CONTRADICTS: "CA", LinkKind.SAME_AS: "MA"}
_S_TEXT = {"RA": "Default Inference", "CA": "Default Conflict", "MA": "Default Rephrase"}


class _Ids:
    """Fresh ids that clash with none taken or kept for reuse."""

    def __init__(self, taken: set[str]) -> None:
        self.taken = taken
        self.counters: dict[str, int] = {}

    def new(self, prefix: str) -> str:
        i = self.counters.get(prefix, 0)
        while True:
            i += 1
            candidate = f"{prefix}{i}"
            if candidate not in self.taken:
                self.counters[prefix] = i
                self.taken.add(candidate)
                return candidate

    def reuse(self, wanted: Any, prefix: str, used: set[str]) -> str:
        wanted = str(wanted) if wanted not in (None, "") else None
        if wanted is not None and wanted not in used:
            used.add(wanted)
            return wanted
        return self.new(prefix)


def _recorded(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def to_aif(doc: Document) -> dict[str, Any]:
    """The map as AIF JSON data: an I-node per node, RA/CA nodes for the tree, an S-node per link."""
    kept = _recorded((doc.__pydantic_extra__ or {}).get("aif"))
    kept_nodes = [n for n in kept.get("nodes", []) if isinstance(n, dict)] if isinstance(kept.get("nodes"), list) else []
    kept_edges = [e for e in kept.get("edges", []) if isinstance(e, dict)] if isinstance(kept.get("edges"), list) else []
    node_ids = {n.id for n in doc.nodes}
    kept_nodes = [n for n in kept_nodes if str(n.get("nodeID")) not in node_ids]
    reserved = node_ids | {str(n.get("nodeID")) for n in kept_nodes}
    for n in doc.nodes:
        reserved.add(str(_recorded((n.__pydantic_extra__ or {}).get("aif_via")).get("nodeID", "")))
    for ln in doc.links:
        reserved.add(str(_recorded((ln.__pydantic_extra__ or {}).get("aif")).get("nodeID", "")))
    ids = _Ids(set(reserved))
    used: set[str] = set(node_ids) | {str(n.get("nodeID")) for n in kept_nodes}
    nodes: list[dict[str, Any]] = []
    edges: list[tuple[str, str]] = []
    for node in doc.nodes:
        data = node.model_dump(mode="json", by_alias=True, exclude_defaults=True)
        own = {k: v for k, v in _recorded(data.get("aif")).items() if k not in ("nodeID", "text", "type", "argmap")}
        note = {k: v for k, v in data.items() if k not in ("id", "text", "parent", "order")}
        if node.parent is None and node.order:
            note["order"] = node.order  # the tree's edges give the order of children, not of top nodes
        nodes.append({**own, "nodeID": node.id, "text": node.text, "type": "I", "argmap": note})
    # The tree: one S-node per child, or per group of children a linked argument joined.
    tree_s: dict[str, str] = {}
    groups: dict[tuple[str, str, str], str] = {}
    for node in doc.walk():
        if node.parent is None:
            continue
        stype = "CA" if node.kind is Kind.CON else "RA"
        via = _recorded((node.__pydantic_extra__ or {}).get("aif_via"))
        key = (str(via.get("nodeID", "")), node.parent, stype)
        if key[0] and key in groups:
            sid = groups[key]
        else:
            sid = ids.reuse(via.get("nodeID"), stype.lower(), used)
            groups[key] = sid
            same = str(via.get("type", "")).upper() == stype
            extra = {k: v for k, v in via.items() if k not in ("nodeID", "type", "argmap")} if same else {}
            nodes.append({**extra, "nodeID": sid, "text": extra.get("text", _S_TEXT[stype]), "type": stype})
            edges.append((sid, node.parent))
        tree_s[node.id] = sid
        edges.append((node.id, sid))
    for link in doc.links:
        data = link.model_dump(mode="json", by_alias=True, exclude_defaults=True)
        note = {k: v for k, v in data.items() if k not in ("from", "to")}
        stype = _S_TYPE[link.kind]
        raw = _recorded((link.__pydantic_extra__ or {}).get("aif"))
        sid = ids.reuse(raw.get("nodeID"), stype.lower(), used)
        target = link.target
        if link.kind is LinkKind.UNDERCUTS and target in tree_s:
            target = tree_s[target]  # AIF's undercut: a conflict aimed at the inference
            note["to"] = link.target
        same = str(raw.get("type", "")).upper() == stype
        extra = {k: v for k, v in raw.items() if k not in ("nodeID", "type", "argmap")} if same else {}
        nodes.append({**extra, "nodeID": sid, "text": extra.get("text", _S_TEXT[stype]), "type": stype,
                      "argmap": {"link": note}})
        edges.append((link.source, sid))
        edges.append((sid, target))
    nodes.extend(kept_nodes)
    present = {str(n["nodeID"]) for n in nodes}
    edge_ids = _Ids({str(e.get("edgeID")) for e in kept_edges})
    out_edges = [{"edgeID": edge_ids.new("e"), "fromID": a, "toID": b} for a, b in edges]
    out_edges += [e for e in kept_edges if str(e.get("fromID")) in present and str(e.get("toID")) in present]
    annotation = {k: v for k, v in doc.dump().items() if k not in ("nodes", "links", "aif")}
    graph: dict[str, Any] = {"nodes": nodes, "edges": out_edges}
    graph.update({k: v for k, v in kept.items() if k not in ("nodes", "edges", "wrapper")})
    graph["argmap"] = annotation
    wrapper = _recorded(kept.get("wrapper"))
    if wrapper:
        key = wrapper.get("_key") if wrapper.get("_key") in ("AIF", "aif") else "AIF"
        return {key: graph, **{k: v for k, v in wrapper.items() if k != "_key"}}
    return graph


def dumps(doc: Document) -> bytes:
    """The map as AIF JSON bytes; DocumentError for what JSON cannot hold (NaN, a lone surrogate)."""
    import json

    from argmap.io import jsondoc
    from argmap.scoring.graph import paused_gc

    jsondoc.dumps(doc)  # refuses, naming the place, what no JSON file can hold
    ids = {n.id for n in doc.nodes}
    for i, link in enumerate(doc.links):
        for end, field in ((link.source, "from"), (link.target, "to")):
            if end not in ids:  # an AIF edge joins two nodes: such a link would be lost
                raise DocumentError(f"'{end}' is not the id of any node; AIF cannot hold a link to or from nothing",
                                    hint="Point the link at a node or remove it, then export again.",
                                    source=SourceRef(json_path=f"links[{i}].{field}"))
    with paused_gc():
        graph = to_aif(doc)
        try:
            _check_depth(graph, None)
        except DocumentError:
            raise DocumentError(f"the map's data would be nested more than {MAX_DEPTH} levels deep in AIF, "
                                "which argmap does not read back",
                                hint="Flatten the deepest values in the map's own fields, then export again.") from None
        return json.dumps(graph, ensure_ascii=False, indent=1, allow_nan=False).encode("utf-8") + b"\n"


def write(doc: Document, path: str | os.PathLike[str]) -> None:
    """Export a map as AIF JSON, atomically."""
    from argmap.io.jsondoc import write_bytes_atomic

    try:
        data = dumps(doc)
    except DocumentError as exc:
        json_path = exc.source.json_path if exc.source else None
        raise DocumentError(exc.message, hint=exc.hint, source=SourceRef(path=str(path), json_path=json_path)) from None
    write_bytes_atomic(data, path)
