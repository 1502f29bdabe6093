"""The argument-map document: pydantic models and fast structural look-ups."""

from __future__ import annotations

from enum import Enum
from typing import Any, Iterator, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from argmap.errors import NotFoundError

__all__ = [
    "FORMAT",
    "VERSION",
    "Kind",
    "LinkKind",
    "Source",
    "Perspective",
    "Citation",
    "Node",
    "Link",
    "ImpactScale",
    "ViewSettings",
    "RANKINGS",
    "Distribution",
    "Parameter",
    "NodeValues",
    "Change",
    "Weighing",
    "SkippedFile",
    "Document",
]

FORMAT = "argmap"
#: 2 added weighings (the class's layers of values), `active_weighing` and `author`.
VERSION = 2


class Kind(str, Enum):
    """What a node is in the map."""

    QUESTION = "question"
    OPTION = "option"
    CONSEQUENCE = "consequence"
    SCENARIO = "scenario"
    PRO = "pro"
    CON = "con"
    EVIDENCE = "evidence"
    NOTE = "note"


class LinkKind(str, Enum):
    """The relation a cross-link stands for."""

    SUPPORTS = "supports"
    ATTACKS = "attacks"
    #: Denies the inference of its target, an argument (pro, con or evidence), to the target's
    #: parent, not the target's own claim. An undercutter usually hangs under the argument it
    #: undercuts, and this link says that its tree edge is an undercut rather than an attack.
    UNDERCUTS = "undercuts"
    CONTRADICTS = "contradicts"
    LEADS_TO = "leads_to"
    SAME_AS = "same_as"


_CONFIG = ConfigDict(extra="allow", validate_assignment=True, populate_by_name=True, allow_inf_nan=False)


class Source(BaseModel):
    """A document the map cites."""

    model_config = _CONFIG

    id: str = Field(min_length=1)
    title: str = ""
    author: str = ""
    date: str = ""
    url: str = ""
    text: str | None = None


class Perspective(BaseModel):
    """A party whose interests are weighed."""

    model_config = _CONFIG

    id: str = Field(min_length=1)
    name: str
    weight: float = Field(default=1.0, ge=0)
    color: str = "#808080"


class Citation(BaseModel):
    """An exact quote from a source; start/end are character offsets when known."""

    model_config = _CONFIG

    source: str
    quote: str = Field(min_length=1)
    start: int | None = Field(default=None, ge=0)
    end: int | None = Field(default=None, ge=0)


class Distribution(BaseModel):
    """How an uncertain input is spread, for simulation.

    uniform: low..high; triangular: low, mode, high; beta: alpha, beta over low..high
    (0..1 by default); normal: mean, sd, cut to low..high.
    """

    model_config = _CONFIG

    kind: Literal["uniform", "triangular", "beta", "normal"]
    low: float | None = None
    high: float | None = None
    mode: float | None = None
    alpha: float | None = Field(default=None, gt=0)
    beta: float | None = Field(default=None, gt=0)
    mean: float | None = None
    sd: float | None = Field(default=None, gt=0)


class Node(BaseModel):
    """One claim, option, question, argument or note in the tree."""

    model_config = _CONFIG

    id: str = Field(min_length=1)
    kind: Kind
    title: str | None = None
    text: str = ""
    parent: str | None = None
    order: int = 0
    note: str = ""
    tags: list[str] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)
    likelihood: float | None = Field(default=None, ge=0, le=1)
    remainder: bool = False  # scenario outcome that takes 1 - the others' likelihoods
    impact: dict[str, float] = Field(default_factory=dict)
    strength: float | None = Field(default=None, ge=0, le=1)
    #: Inputs given as arithmetic over the map's parameters: "likelihood", "strength" or
    #: "impact.<perspective>" -> expression. The number in the field is the last value it gave.
    formulas: dict[str, str] = Field(default_factory=dict)
    #: How unsure an input is, for simulation: the same keys as `formulas` -> a distribution.
    uncertainty: dict[str, Distribution] = Field(default_factory=dict)

    @property
    def label(self) -> str:
        """The short title if there is one, else the text."""
        return self.title or self.text


class Link(BaseModel):
    """A cross-link beyond the tree."""

    model_config = _CONFIG

    source: str = Field(alias="from")
    target: str = Field(alias="to")
    kind: LinkKind

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.source, self.target, self.kind.value)


class ImpactScale(BaseModel):
    """The range and unit of impacts in this map."""

    model_config = _CONFIG

    min: float = -10.0
    max: float = 10.0
    unit: str = "points"


#: How options are ranked: by expected impact, by argued support, or by expected impact
#: scaled by argued support (see argmap.scoring.standing).
RANKINGS = ("impact", "support", "impact-scaled")


class Parameter(BaseModel):
    """A named number that inputs can be written in terms of (a price, a rate, a chance)."""

    model_config = _CONFIG

    id: str = Field(min_length=1)
    value: float
    min: float | None = None
    max: float | None = None
    distribution: Distribution | None = None
    note: str = ""


class ViewSettings(BaseModel):
    """How the map is shown; not part of its meaning."""

    model_config = _CONFIG

    direction: Literal["top-down", "left-right"] = "top-down"
    #: "tidy": every card in its tree layer; "compact": leaf siblings packed in columns under
    #: their parent, aiming at a landscape page (bushy maps stop being ribbons).
    layout: Literal["tidy", "compact"] = "tidy"
    #: Levels shown (1 = the question alone); deeper cards are folded. None shows every level.
    fold: int | None = Field(default=None, ge=1, le=99)
    collapsed: list[str] = Field(default_factory=list)
    colors: dict[str, str] = Field(default_factory=dict)


class NodeValues(BaseModel):
    """One weighing's values for one node (None or missing: not weighed in that weighing)."""

    model_config = _CONFIG

    likelihood: float | None = Field(default=None, ge=0, le=1)
    impact: dict[str, float] = Field(default_factory=dict)
    strength: float | None = Field(default=None, ge=0, le=1)


class Change(BaseModel):
    """A change to the map's structure found in one person's copy (a student's), kept as a suggestion."""

    model_config = _CONFIG

    kind: Literal["added", "deleted", "reworded", "moved"]
    node: str = Field(min_length=1)
    #: Where it hangs in that copy (added, moved).
    parent: str | None = None
    #: Words for the report: the new wording, the old and new parent, ...
    detail: str = ""
    #: For "added": the added branch, its root first, as it was in that copy.
    branch: list[Node] = Field(default_factory=list)


class Weighing(BaseModel):
    """A named set of values for the map's inputs: one person's weighing of the same map.

    The map's own node values are the author's weighing. A weighing is a complete
    snapshot: a node it does not list is unweighed in it (see `argmap.model.weighings`).
    """

    model_config = _CONFIG

    id: str = Field(min_length=1)
    #: Who made it: a name, or an anonymous code.
    name: str = ""
    #: When it was made or last changed (ISO 8601).
    made: str = ""
    #: The file it was collected from, for a class map.
    file: str = ""
    values: dict[str, NodeValues] = Field(default_factory=dict)
    #: Perspective id -> weight; a perspective left out keeps the map's weight.
    weights: dict[str, float] = Field(default_factory=dict)
    #: Structural changes found in that person's copy, not merged into the map.
    changes: list[Change] = Field(default_factory=list)


class SkippedFile(BaseModel):
    """A file left out when a class's copies were collected, and why."""

    model_config = _CONFIG

    file: str
    reason: str = ""


class Document(BaseModel):
    """One argument map.

    Node look-ups go through a lazily built index (id -> node, parent -> ordered
    children). Edits that change the tree's structure call `invalidate()`.
    """

    model_config = _CONFIG

    format: Literal["argmap"] = FORMAT
    version: int = Field(default=VERSION, ge=1)
    title: str = ""
    description: str = ""
    question: str | None = None
    sources: list[Source] = Field(default_factory=list)
    perspectives: list[Perspective] = Field(default_factory=list)
    nodes: list[Node] = Field(default_factory=list)
    links: list[Link] = Field(default_factory=list)
    impact_scale: ImpactScale = Field(default_factory=ImpactScale)
    view: ViewSettings = Field(default_factory=ViewSettings)
    #: The presentation's steps: node ids in the order they are revealed (empty: made from the scores).
    tour: list[str] = Field(default_factory=list)
    #: Who made this copy of the map (a student's name in a handed-out copy).
    author: str = ""
    #: A copy handed out to a student: the editor asks for the student's name when it opens.
    handout: bool = False
    #: Other people's weighings of the same map (a class's), besides the author's own values.
    weighings: list[Weighing] = Field(default_factory=list)
    #: The weighing whose values the nodes hold now; None: the author's. While another is
    #: active, the author's values wait in the weighing with id AUTHOR.
    active_weighing: str | None = None
    #: For a class map: the files that could not be collected into it, each with the reason.
    skipped: list[SkippedFile] = Field(default_factory=list)
    #: How options are ranked (one of RANKINGS); a map with no weighed impact ranks by support.
    ranking: Literal["impact", "support", "impact-scaled"] = "impact"
    #: Named numbers that inputs' formulas use.
    parameters: list[Parameter] = Field(default_factory=list)
    #: Fixed choices of later decisions (question id -> option id): evaluate this path, not the best.
    policy: dict[str, str] = Field(default_factory=dict)

    _by_id: dict[str, Node] | None = PrivateAttr(default=None)
    _children: dict[str | None, list[Node]] | None = PrivateAttr(default=None)

    def __eq__(self, other: object) -> bool:
        # The index is a cache: two documents are equal when their data are.
        if not isinstance(other, Document):
            return NotImplemented
        return self.__dict__ == other.__dict__ and self.__pydantic_extra__ == other.__pydantic_extra__

    __hash__ = None  # type: ignore[assignment]

    # -- index ---------------------------------------------------------------

    # The caches live in pydantic's private-attribute dict, read directly: going through
    # attribute access costs a slow fallback on every look-up.

    def invalidate(self) -> None:
        """Forget the index after a structural change the edits do not keep it through."""
        private = self.__pydantic_private__
        private["_by_id"] = None
        private["_children"] = None

    def _index(self) -> dict[str, Node]:
        private = self.__pydantic_private__
        by_id = private["_by_id"]
        if by_id is None:
            by_id = private["_by_id"] = {n.id: n for n in self.nodes}
        return by_id

    def _child_index(self) -> dict[str | None, list[Node]]:
        private = self.__pydantic_private__
        children = private["_children"]
        if children is None:
            children = {}
            for n in self.nodes:
                children.setdefault(n.parent, []).append(n)
            for group in children.values():
                if len(group) > 1:  # a chain has a million groups of one
                    group.sort(key=_order_key)
            private["_children"] = children
        return children

    def _reindex_group(self, parent: str | None, group: list[Node], added: Node | None = None) -> None:
        """Record a sibling group's new order, and a node just added to the document.

        Edits that add or move one node call this instead of `invalidate()`, so the index
        stays current without an O(n) rebuild.
        """
        private = self.__pydantic_private__
        children = private["_children"]
        if children is not None:
            if group:
                children[parent] = group
            else:
                children.pop(parent, None)
        by_id = private["_by_id"]
        if added is not None and by_id is not None:
            by_id[added.id] = added

    # -- look-ups --------------------------------------------------------------

    def has_node(self, node_id: str) -> bool:
        return node_id in self._index()

    def node(self, node_id: str) -> Node:
        """The node with this id, or NotFoundError."""
        try:
            return self._index()[node_id]
        except KeyError:
            raise NotFoundError(f"There is no node with id '{node_id}'.") from None

    def children(self, node_id: str | None) -> list[Node]:
        """The children of a node in sibling order (roots for None). Do not mutate."""
        return self._child_index().get(node_id, [])

    def parent(self, node_id: str) -> Node | None:
        p = self.node(node_id).parent
        return self.node(p) if p is not None else None

    def roots(self) -> list[Node]:
        return self.children(None)

    def root(self) -> Node | None:
        """The question node the map answers, if there is one."""
        if self.question and self.has_node(self.question):
            return self.node(self.question)
        roots = self.roots()
        return roots[0] if roots else None

    def ancestors(self, node_id: str) -> Iterator[Node]:
        """The parent, grandparent, ... of a node (bounded, so a cycle cannot hang it)."""
        index = self._index()
        seen = {node_id}
        current = index[node_id].parent if node_id in index else None
        while current is not None and current in index and current not in seen:
            seen.add(current)
            node = index[current]
            yield node
            current = node.parent

    def walk(self, start: str | None = None) -> Iterator[Node]:
        """Pre-order walk of the subtree at `start` (all roots for None), without recursion."""
        children = self._child_index()
        stack = [self.node(start)] if start is not None else list(reversed(children.get(None, [])))
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(children.get(node.id, [])))

    def subtree_ids(self, node_id: str) -> list[str]:
        return [n.id for n in self.walk(node_id)]

    def depth(self, node_id: str) -> int:
        return sum(1 for _ in self.ancestors(node_id))

    def perspective(self, perspective_id: str) -> Perspective:
        for p in self.perspectives:
            if p.id == perspective_id:
                return p
        raise NotFoundError(f"There is no perspective with id '{perspective_id}'.")

    def source(self, source_id: str) -> Source:
        for s in self.sources:
            if s.id == source_id:
                return s
        raise NotFoundError(f"There is no source with id '{source_id}'.")

    def links_of(self, node_id: str) -> list[Link]:
        return [ln for ln in self.links if ln.source == node_id or ln.target == node_id]

    def new_id(self, prefix: str = "n") -> str:
        """A node id not yet used in this document."""
        index = self._index()
        i = len(index) + 1
        while f"{prefix}{i}" in index:
            i += 1
        return f"{prefix}{i}"

    def find(self, text: str) -> list[Node]:
        """Nodes whose title, text, note or tags contain `text` (case-insensitive), in tree order."""
        needle = text.casefold()
        if not needle:
            return []
        return [
            n
            for n in self.walk()
            if needle in (n.title or "").casefold()
            or needle in n.text.casefold()
            or needle in n.note.casefold()
            or any(needle in t.casefold() for t in n.tags)
        ]

    def normalize_order(self) -> None:
        """Number each sibling group 0..n-1, keeping its current order (stable by list position)."""
        for group in self._child_index().values():
            for i, node in enumerate(group):
                if node.order != i:
                    node.order = i

    def dump(self) -> dict[str, Any]:
        """The document as plain JSON-ready data (aliases, defaults left out)."""
        data = self.model_dump(mode="json", by_alias=True, exclude_defaults=True)
        return {"format": FORMAT, "version": self.version, **data}


def _order_key(node: Node) -> int:
    return node.order
