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

import math
from dataclasses import dataclass, field, replace
from typing import Any, Sequence

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen, QPolygonF, QTextLayout,
                           QTextOption)

from argmap.model.tour import Tour
from argmap.render import style as S
from argmap.render.edges import make_links
from argmap.render.painter import FONT_FAMILIES, edge_path
from argmap.render.scene import Card, Edge, LinkPath, Rect, Scene, build_scene
from argmap.render.style import Measure

__all__ = ["FONT_PX", "TITLE_PX_1080", "BACKGROUND", "INK", "NEW_COLOR", "Camera", "PresentStep",
           "present_measure", "present_font", "make_step", "min_scale", "camera_for", "paint_step",
           "title_px", "bare_height"]

#: Pixel sizes of the text roles in scene units; 12 is the smallest, so slides can keep all text at 18 pt.
FONT_PX = {"title": 14, "text": 12, "label": 12, "badge": 12, "edge": 12}
_BOLD = frozenset({"title", "label", "badge", "edge"})
#: How tall card titles are on a screen 1080 pixels high (at least; the camera never goes smaller).
TITLE_PX_1080 = 30.0
#: How much closer than the floor the camera may come when the neighbourhood is small.
MAX_ZOOM = 1.3
BACKGROUND = "#ffffff"
INK = "#111418"
NEW_COLOR = "#ff8f00"  # the ring around what this step revealed
COUNTER_COLOR = "#8a8f98"
OUTLINE = 2.5  # card outline, scene units
EDGE_WIDTH = 3.0
BAND_INK = "#ffffff"
#: Darker heads than the canvas's, so white kind labels stay readable on a washed-out projector.
_BANDS = {"consequence": "#8f4f00", "evidence": "#455a64", "note": "#6d5f00"}
_MARGIN = 40.0  # scene units kept around the neighbourhood


# -- fonts and measuring ------------------------------------------------------------------

_fonts: dict[str, QFont] = {}


def present_font(role: str) -> QFont:
    """The presentation's font for a text role, at its scene pixel size."""
    f = _fonts.get(role)
    if f is None:
        f = QFont()
        f.setFamilies(FONT_FAMILIES)
        f.setPixelSize(FONT_PX[role])
        f.setBold(role in _BOLD)
        f.setHintingPreference(QFont.HintingPreference.PreferNoHinting)  # same metrics at every zoom
        _fonts[role] = f
    return f


class _PresentMeasure(Measure):
    """Measures and wraps with the presentation's fonts (QTextLayout, so CJK and bidi text wrap too)."""

    def __init__(self) -> None:
        super().__init__()
        self._metrics = {role: QFontMetricsF(present_font(role)) for role in FONT_PX}
        self._heights = {role: math.ceil(fm.lineSpacing()) for role, fm in self._metrics.items()}

    def line_height(self, role: str) -> float:
        return self._heights[role]

    def _width(self, text: str, role: str) -> float:
        return self._metrics[role].horizontalAdvance(text)

    def _wrap(self, text: str, width: float, role: str) -> list[str]:
        layout = QTextLayout(text, present_font(role))
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        layout.setTextOption(option)
        units = text.encode("utf-16-le")  # Qt counts UTF-16 code units
        out: list[str] = []
        layout.beginLayout()
        line = layout.createLine()
        while line.isValid():
            line.setLineWidth(width)
            a, n = line.textStart(), line.textLength()
            out.append(units[2 * a: 2 * (a + n)].decode("utf-16-le").rstrip())
            line = layout.createLine()
        layout.endLayout()
        return [s for s in out if s] or [""]


_measure: _PresentMeasure | None = None


def present_measure() -> Measure:
    """The shared measure for presentation scenes (its own face cache, apart from the canvas's)."""
    global _measure
    if _measure is None:
        from argmap.render.images import ensure_gui

        ensure_gui()
        _measure = _PresentMeasure()
    return _measure


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
    new = frozenset(visible - before) & scene.by_id.keys()
    return PresentStep(k, n, scene, focus, new, _neighbourhood(scene, focus, new), drawn)


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


def bare_height(face: Any) -> float:
    """A card's height without its badges and score bar."""
    m = present_measure()
    bottom = max((ln.y + m.line_height(ln.role) for ln in face.lines), default=S.BAND_HEIGHT + 6)
    return min(face.h, bottom + 3 + S.PAD - 2)


def _without_numbers(scene: Scene, doc: Any) -> Scene:
    top_down = scene.direction == "top-down"
    cards: list[Card] = []
    bottoms: dict[str, float] = {}
    for c in scene.cards:
        h = bare_height(c.face)
        r = c.rect
        if h >= r.h:
            cards.append(c)
            continue
        y = r.y if top_down else r.y + (r.h - h) / 2  # left-right: keep the centre, where the edges meet
        cards.append(Card(c.id, c.kind, Rect(r.x, y, r.w, h), c.face, c.depth, c.parent))
        bottoms[c.id] = y + h
    by_id = {c.id: c for c in cards}
    edges: list[Edge] = []
    for e in scene.edges:
        if top_down and e.source in bottoms:  # the stem starts at the shrunk card's bottom
            (x, _), rest = e.points[0], e.points[1:]
            e = e._replace(points=((x, bottoms[e.source]),) + tuple(rest))
        edges.append(e)
    bare = replace(scene, cards=cards, by_id=by_id, edges=edges, links=[])
    bare.links = make_links(bare, doc, doc.links) if doc is not None else []
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
        # Too much to see at once: leave out the parent, keep what this step brought.
        r = _box([focus] + _new_children(step.scene, step.focus, step.new)).adjusted(_MARGIN)
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

_colors: dict[str, QColor] = {}


def _color(c: str) -> QColor:
    q = _colors.get(c)
    if q is None:
        q = _colors[c] = QColor(c)
    return q


def _pen(color: str, width: float, style: Qt.PenStyle = Qt.PenStyle.SolidLine) -> QPen:
    pen = QPen(_color(color), width, style)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    return pen


_DASH = {"solid": Qt.PenStyle.SolidLine, "dash": Qt.PenStyle.DashLine, "dot": Qt.PenStyle.DotLine,
         "dashdot": Qt.PenStyle.DashDotLine}


_fms: dict[str, QFontMetricsF] = {}


def _metrics(role: str) -> QFontMetricsF:
    fm = _fms.get(role)
    if fm is None:
        fm = _fms[role] = QFontMetricsF(present_font(role))
    return fm


def _text(painter: QPainter, text: str, role: str, x: float, y: float) -> float:
    """One line with its top-left at (x, y); returns its width."""
    painter.setFont(present_font(role))
    fm = _metrics(role)
    painter.drawText(QPointF(x, y + fm.ascent()), text)
    return fm.horizontalAdvance(text)


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
    painter.fillRect(rect, _color(BACKGROUND))
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    painter.translate(rect.x() + w / 2, rect.y() + h / 2)
    painter.scale(cam.scale, cam.scale)
    painter.translate(-cam.x, -cam.y)
    view = Rect(cam.x - w / 2 / cam.scale, cam.y - h / 2 / cam.scale, w / cam.scale, h / cam.scale)
    scene = step.shown(numbers)
    near = view.adjusted(60)  # room for labels and arrowheads
    _paint_edges(painter, [e for e in scene.edges if _meets(e.points, near)])
    _paint_links(painter, [ln for ln in scene.links if _meets(ln.points, near)])
    for card in scene.cards:
        if card.rect.adjusted(12).intersects(view):
            _paint_card(painter, card, numbers, card.id in step.new)
    painter.restore()
    size = min_scale(w, h) / (TITLE_PX_1080 / FONT_PX["title"]) * 20 if counter_px is None else counter_px
    if size > 0 and step.count:
        painter.save()
        f = QFont(present_font("text"))
        f.setBold(False)
        f.setPixelSize(max(1, round(size)))
        painter.setFont(f)
        painter.setPen(_color(COUNTER_COLOR))
        text = f"{step.index + 1} / {step.count}"
        fm = QFontMetricsF(f)
        tw, th = fm.horizontalAdvance(text), fm.height()
        box = QRectF(rect.right() - tw - size * 1.3, rect.bottom() - th - size * 0.7, tw + size * 0.8, th + size * 0.3)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(_color(BACKGROUND))  # over whatever edge runs through the corner
        painter.drawRoundedRect(box, size * 0.3, size * 0.3)
        painter.setPen(_color(COUNTER_COLOR))
        painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), text)
        painter.restore()
    return cam


def _band(face: Any) -> str:
    return _BANDS.get(face.kind, face.band) if face.band == S.KIND_COLORS.get(face.kind, ("",))[0] else face.band


def _paint_card(painter: QPainter, card: Card, numbers: bool, is_new: bool) -> None:
    r = card.rect
    f = card.face
    rect = QRectF(r.x, r.y, r.w, r.h)
    band = _band(f)
    if is_new:  # a ring outside the card, so the outline itself keeps the kind's colour
        painter.setPen(_pen(NEW_COLOR, 5.0))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(rect.adjusted(-5, -5, 5, 5), 9, 9)
    painter.setPen(_pen(band, OUTLINE))
    painter.setBrush(_color("#ffffff"))
    painter.drawRoundedRect(rect, 6, 6)
    head = QPainterPath()
    head.addRoundedRect(QRectF(r.x, r.y, r.w, S.BAND_HEIGHT + 6), 6, 6)
    clip = QPainterPath()
    clip.addRect(QRectF(r.x, r.y, r.w, S.BAND_HEIGHT))
    painter.fillPath(head.intersected(clip), _color(band))
    painter.setPen(_color(BAND_INK))
    label_h = _metrics("label").height()
    _text(painter, f.kind_label, "label", r.x + S.PAD, r.y + (S.BAND_HEIGHT - label_h) / 2)
    painter.setPen(_color(INK))
    m = present_measure()
    for line in f.lines:
        x = r.x + line.x
        if line.rtl:
            x += line.w - m.width(line.text, line.role)
        _text(painter, line.text, line.role, x, r.y + line.y)
    if not numbers:
        return
    for b in f.badges:
        _paint_badge(painter, r.x + b.x, r.y + b.y, b)
    if f.score_label:
        _paint_score(painter, card)


def _paint_badge(painter: QPainter, x: float, y: float, b: Any) -> None:
    painter.setPen(_pen(b.color, 1.5))
    painter.setBrush(_color(S.tint(b.color, 0.85)))
    painter.drawRoundedRect(QRectF(x, y, b.w, b.h), b.h / 2, b.h / 2)
    painter.setPen(_color(INK))
    text_h = _metrics("badge").height()
    _text(painter, b.text, "badge", x + 5, y + (b.h - text_h) / 2)


def _paint_score(painter: QPainter, card: Card) -> None:
    r = card.rect
    f = card.face
    y = r.y + f.score_y
    painter.setPen(_color(INK))
    text_h = _metrics("badge").height()
    w = _text(painter, f.score_label, "badge", r.x + S.PAD, y + (S.SCORE_HEIGHT - text_h) / 2)
    x0 = r.x + S.PAD + w + 8
    x1 = r.x + r.w - S.PAD
    track = QRectF(x0, y + 4, max(x1 - x0, 10), S.SCORE_HEIGHT - 8)
    painter.setPen(_pen(INK, 1.5))
    painter.setBrush(_color("#ffffff"))
    painter.drawRoundedRect(track, 3, 3)
    if f.score is not None:
        fill = QRectF(track.x(), track.y(), max(track.width() * f.score, 2.0), track.height())
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(_color(f.score_color or f.band))
        painter.drawRoundedRect(fill, 3, 3)


def _paint_edges(painter: QPainter, edges: list[Edge]) -> None:
    painter.setBrush(Qt.BrushStyle.NoBrush)
    for (color, style), path in edge_path(edges).items():
        painter.setPen(_pen(color, EDGE_WIDTH, _DASH.get(style, Qt.PenStyle.SolidLine)))
        painter.drawPath(path)
    for e in edges:
        if e.label:
            # Left to right, a label sits in the gap before its card: keep it clear of the card.
            end = e.points[-1][0] - 4 if e.points[-1][1] == e.label_at[1] else None
            _paint_label(painter, e.label, e.color, e.label_at, end)


def _paint_label(painter: QPainter, text: str, color: str, at: tuple[float, float], end: float | None = None) -> None:
    fm = _metrics("edge")
    w, h = fm.horizontalAdvance(text) + 8, fm.height() + 2
    x = at[0] - w / 2 if end is None else min(at[0] - w / 2, end - w)
    box = QRectF(x, at[1] - h / 2, w, h)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(_color(BACKGROUND))
    painter.drawRoundedRect(box, 4, 4)
    painter.setPen(_color(color))
    _text(painter, text, "edge", box.x() + 4, box.y() + 1)


def _paint_links(painter: QPainter, links: list[LinkPath]) -> None:
    for ln in links:
        p0, c1, c2, p3 = ln.points
        path = QPainterPath(QPointF(*p0))
        path.cubicTo(QPointF(*c1), QPointF(*c2), QPointF(*p3))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(_pen(ln.color, EDGE_WIDTH, _DASH.get(ln.style, Qt.PenStyle.DashLine)))
        painter.drawPath(path)
        if ln.arrow in ("end", "both"):
            _arrow(painter, p3, c2, ln.color)
        if ln.arrow == "both":
            _arrow(painter, p0, c1, ln.color)
        if ln.arrow == "bar":
            dx, dy = p3[0] - c2[0], p3[1] - c2[1]
            d = math.hypot(dx, dy) or 1.0
            ux, uy = dx / d, dy / d
            painter.setPen(_pen(ln.color, 4.0))
            painter.drawLine(QPointF(p3[0] - uy * 10, p3[1] + ux * 10), QPointF(p3[0] + uy * 10, p3[1] - ux * 10))
        if ln.label:
            _paint_label(painter, ln.label, ln.color, ln.label_at)


def _arrow(painter: QPainter, tip: tuple[float, float], frm: tuple[float, float], color: str) -> None:
    dx, dy = tip[0] - frm[0], tip[1] - frm[1]
    d = math.hypot(dx, dy) or 1.0
    ux, uy = dx / d, dy / d
    size = 14.0
    bx, by = tip[0] - ux * size, tip[1] - uy * size
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(_color(color))
    painter.drawPolygon(QPolygonF([QPointF(*tip), QPointF(bx - uy * size * 0.5, by + ux * size * 0.5),
                                   QPointF(bx + uy * size * 0.5, by - ux * size * 0.5)]))
