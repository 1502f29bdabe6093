"""What a map looks like, as plain data: cards, tree edges and cross-links, laid out.

`build_scene` turns a Document (and optionally its Scores) into a Scene that the
canvas and the image exporters both draw with `argmap.render.painter`. No Qt here:
text is measured through a `Measure` (the Qt side passes one that asks its fonts;
without one a crude deterministic estimate is used).
"""

from __future__ import annotations

import gc
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, NamedTuple, Sequence

from argmap.render import style as S
from argmap.render.faces import Badge, Face, FaceContext, TextLine, face_key, make_face
from argmap.render.layout import tidy_layout
from argmap.render.style import CrudeMeasure, Measure

__all__ = ["Rect", "Badge", "TextLine", "Face", "Card", "Edge", "LinkPath", "Scene", "build_scene", "default_measure",
           "set_default_measure"]

_LEAF: tuple[str, ...] = ()

#: Space between layers: room for the edges (and, left-right, for their labels).
LAYER_GAP = {"top-down": 56.0, "left-right": 120.0}


class Rect(NamedTuple):
    """An axis-aligned rectangle in scene coordinates."""

    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    @property
    def center(self) -> tuple[float, float]:
        return (self.x + self.w / 2, self.y + self.h / 2)

    def contains(self, px: float, py: float) -> bool:
        return self.x <= px <= self.x + self.w and self.y <= py <= self.y + self.h

    def intersects(self, other: "Rect") -> bool:
        return self.x < other.right and other.x < self.right and self.y < other.bottom and other.y < self.bottom

    def adjusted(self, margin: float) -> "Rect":
        return Rect(self.x - margin, self.y - margin, self.w + 2 * margin, self.h + 2 * margin)


@dataclass(slots=True)
class Card:
    """A node's card: its face and where it is."""

    id: str
    kind: str
    rect: Rect
    face: Face
    depth: int = 0
    parent: str | None = None

    @property
    def title_lines(self) -> list[str]:
        return [ln.text for ln in self.face.lines if ln.role == "title"]

    @property
    def text_lines(self) -> list[str]:
        return [ln.text for ln in self.face.lines if ln.role == "text"]

    @property
    def kind_label(self) -> str:
        return self.face.kind_label

    @property
    def badges(self) -> tuple[Badge, ...]:
        return self.face.badges

    @property
    def hidden_count(self) -> int:
        return self.face.hidden

    @property
    def toggle_rect(self) -> Rect | None:
        """Where the collapse/expand toggle is, in scene coordinates."""
        if not self.face.toggle:
            return None
        r = self.rect
        return Rect(r.x + r.w - S.TOGGLE_SIZE - 4, r.y + (S.BAND_HEIGHT - S.TOGGLE_SIZE) / 2, S.TOGGLE_SIZE, S.TOGGLE_SIZE)


class Edge(NamedTuple):
    """A tree edge from parent to child, as a polyline; `label_at` is where its label is centred."""

    source: str
    target: str
    relation: str
    points: tuple[tuple[float, float], ...]
    color: str
    style: str
    label: str
    label_at: tuple[float, float]


@dataclass(frozen=True, slots=True)
class LinkPath:
    """A cross-link drawn as a cubic curve (start, two control points, end) with arrowheads."""

    source: str
    target: str
    kind: str
    points: tuple[tuple[float, float], ...]
    color: str
    style: str
    arrow: str
    label: str
    label_at: tuple[float, float]


@dataclass
class Scene:
    cards: list[Card] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    links: list[LinkPath] = field(default_factory=list)
    bounds: Rect = field(default_factory=lambda: Rect(0.0, 0.0, 0.0, 0.0))
    direction: str = "top-down"
    root: str | None = None
    by_id: dict[str, Card] = field(default_factory=dict)
    #: The tree edges grouped by parent id (the same Edge objects as in `edges`).
    fans: dict[str, tuple[Edge, ...]] = field(default_factory=dict)
    # What the layout was computed from, so the next build can reuse it (see `previous`).
    _layout_input: tuple | None = field(default=None, repr=False, compare=False)
    _place: Any = field(default=None, repr=False, compare=False)

    def card(self, node_id: str) -> Card | None:
        return self.by_id.get(node_id)

    def card_at(self, x: float, y: float) -> Card | None:
        """The card under a scene point, if any."""
        for card in self.cards:
            if card.rect.contains(x, y):
                return card
        return None


_DEFAULT: Measure | None = None
_DEFAULT_FACTORY: Callable[[], Measure] | None = None


def set_default_measure(factory: Callable[[], Measure] | None) -> None:
    """Make `build_scene` measure with `factory()` when given no measure (the painter sets its Qt one)."""
    global _DEFAULT, _DEFAULT_FACTORY
    _DEFAULT_FACTORY = factory
    _DEFAULT = None


def default_measure() -> Measure:
    """The measure used when none is given: the painter's when it is loaded, else a Qt-free estimate."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = _DEFAULT_FACTORY() if _DEFAULT_FACTORY is not None else CrudeMeasure()
    return _DEFAULT


def _relation(parent_kind: str, child_kind: str) -> str:
    if child_kind == "pro":
        return "supports"
    if child_kind == "con":
        return "attacks"
    if child_kind == "evidence":
        return "evidence"
    if child_kind == "note":
        return "note"
    if child_kind == "option":
        return "answers"
    if child_kind == "question":
        return "raises"
    if parent_kind == "scenario":
        return "outcome"
    return "leads_to"



def build_scene(doc: Any, scores: Any = None, root: str | None = None, measure: Measure | None = None,
                previous: Scene | None = None) -> Scene:
    """Lay out the map (or the branch under `root`) as cards, tree edges and cross-links.

    With `previous` (the scene built before an edit, with the same measure) the layout
    is reused when no card changed size or place in the tree, and every card whose face
    and place are unchanged is the very same Card object, so a view can skip it.
    """
    # The many small objects made here would trigger full collections over the whole
    # document, which cost more than the build itself on a big map: collect afterwards.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _build(doc, scores, root, measure, previous)
    finally:
        if was_enabled:
            gc.enable()


def _build(doc: Any, scores: Any, root: str | None, measure: Measure | None, previous: Scene | None) -> Scene:
    m = measure if measure is not None else default_measure()
    direction = doc.view.direction
    start = doc.node(root) if root is not None else doc.root()
    if start is None:
        return Scene(direction=direction)
    ctx = FaceContext(doc, scores, m)
    collapsed = set(doc.view.collapsed)
    faces: dict[tuple, Face] = m.faces  # type: ignore[assignment]
    if len(faces) > max(100_000, 3 * len(doc.nodes)):  # stale faces of edited nodes pile up
        faces.clear()

    groups = _sibling_groups(doc)
    children: dict[str, Sequence[str]] = {}
    sizes: dict[str, tuple[float, float]] = {}
    face_of: dict[str, Face] = {}
    parent_of: dict[str, str | None] = {start.id: None}
    get_face = faces.get
    stack = [start]
    while stack:
        node = stack.pop()
        nid = node.id
        kids = groups.get(nid)
        if not kids:
            toggle, hidden = "", 0
            children[nid] = _LEAF
        elif nid in collapsed:
            toggle, hidden = "+", _count_below(nid, groups)
            children[nid] = _LEAF
        else:
            toggle, hidden = "-", 0
            ids = [k.id for k in kids]
            children[nid] = ids
            parent_of.update(dict.fromkeys(ids, nid))
            stack.extend(reversed(kids))
        key = face_key(node, ctx, toggle, hidden)
        face = get_face(key)
        if face is None:
            face = faces[key] = make_face(node, ctx, toggle, hidden)
        face_of[nid] = face
        sizes[nid] = face.size

    layout_input = (direction, children, sizes)
    if previous is not None and previous._layout_input == layout_input:
        place = previous._place
    else:
        place = tidy_layout(start.id, children, sizes, direction, layer_gap=LAYER_GAP.get(direction, 56.0))
    scene = Scene(direction=direction, root=start.id, _layout_input=layout_input, _place=place)
    pos = place.pos
    depth = place.depth
    by_id = scene.by_id
    cards = scene.cards
    old = previous.by_id if previous is not None else {}
    for nid, face in face_of.items():  # tree (pre-)order
        x, y = pos[nid]
        card = old.get(nid)
        if card is None or card.face is not face or card.rect.x != x or card.rect.y != y or card.parent != parent_of[nid]:
            card = Card(nid, face.kind, Rect(x, y, face.w, face.h), face, depth[nid], parent_of[nid])
        cards.append(card)
        by_id[nid] = card
    _add_edges(scene, children, place, previous)
    scene.links = _links(scene, doc, doc.links)
    scene.bounds = _bounds(scene, place)
    return scene


def _order(node: Any) -> int:
    return node.order


def _sibling_groups(doc: Any) -> dict[str | None, list[Any]]:
    """Parent id -> children in sibling order, for the whole document at once."""
    # The Document keeps this index (an edit has usually just rebuilt it); asking it
    # per node would cost more than the whole scene can afford at 10,000 nodes.
    index = getattr(doc, "_child_index", None)
    if callable(index):
        return index()
    groups: dict[str | None, list[Any]] = {}
    for n in doc.nodes:
        groups.setdefault(n.parent, []).append(n)
    for g in groups.values():
        g.sort(key=_order)
    return groups


def _count_below(node_id: str, groups: dict[str | None, list[Any]]) -> int:
    count = 0
    stack = list(groups.get(node_id, ()))
    while stack:
        n = stack.pop()
        count += 1
        stack.extend(groups.get(n.id, ()))
    return count


def _add_edges(scene: Scene, children: dict[str, list[str]], place: Any, previous: Scene | None) -> None:
    """Fill `scene.fans` and `scene.edges`, reusing a previous fan when its cards are the same objects."""
    by_id = scene.by_id
    old_fans = previous.fans if previous is not None else {}
    old_cards = previous.by_id if previous is not None else {}
    top_down = scene.direction == "top-down"
    half = LAYER_GAP.get(scene.direction, 56.0) / 2
    styles: dict[tuple[str, str], tuple[str, str, str, str]] = {}
    fans = scene.fans
    edges = scene.edges
    for pid, kids in children.items():
        if not kids:
            continue
        p = by_id[pid]
        fan = old_fans.get(pid)
        if fan is not None and old_cards.get(pid) is p and len(fan) == len(kids):
            for e, cid in zip(fan, kids):
                if e.target != cid or old_cards.get(cid) is not by_id[cid]:
                    fan = None
                    break
        else:
            fan = None
        if fan is None:
            fan = _fan(p, kids, by_id, place.layer_start[p.depth + 1] - half, top_down, half, styles)
        fans[pid] = fan
        edges.extend(fan)


def _fan(p: Card, kids: list[str], by_id: dict[str, Card], mid: float, top_down: bool, half: float,
         styles: dict[tuple[str, str], tuple[str, str, str, str]]) -> tuple[Edge, ...]:
    """The elbow edges from parent card `p` to its children, which meet at `mid` between the layers."""
    out: list[Edge] = []
    append = out.append
    pid = p.id
    pr = p.rect
    pkind = p.kind
    if top_down:
        px = pr.x + pr.w / 2
        a, b = (px, pr.y + pr.h), (px, mid)
    else:
        py = pr.y + pr.h / 2
        a, b = (pr.x + pr.w, py), (mid, py)
    for cid in kids:
        c = by_id[cid]
        cr = c.rect
        st = styles.get((pkind, c.kind))
        if st is None:
            relation = _relation(pkind, c.kind)
            st = styles[(pkind, c.kind)] = (relation, *S.EDGE_STYLES[relation])
        if top_down:
            cx = cr.x + cr.w / 2
            append(Edge(pid, cid, st[0], (a, b, (cx, mid), (cx, cr.y)), st[1], st[2], st[3], (cx, cr.y - half / 2)))
        else:
            cy = cr.y + cr.h / 2
            append(Edge(pid, cid, st[0], (a, b, (mid, cy), (cr.x, cy)), st[1], st[2], st[3], (cr.x - half / 2, cy)))
    return tuple(out)


def _boundary(r: Rect, tx: float, ty: float) -> tuple[float, float]:
    """Where the ray from the centre of `r` towards (tx, ty) leaves `r`."""
    cx, cy = r.center
    dx, dy = tx - cx, ty - cy
    if dx == 0 and dy == 0:
        return cx, cy
    sx = (r.w / 2) / abs(dx) if dx else float("inf")
    sy = (r.h / 2) / abs(dy) if dy else float("inf")
    s = min(sx, sy)
    return cx + dx * s, cy + dy * s


def _shown(scene: Scene, doc: Any, node_id: str) -> Card | None:
    """The card showing a node: its own, or in a collapsed branch the collapsed ancestor's."""
    card = scene.by_id.get(node_id)
    if card is None and doc.has_node(node_id):
        for a in doc.ancestors(node_id):
            card = scene.by_id.get(a.id)
            if card is not None:
                break
    return card


def _links(scene: Scene, doc: Any, links: Iterable[Any]) -> list[LinkPath]:
    out: list[LinkPath] = []
    for ln in links:
        a, b = _shown(scene, doc, ln.source), _shown(scene, doc, ln.target)
        if a is None or b is None or a is b:
            continue
        kind = ln.kind.value if hasattr(ln.kind, "value") else str(ln.kind)
        color, line, arrow, label = S.LINK_STYLES.get(kind, ("#607d8b", "dash", "end", kind))
        (ax, ay), (bx, by) = a.rect.center, b.rect.center
        p0 = _boundary(a.rect, bx, by)
        p3 = _boundary(b.rect, ax, ay)
        dx, dy = p3[0] - p0[0], p3[1] - p0[1]
        dist = max((dx * dx + dy * dy) ** 0.5, 1.0)
        bow = min(0.25 * dist, 160.0)
        nx, ny = -dy / dist * bow, dx / dist * bow  # bend to one side, so a pair of links both ways stays apart
        c1 = (p0[0] + dx / 3 + nx, p0[1] + dy / 3 + ny)
        c2 = (p0[0] + 2 * dx / 3 + nx, p0[1] + 2 * dy / 3 + ny)
        at = (0.125 * p0[0] + 0.375 * (c1[0] + c2[0]) + 0.125 * p3[0],
              0.125 * p0[1] + 0.375 * (c1[1] + c2[1]) + 0.125 * p3[1])
        out.append(LinkPath(ln.source, ln.target, kind, (p0, c1, c2, p3), color, line, arrow, label, at))
    return out


def _bounds(scene: Scene, place: Any) -> Rect:
    x0, y0, x1, y1 = 0.0, 0.0, place.width, place.height
    for ln in scene.links:
        for x, y in ln.points:
            x0, y0, x1, y1 = min(x0, x), min(y0, y), max(x1, x), max(y1, y)
    margin = 24.0
    return Rect(x0 - margin, y0 - margin, x1 - x0 + 2 * margin, y1 - y0 + 2 * margin)
