"""Turn the elements and relations read from an Argdown file into an argmap Document.

What Argdown says and argmap's model does not goes in a node's `argdown` field, for the
export to say it again: `ns` (statement or argument, where the kind implies the other),
`rel` (the relation to the parent, where the kind implies another), `pcs` (the
premise-conclusion structure: item ids, and inferences as `{rules, data}`), `top` (stood
alone beside the question), `section` (the heading it came under, also one of its tags),
`tags: data` (its tags were data, not #tags) and, on a made-up question, `generated`. The
map's strict mode is the document's `argdown: {mode: strict}`. In a file, an element's
`argdown` data may also say `about` (hang under that element: a note) and `leads_to` (ids
of the consequences it leads to); these are read as structure, not kept.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from argmap.errors import ArgdownSyntaxError, Diagnostic, SourceRef
from argmap.io.argdown_write import default_ns, relation_kind
from argmap.model.document import Document, Kind, Link, LinkKind, Node
from argmap.model.rules import structural_problems
from argmap.model.validation import describe

if TYPE_CHECKING:
    from argmap.io.argdown import _Element, _Reader, _Relation

__all__ = ["build_document", "pcs_relations"]

_TREE_KINDS = ("support", "attack", "undercut")
_LINK_KINDS = {"support": LinkKind.SUPPORTS, "attack": LinkKind.ATTACKS,
               "undercut": LinkKind.UNDERCUTS, "contradict": LinkKind.CONTRADICTS}
_KNOWN = {"kind", "id", "title", "text", "note", "tags", "citations", "likelihood", "remainder", "impact",
          "strength", "order"}
_KINDS = ", ".join(k.value for k in Kind)
_LINK_FIELDS = {"from", "to", "kind", "source", "target"}  # given by the relation itself


def _error(reader: "_Reader", message: str, element: "_Element | None", hint: str = "") -> ArgdownSyntaxError:
    line = (element.data_line or element.line) if element else 1
    col = 1 if element is None or element.data_line else element.col
    return ArgdownSyntaxError(message, hint=hint, source=SourceRef(reader.path, line, col))


def _name(element: "_Element") -> str:
    if element.title is None:
        return "an untitled statement" if element.ns == "statement" else "an untitled argument"
    return f"[{element.title}]" if element.ns == "statement" else f"<{element.title}>"


def _move_argument_relations(reader: "_Reader") -> list["_Relation"]:
    """Relations written on an argument with a premise-conclusion structure go to its main conclusion."""
    conclusion = {id(arg): concl for arg, concl in reader.pcs}
    out = []
    for rel in reader.relations:
        if (id(rel.source) in conclusion and not rel.from_pcs and rel.kind in ("support", "attack")
                and rel.target is not conclusion[id(rel.source)]):
            rel.source = conclusion[id(rel.source)]
            if rel.source is rel.target:
                continue
        out.append(rel)
    return out


def _ids(reader: "_Reader") -> dict[int, str]:
    """Node ids: the `id` in the data, else the title, else a generated one; unique."""
    ids: dict[int, str] = {}
    used: set[str] = set()
    for element in reader.order:
        given = element.data.get("id")
        if isinstance(given, (int, float)) and not isinstance(given, bool):
            given = element.data["id"] = f"{given:g}" if isinstance(given, float) else str(given)
        if given is not None:
            if not isinstance(given, str) or not given:
                raise _error(reader, f"The id of {_name(element)} must be non-empty text.", element,
                             "Write it as {id: some-name}.")
            if given in used:
                raise _error(reader, f"Two elements have the id '{given}'.", element, "Give each a unique id.")
            ids[id(element)] = given
            used.add(given)
    counter = 0
    for element in reader.order:
        if id(element) in ids:
            continue
        base = element.title
        if base is None:
            counter += 1
            base = f"{'s' if element.ns == 'statement' else 'a'}{counter}"
        candidate, n = base, 2
        while candidate in used:
            candidate, n = f"{base} ({n})", n + 1
        ids[id(element)] = candidate
        used.add(candidate)
    return ids


def build_document(reader: "_Reader") -> tuple[Document, list[Diagnostic]]:
    relations = _move_argument_relations(reader)
    meta = reader.front.get("argmap")
    exact = isinstance(meta, dict)
    ids = _ids(reader)
    parent: dict[int, tuple["_Element", str]] = {}
    edges: set[tuple[int, int, str]] = set()
    links: list[Link] = []
    children: dict[int, list["_Element"]] = {}
    # The root of each element's tree so far (union-find): an element without a parent may
    # hang under any element outside its own subtree, that is, of another root.
    root: dict[int, int] = {}

    def root_of(element: "_Element") -> int:
        key = id(element)
        path = []
        while key in root:
            path.append(key)
            key = root[key]
        for k in path:
            root[k] = key
        return key

    for rel in relations:
        s, t = rel.source, rel.target
        key = (id(s), id(t), rel.kind)
        if (rel.marker is None and rel.kind in _TREE_KINDS and id(s) not in parent and s is not t
                and root_of(t) != id(s)):
            parent[id(s)] = (t, rel.kind)
            root[id(s)] = root_of(t)
            children.setdefault(id(t), []).append(s)
            edges.add(key)
            if rel.kind == "undercut":  # the tree edge says where it hangs; the link, that it is an undercut
                links.append(Link.model_validate({"from": ids[id(s)], "to": ids[id(t)], "kind": LinkKind.UNDERCUTS}))
            continue
        if s is t and rel.marker is None:
            continue  # a relation of an element to itself says nothing; a marked one is a self-link
        if rel.marker is not None:
            try:
                kind = LinkKind(rel.marker)
            except ValueError:
                raise _error(reader, f"'{rel.marker}' is not a kind of link.", t,
                             "Use one of: " + ", ".join(k.value for k in LinkKind) + ".") from None
        else:
            if key in edges:
                continue  # Argdown merges a relation written twice
            edges.add(key)
            kind = _LINK_KINDS[rel.kind]
        fields = {k: v for k, v in (rel.link_data or {}).items() if k not in _LINK_FIELDS}
        links.append(Link.model_validate({**fields, "from": ids[id(s)], "to": ids[id(t)], "kind": kind}))

    # Elements that stood alone in the file and hang under the question: whether they are marked so.
    attached: dict[int, bool] = {}
    by_id = {ids[id(e)]: e for e in reader.order}
    kept_top: set[int] = set()
    # What argmap writes in an element's data where Argdown has no relation: a note's parent
    # (`about`) and the consequences it leads to (`leads_to`).
    for element in reader.order:
        said = element.data.get("argdown")
        if not isinstance(said, dict) or not ({"about", "leads_to", "kept", "whole"} & said.keys()):
            continue
        said = element.data["argdown"] = dict(said)
        about, leads, kept = said.pop("about", None), said.pop("leads_to", None), said.pop("kept", None)
        if isinstance(kept, dict):  # the element's own keys of these names, set aside on export
            if kept.get("top") is True:
                kept_top.add(id(element))  # its own mark, not one to hang it under the question
            said.update(kept)
        elif kept is not None:
            said["kept"] = kept
        if "whole" in said and len(said) == 1:  # its own data, which is no mapping
            element.data["argdown"] = said.pop("whole")
        elif not said:
            del element.data["argdown"]
        if about is not None:
            target = by_id.get(about) if isinstance(about, str) else None
            if target is None or id(element) in parent or root_of(target) == id(element):
                raise _error(reader, f"The data of {_name(element)} says it is about {about!r}, which is no element "
                             "it can hang under.", element, "Give the id of another element, or remove 'about'.")
            parent[id(element)] = (target, "support")
            root[id(element)] = root_of(target)
            children.setdefault(id(target), []).append(element)
            attached[id(element)] = False
        for target_id in leads if isinstance(leads, list) else [] if leads is None else [leads]:
            if not isinstance(target_id, str) or target_id not in by_id:
                raise _error(reader, f"The data of {_name(element)} says it leads to {target_id!r}, which is no "
                             "element.", element, "Give the id of an element, or remove it from 'leads_to'.")
            links.append(Link.model_validate({"from": ids[id(element)], "to": target_id, "kind": LinkKind.LEADS_TO}))

    diagnostics: list[Diagnostic] = []
    roots = [e for e in reader.order if id(e) not in parent]
    question_node: dict[str, Any] | None = None
    top: list["_Element"] = roots
    if not exact:
        top, question_node = _choose_root(reader, roots, ids, children, diagnostics, attached)
    else:
        top, question_node = _attach_exact(reader, meta, roots, ids, children, attached, kept_top)
    if question_node is not None:
        attached.update((id(e), False) for e in top)

    kinds: dict[int, Kind] = {}
    nodes: dict[int, Node] = {}
    ordered: list[Node] = []
    if question_node is not None:
        try:
            qnode = Node.model_validate(question_node)
        except ValidationError:
            raise ArgdownSyntaxError("The frontmatter's generated_question is not a node.",
                                     hint="Remove generated_question from the frontmatter.",
                                     source=SourceRef(reader.path, 1, 1)) from None
        ordered.append(qnode)
    layouts = {id(arg): [ids[id(x)] if not isinstance(x, dict) else x for x in layout]
               for arg, layout in reader.structures}
    stack: list[tuple["_Element", str | None, Kind | None, str, int]] = []
    for index, element in reversed(list(enumerate(top))):
        parent_id = question_node["id"] if question_node is not None else None
        parent_kind = Kind.QUESTION if question_node is not None else None
        stack.append((element, parent_id, parent_kind, "support", index))
    while stack:
        element, parent_id, parent_kind, relation, index = stack.pop()
        node = _node(reader, element, ids[id(element)], parent_id, parent_kind, relation, index, exact,
                     layouts.get(id(element)), attached.get(id(element)))
        kinds[id(element)] = node.kind
        nodes[id(element)] = node
        ordered.append(node)
        for i, child in reversed(list(enumerate(children.get(id(element), [])))):
            stack.append((child, node.id, node.kind, parent.get(id(child), (None, "support"))[1], i))

    doc_data: dict[str, Any] = {}
    if exact:
        doc_data.update({k: v for k, v in meta.items()
                         if k not in ("node_order", "link_order", "generated_question")})
        link_order = meta.get("link_order")
        if isinstance(link_order, list) and sorted(link_order) == list(range(len(links))):
            links = [links[k] for k in link_order]
        order = meta.get("node_order")
        if isinstance(order, list):
            by_id = {n.id: n for n in ordered}
            if not all(isinstance(i, str) for i in order) or sorted(order) != sorted(by_id):
                raise ArgdownSyntaxError("The frontmatter's node_order does not list the map's nodes.",
                                         hint="Remove node_order from the frontmatter.",
                                         source=SourceRef(reader.path, 1, 1))
            ordered = [by_id[i] for i in order]
    else:
        doc_data["question"] = ordered[0].id if ordered else None
        if _mode(reader.front.get("model")) == "strict":
            doc_data["argdown"] = {"mode": "strict"}
    title = reader.front.get("title")
    doc_data["title"] = str(title) if title is not None else doc_data.get("title", "")
    doc_data["nodes"] = ordered
    doc_data["links"] = links
    try:
        doc = Document.model_validate(doc_data)
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in err["loc"])
        raise ArgdownSyntaxError(f"The frontmatter's argmap data: {where}: {describe(err)}.",
                                 hint="Fix the value in the frontmatter.",
                                 source=SourceRef(reader.path, 1, 1)) from None
    problems = structural_problems(doc)
    if problems:  # what the native reader would refuse once the map is saved
        raise ArgdownSyntaxError(f"The map read from the file has a broken structure: {problems[0]}.",
                                 hint="Fix the frontmatter's argmap data or the elements' {data} blocks.",
                                 source=SourceRef(reader.path, 1, 1))
    return doc, diagnostics


def _mode(model: Any) -> str | None:
    """The frontmatter's `model.mode`, given as a mapping or kept as its raw nested block."""
    if isinstance(model, dict):
        mode = model.get("mode")
        return mode if isinstance(mode, str) else None
    if isinstance(model, str):
        m = re.search(r"^\s*mode\s*:\s*['\"]?(\w+)", model, re.MULTILINE)
        return m.group(1) if m else None
    return None


def pcs_relations(reader: "_Reader", argument: "_Element", steps: list[dict[str, Any]],
                  block: list[tuple[int, str]]) -> None:
    """The relations a premise-conclusion structure stands for, and its layout, recorded on the reader."""
    from argmap.io.argdown import _Relation

    if len(steps) < 2 or "item" not in steps[-1] or "inference" not in steps[-2]:
        # Argdown reports both at the end of the structure's last line.
        line, text = block[-1]
        if steps and "inference" in steps[-1]:
            raise reader.error("An inference line must be followed by a conclusion.", line, len(text) + 1,
                             "Write the conclusion as the next numbered item.")
        raise reader.error("The last item of a premise-conclusion structure must follow an inference line.",
                         line, len(text) + 1, "Put a line '----' before the conclusion.")
    layout: list["_Element | dict[str, Any]"] = []
    for step in steps:
        if "item" in step:
            layout.append(step["item"])
        else:
            layout.append({k: step[k] for k in ("rules", "data") if step[k]})
    reader.structures.append((argument, layout))
    by_number = {s["number"]: s["item"] for s in steps if "item" in s}
    pending: list["_Element"] = []
    for index, step in enumerate(steps):
        if "item" in step:
            pending.append(step["item"])
            continue
        after = steps[index + 1] if index + 1 < len(steps) else {}
        if "item" not in after:
            raise reader.error("An inference line must be followed by a conclusion.", step["line"], 1,
                             "Write the conclusion as the next numbered item.")
        conclusion = after["item"]
        uses = step["data"].get("uses")
        premises = ([by_number[u] for u in uses if not isinstance(u, (list, dict)) and u in by_number]
                    if isinstance(uses, list) else pending)
        is_main = index + 2 == len(steps)
        holder = argument if is_main else conclusion
        if is_main:
            rel = _Relation(argument, conclusion, "support")
            rel.from_pcs = True
            reader.relations.append(rel)
            reader.pcs.append((argument, conclusion))
        for premise in premises:
            if premise is not conclusion and premise is not holder:
                reader.relations.append(_Relation(premise, holder, "support"))
        placeholder = step.get("placeholder")
        for rel in step["relations"]:
            source = holder if rel.source is placeholder else rel.source
            target = holder if rel.target is placeholder else rel.target
            reader.relations.append(_Relation(source, target, rel.kind, rel.marker, link_data=rel.link_data))
        pending = []


def _is_question(element: "_Element") -> bool:
    kind = element.data.get("kind")
    if kind is not None:
        return kind == "question"
    text = (element.texts[0] if element.texts else element.title or "").rstrip()
    return text.endswith("?")


def _attach_exact(reader: "_Reader", meta: dict[str, Any], roots: list["_Element"], ids: dict[int, str],
                  children: dict[int, list["_Element"]], attached: dict[int, bool], kept_top: set[int]):
    """An argmap export's root: its made-up question (kept in the frontmatter), or the elements
    marked as standing alone hung back under its question."""
    made = meta.get("generated_question")
    if isinstance(made, dict):
        return roots, made
    question = next((e for e in roots if ids[id(e)] == meta.get("question")), None)
    if question is None:
        return roots, None
    alone = [e for e in roots if e is not question and id(e) not in kept_top and isinstance(e.data.get("argdown"), dict)
             and e.data["argdown"].get("top") is True]
    children.setdefault(id(question), []).extend(alone)
    attached.update((id(e), True) for e in alone)
    return [e for e in roots if e not in alone], None


def _choose_root(reader: "_Reader", roots: list["_Element"], ids: dict[int, str],
                 children: dict[int, list["_Element"]], diagnostics: list[Diagnostic], attached: dict[int, bool]):
    """The root question: the file's only top-level question, or one made from its title.

    An argmap map answers one question, so the other top-level elements hang under it as its
    options; a question is made up (and said so in a warning and its note) when the file has none.
    """
    questions = [e for e in roots if _is_question(e)]
    if len(questions) == 1:
        root = questions[0]
        others = [e for e in roots if e is not root]
        children.setdefault(id(root), []).extend(others)
        attached.update((id(e), True) for e in others)
        if others:
            diagnostics.append(Diagnostic(
                "warning", ids[id(root)],
                f"hung {_count(others)} that stood alone under the question {_name(root)}, as its options",
                hint="An argmap map answers one question; the export writes them alone again."))
        return [root], None
    title = reader.front.get("title") or reader.first_heading or (
        Path(reader.path).stem if reader.path else "") or "Imported map"
    used = set(ids.values())
    qid, n = "question", 2
    while qid in used:
        qid, n = f"question-{n}", n + 1
    why = "the file has no top-level question" if not questions else f"the file has {len(questions)} top-level questions"
    note = (f"Added on import: {why}, and an argmap map answers one question, "
            "so the file's top-level elements are the options of this one.")
    diagnostics.append(Diagnostic(
        "warning", qid, f"made up the root question '{title}' and hung {_count(roots)} under it, "
        f"as its options: {why}",
        hint="An argmap map answers one question; add one at the top, e.g. '[Q]: What should we do?', "
        "or keep this one (the export leaves it out)."))
    return roots, {"id": qid, "kind": "question", "text": str(title), "note": note, "argdown": {"generated": True}}


def _count(elements: list["_Element"]) -> str:
    return "1 top-level element" if len(elements) == 1 else f"{len(elements)} top-level elements"


def _infer_kind(parent_kind: Kind | None, relation: str) -> Kind:
    if parent_kind is None:
        return Kind.QUESTION
    if parent_kind is Kind.QUESTION:
        return Kind.OPTION
    if parent_kind is Kind.SCENARIO:
        return Kind.CONSEQUENCE
    if parent_kind is Kind.NOTE:
        return Kind.NOTE
    return Kind.PRO if relation == "support" else Kind.CON


def _node(reader: "_Reader", element: "_Element", node_id: str, parent_id: str | None,
          parent_kind: Kind | None, relation: str, index: int, exact: bool,
          layout: list[Any] | None, attached: bool | None) -> Node:
    data = dict(element.data)
    data.pop("id", None)
    kind = data.pop("kind", None)
    if kind is None:
        kind = _infer_kind(parent_kind, relation)
    else:
        try:
            kind = Kind(kind)
        except ValueError:
            raise _error(reader, f"{_name(element).capitalize()} has kind {kind!r}, which is not a kind of node.",
                         element, f"Use one of: {_KINDS}.") from None
    fields: dict[str, Any] = {"id": node_id, "kind": kind, "parent": parent_id, "order": index}
    fields["title"] = element.title
    fields["text"] = element.texts[0] if element.texts else ""
    tags = list(element.tags)
    if element.section and element.section not in tags and not exact:
        tags.append(element.section)
    fields["tags"] = tags
    if len(element.texts) > 1:
        fields["variants"] = element.texts[1:]
    for key, value in data.items():
        fields[key] = value
    try:
        node = Node.model_validate(fields)
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in err["loc"])
        raise _error(reader, f"The data of {_name(element)}: {where}: {describe(err)}.", element,
                     "Fix the value in its {data} block.") from None
    # What Argdown says that argmap's model does not, for the export to say it again: the
    # element's namespace and its relation to its parent where the kind implies others, its
    # premise-conclusion structure, the heading it came under, and that it stood alone.
    extra = node.__pydantic_extra__
    argdown = dict(extra["argdown"]) if isinstance(extra.get("argdown"), dict) else {}
    if element.ns != default_ns(kind):
        argdown["ns"] = element.ns
    if attached:
        argdown["top"] = True
    elif attached is None and parent_id is not None and relation in ("support", "attack") and relation != relation_kind(node):
        argdown["rel"] = relation
    if layout is not None:
        argdown["pcs"] = layout
    if element.section and element.section not in element.tags and not exact:
        argdown["section"] = element.section
    if "tags" in data and not exact:  # Argdown's data, not its #tags: written back as data
        argdown["tags"] = "data"
    if argdown:
        extra["argdown"] = argdown
    return node
