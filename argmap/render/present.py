"""Presentation mode's look: one step of a tour drawn large and plain (QtGui only, so slides run headless).

A step shows what the tour has revealed so far (`Tour.visible`), laid out by `build_scene`
with the presentation's own fonts, and is seen through a camera centred on the focused
node and its newly revealed neighbourhood. The camera never zooms out so far that card
text gets small: titles stay `TITLE_PX_1080` pixels tall on a 1080-row screen (and in
proportion on others), so a big branch is shown in part, centred on its head.

Numbers (likelihood, strength and impact badges, the options' score bars) can be hidden;
then the cards shrink to their text, so nothing hints at what was left out.

Drawing one step into any paint device::

    step = make_step(doc, scores, steps, k)
    paint_step(painter, QRectF(0, 0, w, h), step, numbers=False)
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Sequence

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QPainter

from argmap.model.tour import Tour
from argmap.render.edges import make_links
from argmap.render.projector import (BACKGROUND, FONT_PX, bare_height, paint_card, paint_counter, paint_edges,
                                     paint_links, present_measure)
from argmap.render.scene import Card, Edge, LinkPath, Rect, Scene, build_scene

__all__ = ["FONT_PX", "TITLE_PX_1080", "Camera", "PresentStep", "make_step", "min_scale", "camera_for",
           "paint_step", "paint_tour_step", "title_px"]

#: How tall card titles are on a screen 1080 pixels high (at least; the camera never goes smaller).
TITLE_PX_1080 = 30.0
#: How much closer than the floor the camera may come when the neighbourhood is small.
MAX_ZOOM = 1.3
_MARGIN = 40.0  # scene units kept around the neighbourhood


# -- steps --------------------------------------------------------------------------------


@dataclass
class PresentStep:
    """What step `index` of a tour shows: the scene, the focused node and the nodes it revealed."""

    index: int
    count: int
    scene: Scene
    focus: str | None
    new: frozenset[str]
    #: The focused card, its parent and the cards it revealed just below it: what the camera looks at.
    neighbourhood: Rect
    doc: Any = field(repr=False, default=None)
    _bare: Scene | None = field(default=None, repr=False)

    def shown(self, numbers: bool) -> Scene:
        """The scene as drawn: with numbers, or with cards shrunk to their text."""
        if numbers:
            return self.scene
        if self._bare is None:
            self._bare = _without_numbers(self.scene, self.doc)
        return self._bare


def _drawn_doc(doc: Any) -> Any:
    """The map with no collapsed branches: a revealed node is never hidden in a folded card."""
    if not doc.view.collapsed:
        return doc
    return doc.model_copy(update={"view": doc.view.model_copy(update={"collapsed": []})})


def make_step(doc: Any, scores: Any, steps: Sequence[str], k: int) -> PresentStep:
    """Step `k` (clamped to the tour) of the tour `steps`; ids missing from the map are skipped."""
    tour = Tour(doc, [s for s in steps if doc.has_node(s)])
    n = len(tour)
    k = max(0, min(k, n - 1)) if n else 0
    drawn = _drawn_doc(doc)
    if n:
        visible = tour.visible(k)
        before = tour.visible(k - 1) if k > 0 else set()
        focus = tour.focus(k)
    else:  # no tour (an empty map): the question alone
        root = doc.root()
        visible, before, focus = ({root.id} if root else set()), set(), (root.id if root else None)
    scene = build_scene(drawn, scores, measure=present_measure(), fold=None, only=visible)
    scene.links = _revealed_links(scene, scene.links)
    new = frozenset(visible - before) & scene.by_id.keys()
    return PresentStep(k, n, scene, focus, new, _neighbourhood(scene, focus, new), drawn)


def _revealed_links(scene: Scene, links: list[LinkPath]) -> list[LinkPath]:
    """The cross-links whose two ends are both revealed.

    (A scene draws a link to a hidden node at its nearest shown ancestor; before a step reveals
    the node that would tell the class something the presenter has not come to yet.)
    """
    return [ln for ln in links if ln.source in scene.by_id and ln.target in scene.by_id]


def _neighbourhood(scene: Scene, focus: str | None, new: frozenset[str]) -> Rect:
    card = scene.by_id.get(focus) if focus else None
    if card is None:
        return scene.bounds
    cards = [card]
    if card.parent is not None and card.parent in scene.by_id:
        cards.append(scene.by_id[card.parent])
    return _box(cards + _new_children(scene, focus, new))


def _new_children(scene: Scene, focus: str | None, new: frozenset[str]) -> list[Card]:
    return [c for c in scene.cards if c.parent == focus and c.id in new]


def _box(cards: Sequence[Card]) -> Rect:
    x0 = min(c.rect.x for c in cards)
    y0 = min(c.rect.y for c in cards)
    x1 = max(c.rect.right for c in cards)
    y1 = max(c.rect.bottom for c in cards)
    return Rect(x0, y0, x1 - x0, y1 - y0)


# -- numbers off: cards shrunk to their text ---------------------------------------------------


def _without_numbers(scene: Scene, doc: Any) -> Scene:
    top_down = scene.direction == "top-down" or scene.layout == "compact"  # compact is drawn top-down
    cards: list[Card] = []
    bottoms: dict[str, float] = {}
    old_bottoms: dict[str, float] = {}
    for c in scene.cards:
        h = bare_height(c.face)
        r = c.rect
        if h >= r.h:
            cards.append(c)
            continue
        y = r.y if top_down else r.y + (r.h - h) / 2  # left-right: keep the centre, where the edges meet
        cards.append(Card(c.id, c.kind, Rect(r.x, y, r.w, h), c.face, c.depth, c.parent))
        bottoms[c.id] = y + h
        old_bottoms[c.id] = r.y + r.h
    by_id = {c.id: c for c in cards}
    edges: list[Edge] = []
    for e in scene.edges:
        if top_down and e.source in bottoms:
            (x, y0), rest = e.points[0], e.points[1:]
            if abs(y0 - old_bottoms[e.source]) < 0.5:  # a stem from the card's bottom: from the shrunk bottom
                e = e._replace(points=((x, bottoms[e.source]),) + tuple(rest))
            elif y0 > bottoms[e.source]:  # a compact bar leaving the card's side below its shrunk bottom
                top = by_id[e.source].rect.y
                y = (top + bottoms[e.source]) / 2
                e = e._replace(points=((x, y),) + tuple((px, y if py == y0 else py) for px, py in rest))
        edges.append(e)
    bare = replace(scene, cards=cards, by_id=by_id, edges=edges, links=[])
    bare.links = _revealed_links(bare, make_links(bare, doc, doc.links)) if doc is not None else []
    return bare


# -- the camera ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Camera:
    """The scene point at the centre of the picture and the device pixels per scene unit."""

    x: float
    y: float
    scale: float

    def toward(self, other: "Camera", t: float) -> "Camera":
        """The camera a fraction `t` of the way to `other` (the scale moves geometrically)."""
        s = self.scale * (other.scale / self.scale) ** t if self.scale > 0 and other.scale > 0 else other.scale
        return Camera(self.x + (other.x - self.x) * t, self.y + (other.y - self.y) * t, s)


def min_scale(width: float, height: float) -> float:
    """The smallest scale for a picture this size: titles `TITLE_PX_1080` tall at 1080 rows, in proportion."""
    return TITLE_PX_1080 / FONT_PX["title"] * min(width / 1920.0, height / 1080.0)


def title_px(camera: Camera) -> float:
    """How tall a card title's font is on the device through this camera."""
    return FONT_PX["title"] * camera.scale


def camera_for(step: PresentStep, width: float, height: float, floor: float | None = None) -> Camera:
    """Where to look for a step: the neighbourhood fitted, but never below the `floor` scale.

    When the neighbourhood does not fit at the floor, the view moves as little as it can from its
    centre while keeping the focused card whole in view.
    """
    floor = min_scale(width, height) if floor is None else floor
    r = step.neighbourhood.adjusted(_MARGIN)
    if r.w <= 0 or r.h <= 0:
        return Camera(0.0, 0.0, floor)
    focus = step.scene.by_id.get(step.focus) if step.focus else None
    if focus is not None and (r.w * floor > width or r.h * floor > height):
        # Too much to see at once: leave out the parent, keep what this step brought (when it
        # brought nothing below the focus, the view leans towards the parent instead).
        below = _new_children(step.scene, step.focus, step.new)
        if below:
            r = _box([focus] + below).adjusted(_MARGIN)
    scale = max(floor, min(width / r.w, height / r.h, floor * MAX_ZOOM))
    cx, cy = r.center
    half_w, half_h = width / scale / 2, height / scale / 2
    if focus is not None:
        f = focus.rect.adjusted(_MARGIN / 2)
        if r.w > 2 * half_w:
            cx = _clamp(cx, f.right - half_w, f.x + half_w)
        if r.h > 2 * half_h:
            cy = _clamp(cy, f.bottom - half_h, f.y + half_h)
    return Camera(cx, cy, scale)


# -- drawing ------------------------------------------------------------------------------

def paint_tour_step(painter: QPainter, rect: QRectF, doc: Any, scores: Any, steps: Sequence[str], k: int,
                    numbers: bool = False) -> Camera:
    """Draw step `k` of the tour `steps` into `rect` in the presentation's theme (see `paint_step`)."""
    return paint_step(painter, rect, make_step(doc, scores, steps, k), numbers)


def _meets(points: Sequence[tuple[float, float]], area: Rect) -> bool:
    """Whether the box around these points meets `area`."""
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    return min(xs) <= area.right and max(xs) >= area.x and min(ys) <= area.bottom and max(ys) >= area.y


def _clamp(v: float, lo: float, hi: float) -> float:
    return lo if hi < lo else min(max(v, lo), hi)


def paint_step(painter: QPainter, rect: QRectF, step: PresentStep, numbers: bool = False,
               camera: Camera | None = None, floor: float | None = None, counter_px: float | None = None) -> Camera:
    """Draw a step into `rect` of the painter's device in the presentation's theme; returns the camera used.

    `floor` is the smallest scale (default: `min_scale` of the rectangle); `counter_px` the size
    of the "4 / 19" counter in the bottom-right corner (0: none; default: in proportion to the rectangle).
    """
    w, h = rect.width(), rect.height()
    cam = camera or camera_for(step, w, h, floor)
    painter.save()
    painter.setClipRect(rect)
    painter.fillRect(rect, QColor(BACKGROUND))
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    painter.translate(rect.x() + w / 2, rect.y() + h / 2)
    painter.scale(cam.scale, cam.scale)
    painter.translate(-cam.x, -cam.y)
    view = Rect(cam.x - w / 2 / cam.scale, cam.y - h / 2 / cam.scale, w / cam.scale, h / cam.scale)
    scene = step.shown(numbers)
    near = view.adjusted(60)  # room for labels and arrowheads
    paint_edges(painter, [e for e in scene.edges if _meets(e.points, near)])
    paint_links(painter, [ln for ln in scene.links if _meets(ln.points, near)])
    for card in scene.cards:
        if card.rect.adjusted(12).intersects(view):
            paint_card(painter, card, numbers, card.id in step.new)
    painter.restore()
    size = min_scale(w, h) / (TITLE_PX_1080 / FONT_PX["title"]) * 20 if counter_px is None else counter_px
    if size > 0 and step.count:
        paint_counter(painter, rect, f"{step.index + 1} / {step.count}", size)
    return cam
