"""Every change a user can make, as an edit whose `apply` returns its inverse.

Edits check the model's rules before they touch the document, so a refused
edit leaves it unchanged and raises a RuleError or NotFoundError.
"""

from __future__ import annotations

import ast
import keyword
from dataclasses import dataclass, field
from typing import Any, Protocol

from pydantic import ValidationError

from argmap.errors import NotFoundError, RuleError
from argmap.model.document import Citation, Document, Kind, Link, LinkKind, Node, Parameter, Perspective
from argmap.model.rules import WEIGHTS, check_child, child_problem
from argmap.model.validation import describe

__all__ = [
    "Edit",
    "AddNode",
    "DeleteBranch",
    "RestoreBranch",
    "MoveNode",
    "SetText",
    "SetTitle",
    "SetNote",
    "SetTags",
    "SetKind",
    "SetLikelihood",
    "SetRemainder",
    "SetImpact",
    "SetStrength",
    "AddCitation",
    "RemoveCitation",
    "AddLink",
    "RemoveLink",
    "SetPerspectiveWeight",
    "SetPerspective",
    "AddPerspective",
    "RemovePerspective",
    "SetMapField",
    "SetCollapsed",
    "Batch",
    "SetTour",
    "SetRanking",
    "SetPolicy",
    "AddParameter",
    "SetParameter",
    "RemoveParameter",
    "SetFormula",
    "formula_names",
]


class Edit(Protocol):
    def apply(self, doc: Document) -> "Edit": ...


def _set(obj: Any, name: str, value: Any, what: str) -> Any:
    """Assign a validated field and return the old value; a bad value raises RuleError."""
    old = getattr(obj, name)
    try:
        setattr(obj, name, value)
    except ValidationError as exc:
        raise RuleError(f"{what}: {describe(exc.errors()[0])}.") from None
    return old


def _siblings_without(doc: Document, parent: str | None, node_id: str) -> list[Node]:
    return [n for n in doc.children(parent) if n.id != node_id]


def _place(doc: Document, node: Node, parent: str | None, index: int) -> None:
    """Put `node` under `parent` at sibling `index`, renumbering that sibling group."""
    siblings = _siblings_without(doc, parent, node.id)
    index = max(0, min(index, len(siblings)))
    siblings.insert(index, node)
    if node.parent != parent:
        node.parent = parent
    for i, sib in enumerate(siblings):
        if sib.order != i:
            sib.order = i
    doc._reindex_group(parent, siblings, added=node)


def _unplace(doc: Document, node: Node) -> int:
    """Close the gap `node` leaves among its siblings; returns its old sibling index."""
    siblings = doc.children(node.parent)
    old = next(i for i, s in enumerate(siblings) if s.id == node.id)
    remaining = [s for s in siblings if s.id != node.id]
    for i, sib in enumerate(remaining):
        if sib.order != i:
            sib.order = i
    doc._reindex_group(node.parent, remaining)
    return old


@dataclass(frozen=True)
class AddNode:
    """Add a new node under `node.parent` at sibling `index` (last when None)."""

    node: Node
    index: int | None = None

    def apply(self, doc: Document) -> "DeleteBranch":
        node = self.node.model_copy(deep=True)
        if doc.has_node(node.id):
            raise RuleError(f"A node with id '{node.id}' already exists.")
        if node.parent is None:
            if doc.nodes:
                raise RuleError("The map already has a root question.", hint="Add the node under an existing one.")
            check_child(None, node.kind)
        else:
            check_child(doc.node(node.parent).kind, node.kind)
        doc.nodes.append(node)
        _place(doc, node, node.parent, len(doc.children(node.parent)) if self.index is None else self.index)
        if node.parent is None and doc.question is None:
            doc.question = node.id
        return DeleteBranch(node.id)


@dataclass(frozen=True)
class DeleteBranch:
    """Delete a node, everything under it, and the links that touch them."""

    node_id: str

    def apply(self, doc: Document) -> "RestoreBranch":
        root = doc.node(self.node_id)
        if root.parent is None:
            raise RuleError("The map's question cannot be deleted.", hint="Delete its options instead, or edit its text.")
        ids = set(doc.subtree_ids(self.node_id))
        index = _unplace(doc, root)
        removed = tuple((i, n) for i, n in enumerate(doc.nodes) if n.id in ids)
        doc.nodes[:] = [n for n in doc.nodes if n.id not in ids]
        links = tuple((i, ln) for i, ln in enumerate(doc.links) if ln.source in ids or ln.target in ids)
        if links:
            doc.links[:] = [ln for ln in doc.links if ln.source not in ids and ln.target not in ids]
        question = doc.question if doc.question in ids else None
        if question is not None:
            doc.question = None
        doc.invalidate()
        return RestoreBranch(self.node_id, index, removed, links, question)


@dataclass(frozen=True)
class RestoreBranch:
    """Put back a deleted branch exactly where it was (the inverse of DeleteBranch)."""

    node_id: str
    index: int
    nodes: tuple[tuple[int, Node], ...]
    links: tuple[tuple[int, Link], ...] = ()
    question: str | None = None

    def apply(self, doc: Document) -> DeleteBranch:
        for pos, node in self.nodes:
            doc.nodes.insert(pos, node.model_copy(deep=True))
        for pos, link in self.links:
            doc.links.insert(pos, link.model_copy(deep=True))
        if self.question is not None:
            doc.question = self.question
        doc.invalidate()
        root = doc.node(self.node_id)
        _place(doc, root, root.parent, self.index)
        return DeleteBranch(self.node_id)


@dataclass(frozen=True)
class MoveNode:
    """Reparent and/or reorder: put a node under `parent` at sibling `index`."""

    node_id: str
    parent: str
    index: int | None = None

    def apply(self, doc: Document) -> "MoveNode":
        node = doc.node(self.node_id)
        if node.parent is None:
            raise RuleError("The map's question cannot be moved.")
        new_parent = doc.node(self.parent)
        if new_parent.id == node.id or any(a.id == node.id for a in doc.ancestors(new_parent.id)):
            raise RuleError("A node cannot be moved under itself or its own branch.")
        check_child(new_parent.kind, node.kind)
        old_parent = node.parent
        old_index = _unplace(doc, node)
        siblings = len(_siblings_without(doc, self.parent, node.id))
        _place(doc, node, self.parent, siblings if self.index is None else self.index)
        return MoveNode(self.node_id, old_parent, old_index)


@dataclass(frozen=True)
class _SetNodeField:
    node_id: str
    value: Any
    _field = ""

    def apply(self, doc: Document) -> "_SetNodeField":
        node = doc.node(self.node_id)
        old = _set(node, self._field, _fresh(self.value), f"{self._field} of '{self.node_id}'")
        return type(self)(self.node_id, old)


def _fresh(value: Any) -> Any:
    return list(value) if isinstance(value, (list, tuple)) else value


class SetText(_SetNodeField):
    _field = "text"


class SetTitle(_SetNodeField):
    _field = "title"


class SetNote(_SetNodeField):
    _field = "note"


class SetTags(_SetNodeField):
    _field = "tags"


class SetLikelihood(_SetNodeField):
    _field = "likelihood"


class SetStrength(_SetNodeField):
    _field = "strength"


class SetRemainder(_SetNodeField):
    _field = "remainder"


@dataclass(frozen=True)
class SetKind:
    """Change a node's kind, if its parent and children allow the new kind."""

    node_id: str
    value: Kind

    def apply(self, doc: Document) -> "SetKind":
        node = doc.node(self.node_id)
        kind = Kind(self.value)
        parent = doc.parent(node.id)
        check_child(parent.kind if parent else None, kind)
        for child in doc.children(node.id):
            problem = child_problem(kind, child.kind)
            if problem:
                raise RuleError(f"'{node.id}' cannot become {kind.value}: it has children that {kind.value}s do not take. {problem}")
        old = _set(node, "kind", kind, f"kind of '{node.id}'")
        return SetKind(node.id, old)


@dataclass(frozen=True)
class SetImpact:
    """Set (or clear, with None) a node's impact for one perspective."""

    node_id: str
    perspective: str
    value: float | None

    def apply(self, doc: Document) -> "SetImpact":
        node = doc.node(self.node_id)
        doc.perspective(self.perspective)
        impact = dict(node.impact)
        old = impact.get(self.perspective)
        if self.value is None:
            impact.pop(self.perspective, None)
        else:
            scale = doc.impact_scale
            if not scale.min <= self.value <= scale.max:
                raise RuleError(f"Impact {self.value:g} is outside the map's scale {scale.min:g}..{scale.max:g}.")
            impact[self.perspective] = float(self.value)
        node.impact = impact
        return SetImpact(self.node_id, self.perspective, old)


@dataclass(frozen=True)
class AddCitation:
    """Add a citation to a node at `index` (last when None)."""

    node_id: str
    citation: Citation
    index: int | None = None

    def apply(self, doc: Document) -> "RemoveCitation":
        node = doc.node(self.node_id)
        doc.source(self.citation.source)
        cits = list(node.citations)
        index = len(cits) if self.index is None else self.index
        cits.insert(index, self.citation.model_copy())
        node.citations = cits
        return RemoveCitation(self.node_id, index)


@dataclass(frozen=True)
class RemoveCitation:
    node_id: str
    index: int

    def apply(self, doc: Document) -> AddCitation:
        node = doc.node(self.node_id)
        if not 0 <= self.index < len(node.citations):
            raise NotFoundError(f"Node '{self.node_id}' has no citation {self.index + 1}.")
        cits = list(node.citations)
        old = cits.pop(self.index)
        node.citations = cits
        return AddCitation(self.node_id, old, self.index)


@dataclass(frozen=True)
class AddLink:
    """Add a cross-link at `index` (last when None)."""

    link: Link
    index: int | None = None

    def apply(self, doc: Document) -> "RemoveLink":
        link = self.link
        doc.node(link.source)
        doc.node(link.target)
        if link.source == link.target:
            raise RuleError("A link needs two different nodes.")
        if any(ln.key == link.key for ln in doc.links):
            raise RuleError(f"The link {link.source} -> {link.target} ({link.kind.value}) already exists.")
        index = len(doc.links) if self.index is None else self.index
        doc.links.insert(index, link.model_copy())
        return RemoveLink(link.source, link.target, link.kind)


@dataclass(frozen=True)
class RemoveLink:
    source: str
    target: str
    kind: LinkKind

    def apply(self, doc: Document) -> AddLink:
        key = (self.source, self.target, LinkKind(self.kind).value)
        for i, ln in enumerate(doc.links):
            if ln.key == key:
                del doc.links[i]
                return AddLink(ln, i)
        raise NotFoundError(f"There is no link {self.source} -> {self.target} ({key[2]}).")


@dataclass(frozen=True)
class SetPerspectiveWeight:
    perspective: str
    value: float

    def apply(self, doc: Document) -> "SetPerspectiveWeight":
        p = doc.perspective(self.perspective)
        old = _set(p, "weight", self.value, f"weight of perspective '{p.id}'")
        return SetPerspectiveWeight(p.id, old)


@dataclass(frozen=True)
class SetPerspective:
    """Change a perspective's name or colour."""

    perspective: str
    field: str
    value: str

    def apply(self, doc: Document) -> "SetPerspective":
        if self.field not in ("name", "color"):
            raise RuleError(f"A perspective has no editable field '{self.field}'.")
        p = doc.perspective(self.perspective)
        old = _set(p, self.field, self.value, f"{self.field} of perspective '{p.id}'")
        return SetPerspective(p.id, self.field, old)


@dataclass(frozen=True)
class AddPerspective:
    perspective: Perspective
    index: int | None = None
    impacts: tuple[tuple[str, float], ...] = ()  # restored impacts (node id, value)

    def apply(self, doc: Document) -> "RemovePerspective":
        pid = self.perspective.id
        if any(p.id == pid for p in doc.perspectives):
            raise RuleError(f"A perspective with id '{pid}' already exists.")
        index = len(doc.perspectives) if self.index is None else self.index
        doc.perspectives.insert(index, self.perspective.model_copy())
        for node_id, value in self.impacts:
            node = doc.node(node_id)
            node.impact = {**node.impact, pid: value}
        return RemovePerspective(pid)


@dataclass(frozen=True)
class RemovePerspective:
    """Remove a perspective and every impact given for it."""

    perspective: str

    def apply(self, doc: Document) -> AddPerspective:
        p = doc.perspective(self.perspective)
        index = doc.perspectives.index(p)
        impacts = []
        for node in doc.nodes:
            if p.id in node.impact:
                impacts.append((node.id, node.impact[p.id]))
                node.impact = {k: v for k, v in node.impact.items() if k != p.id}
        del doc.perspectives[index]
        return AddPerspective(p, index, tuple(impacts))


@dataclass(frozen=True)
class SetMapField:
    """Change the map's title or description."""

    field: str
    value: str

    def apply(self, doc: Document) -> "SetMapField":
        if self.field not in ("title", "description"):
            raise RuleError(f"The map has no editable field '{self.field}'.")
        old = _set(doc, self.field, self.value, self.field)
        return SetMapField(self.field, old)


@dataclass(frozen=True)
class SetCollapsed:
    """Collapse or expand a branch in the view."""

    node_id: str
    value: bool

    def apply(self, doc: Document) -> "SetCollapsed":
        doc.node(self.node_id)
        collapsed = list(doc.view.collapsed)
        old = self.node_id in collapsed
        if self.value and not old:
            collapsed.append(self.node_id)
        elif old and not self.value:
            collapsed.remove(self.node_id)
        doc.view.collapsed = collapsed
        return SetCollapsed(self.node_id, old)


@dataclass(frozen=True)
class Batch:
    """Several edits as one; all or none are applied."""

    edits: tuple[Any, ...] = field(default_factory=tuple)

    def apply(self, doc: Document) -> "Batch":
        inverses: list[Any] = []
        try:
            for edit in self.edits:
                inverses.append(edit.apply(doc))
        except Exception:
            for inverse in reversed(inverses):
                inverse.apply(doc)
            raise
        return Batch(tuple(reversed(inverses)))


@dataclass(frozen=True)
class SetTour:
    """Replace the presentation's steps (node ids in the order they are revealed; empty: generated).

    New steps must name nodes of the map, once each. An inverse puts back the old list as it
    was, with any ids of deleted nodes it held (`checked=False`): reading a tour skips them.
    """

    steps: tuple[str, ...]
    checked: bool = True

    def apply(self, doc: Document) -> "SetTour":
        old = tuple(doc.tour)
        if self.checked:
            for i, nid in enumerate(self.steps):
                doc.node(nid)
                if nid in self.steps[:i]:
                    raise RuleError(f"'{nid}' is a step of the tour already.")
        doc.tour = list(self.steps)
        return SetTour(old, checked=False)


@dataclass(frozen=True)
class SetRanking:
    """Choose what the options are ranked by: "impact", "support" or "impact-scaled"."""

    value: str

    def apply(self, doc: Document) -> "SetRanking":
        old = _set(doc, "ranking", self.value, "ranking")
        return SetRanking(old)


@dataclass(frozen=True)
class SetPolicy:
    """Fix the option a later decision takes (None: it takes its best option again)."""

    question_id: str
    option_id: str | None

    def apply(self, doc: Document) -> "SetPolicy":
        question = doc.node(self.question_id)
        if question.kind is not Kind.QUESTION:
            raise RuleError(f"'{self.question_id}' is {question.kind.value}, not a question; only a decision takes a policy.")
        if self.option_id is not None:
            option = doc.node(self.option_id)
            if option.parent != self.question_id or option.kind is not Kind.OPTION:
                raise RuleError(f"'{self.option_id}' is not an option of question '{self.question_id}'.")
        old = doc.policy.get(self.question_id)
        policy = {k: v for k, v in doc.policy.items() if k != self.question_id}
        if self.option_id is not None:
            policy[self.question_id] = self.option_id
        doc.policy = policy
        return SetPolicy(self.question_id, old)


# -- parameters and formulas ---------------------------------------------------------------
# The edits keep the document's structure whole (names, ranges, which formulas read what). Whether a
# formula parses and gives a value in its field's range is the scoring's to say (scoring.formulas).


def formula_names(text: str) -> set[str]:
    """The names a formula reads (none when it does not parse)."""
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError:
        return set()
    return {part.id for part in ast.walk(tree) if isinstance(part, ast.Name)}


def _parameter(doc: Document, pid: str) -> tuple[int, Parameter]:
    for i, p in enumerate(doc.parameters):
        if p.id == pid:
            return i, p
    raise NotFoundError(f"There is no parameter with id '{pid}'.")


def _users(doc: Document, pid: str) -> list[str]:
    """Where formulas read a parameter: "node 'c' likelihood ('1 - p')", in node order."""
    return [f"node '{n.id}' {name} ('{text}')" for n in doc.nodes for name, text in n.formulas.items()
            if pid in formula_names(text)]


def _check_name(doc: Document, pid: str) -> None:
    if not pid.isidentifier() or keyword.iskeyword(pid):
        raise RuleError(f"Parameter name '{pid}' is not a name a formula can use.",
                        hint="Use letters, digits and _, starting with a letter (price, p_win).")
    if any(p.id == pid for p in doc.parameters):
        raise RuleError(f"A parameter named '{pid}' already exists.")


def _check_range(p: Parameter) -> None:
    if p.min is not None and p.max is not None and p.min > p.max:
        raise RuleError(f"Parameter '{p.id}': min {p.min:g} is above max {p.max:g}.")
    if (p.min is not None and p.value < p.min) or (p.max is not None and p.value > p.max):
        lo = "" if p.min is None else f"{p.min:g}"
        hi = "" if p.max is None else f"{p.max:g}"
        raise RuleError(f"Parameter '{p.id}': value {p.value:g} is outside its range {lo}..{hi}.",
                        hint="Change the value or the range.")


def _renamed(text: str, old: str, new: str) -> str:
    """A formula's text with every use of the name `old` written `new` (nothing else touched)."""
    source = text.strip().encode("utf-8")  # ast's column offsets count UTF-8 bytes
    tree = ast.parse(source.decode("utf-8"), mode="eval")
    spots = sorted((part.col_offset, part.end_col_offset) for part in ast.walk(tree)
                   if isinstance(part, ast.Name) and part.id == old)
    for start, end in reversed(spots):
        source = source[:start] + new.encode("utf-8") + source[end:]  # type: ignore[index]
    return source.decode("utf-8")


@dataclass(frozen=True)
class AddParameter:
    """Add a named parameter at `index` (last when None)."""

    parameter: Parameter
    index: int | None = None

    def apply(self, doc: Document) -> "RemoveParameter":
        p = self.parameter.model_copy(deep=True)
        _check_name(doc, p.id)
        _check_range(p)
        index = len(doc.parameters) if self.index is None else self.index
        doc.parameters = [*doc.parameters[:index], p, *doc.parameters[index:]]
        return RemoveParameter(p.id)


@dataclass(frozen=True)
class RemoveParameter:
    """Remove a parameter no formula reads (refused, naming the formulas, while one does)."""

    parameter: str

    def apply(self, doc: Document) -> AddParameter:
        index, p = _parameter(doc, self.parameter)
        users = _users(doc, p.id)
        if users:
            raise RuleError(f"Parameter '{p.id}' cannot be removed: the formula of {users[0]}"
                            + (f" and {len(users) - 1} more" if len(users) > 1 else "") + " reads it.",
                            hint="Change or clear those formulas first.")
        doc.parameters = [q for q in doc.parameters if q.id != p.id]
        return AddParameter(p, index)


_PARAMETER_FIELDS = ("id", "value", "min", "max", "distribution", "note")


@dataclass(frozen=True)
class SetParameter:
    """Change one field of a parameter: "value", "min", "max", "distribution", "note" or "id".

    A new id renames the parameter in every formula that reads it; `formulas` (node id, input,
    text) puts back formulas' exact texts, for the inverse of a rename.
    """

    parameter: str
    field: str
    value: Any
    formulas: tuple[tuple[str, str, str], ...] = ()

    def apply(self, doc: Document) -> "SetParameter":
        if self.field not in _PARAMETER_FIELDS:
            raise RuleError(f"A parameter has no editable field '{self.field}'.",
                            hint="Use one of: " + ", ".join(_PARAMETER_FIELDS) + ".")
        _, p = _parameter(doc, self.parameter)
        if self.field == "id":
            return self._rename(doc, p)
        old = _set(p, self.field, self.value, f"{self.field} of parameter '{p.id}'")
        try:
            _check_range(p)
        except RuleError:
            setattr(p, self.field, old)
            raise
        return SetParameter(p.id, self.field, old)

    def _rename(self, doc: Document, p: Parameter) -> "SetParameter":
        new = str(self.value)
        if new == p.id:
            return SetParameter(p.id, "id", p.id)
        _check_name(doc, new)
        exact = {(nid, name): text for nid, name, text in self.formulas}
        before = []
        for node in doc.nodes:
            if any(p.id in formula_names(text) for text in node.formulas.values()):
                before.extend((node.id, name, text) for name, text in node.formulas.items()
                              if p.id in formula_names(text))
                node.formulas = {name: exact.get((node.id, name)) or
                                 (_renamed(text, p.id, new) if p.id in formula_names(text) else text)
                                 for name, text in node.formulas.items()}
        old = p.id
        p.id = new
        return SetParameter(new, "id", old, tuple(before))


@dataclass(frozen=True)
class SetFormula:
    """Give one input of a node as a formula over the parameters, or clear it (None).

    `field` is "likelihood", "strength" or "impact.<perspective id>"; the node's kind must have it.
    """

    node_id: str
    field: str
    text: str | None

    def apply(self, doc: Document) -> "SetFormula":
        node = doc.node(self.node_id)
        name, _, pid = self.field.partition(".")
        kinds = WEIGHTS.get(name)
        if kinds is None or (name == "impact") != bool(pid):
            raise RuleError(f"'{self.field}' is not an input a formula can give.",
                            hint="Use likelihood, strength or impact.<perspective id>.")
        if node.kind not in kinds:
            raise RuleError(f"node '{node.id}': {node.kind.value} nodes have no {name}.")
        if pid:
            doc.perspective(pid)
        text = (self.text or "").strip() or None
        old = node.formulas.get(self.field)
        formulas = {k: v for k, v in node.formulas.items() if k != self.field or text is not None}
        if text is not None:
            formulas[self.field] = text  # in its old place when it had one
        node.formulas = formulas
        return SetFormula(node.id, self.field, old)
