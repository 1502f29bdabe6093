"""The plain data of a drawn map: rectangles, cards, tree edges, cross-links and the scene (no Qt)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

from argmap.render import style as S
from argmap.render.faces import Face

__all__ = ["Rect", "Card", "Edge", "LinkPath", "Scene"]


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
        r, k = self.rect, getattr(self.face, "scale", 1.0)
        size, band = S.TOGGLE_SIZE * k, S.BAND_HEIGHT * k
        return Rect(r.x + r.w - size - 4 * k, r.y + (band - size) / 2, size, size)


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
    fold: int | None = None  # the levels shown (None: all)
    layout: str = "tidy"
    unfold: frozenset[str] = frozenset()  # cards opened beyond the fold
    far: float = 0.0  # cards show only their title, this many times larger (see build_scene)
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
